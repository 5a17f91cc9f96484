"""A fast tokenizer for the regular subset of Markdown that resolution texts use.

``tokenize(md, src, env)`` is the one entry point: ``md.parse(src, env)``, by the
fast path when the text is in its subset. The fast path (``fast_tokens(md, src,
env)``) returns the token stream that ``make_parser``'s
parser leaves after its ``normalize``, ``block`` and ``inline`` core stages (the
footnote plugin's ``env["footnotes"]`` included), token for token: the same types,
tags, nesting, attrs, maps, levels, markup, info, meta, children, ``block`` and
``hidden`` flags. The core rules that follow (footnote check and tail, structure,
text join, citations), the renderer and the AKN export then run unchanged on it.

It knows only this subset, and returns ``None`` (the caller then uses
``md.parse``) for anything else, checked conservatively before a token is kept:

* blocks: paragraphs; ``#``..``######`` headings at the left margin (no closing
  ``#``); top-level ordered lists ``6. text`` (one space after ``N.``) whose items
  hold paragraphs indented to the item's text; ``> `` block quotes at the top
  level holding any of these (every line of the quote starts with ``>``);
  footnote definitions ``[^label]: text`` at the top level;
* inline: text, single ``*`` emphasis that opens and closes in turn (no nesting,
  no ``**``, no ``*`` that can both open and close), ``[^label]`` marks, backslash
  escapes, soft and hard line breaks (two trailing spaces, or ``\\``).

Refused (``None``): tabs, CR, NUL and other control characters; ``_``, backtick,
``<``, ``&``, ``!``, ``|``; any ``[``/``]`` that is not a footnote mark; bullet
lists, ``N)`` lists, list items without text or with more than one space after the
marker, nested blocks in list items; lazy continuation lines; a paragraph line
that would start a block (``>``, ``#``, a list marker, ``[^x]``, ``=``, ``-``,
``+``); lines indented four or more columns beyond their container; a block
quote inside anything; an empty document.

It reproduces markdown-it-py's and mdit-py-plugins' tokens, so both are pinned in
``pyproject.toml`` to the versions ``tests/test_fastpath.py`` proves it equal to;
``LATEST_MARKDOWN_IT=1 bash .ci/run`` runs that test against their newest releases
(in a separate environment) before a pin is moved. Modules: ``blocks`` (the block
level and ``parse_fast``), ``inline`` (the inline level), ``common`` (shared pieces).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.text_join import text_join
from markdown_it.token import Token
from mdit_py_plugins.footnote import index as footnote_index

from site_builder.markdown.accel.blocks import parse_fast

__all__ = ["core_rules_after_inline", "fast_tokens", "parse_fast", "tokenize"]

_BLOCK_RULES = ["blockquote", "list", "footnote_def", "heading", "paragraph"]
_INLINE_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "footnote_ref", "entity"]
_INLINE_RULES2 = ["balance_pairs", "emphasis", "fragments_join"]

CoreRule = Callable[[StateCore], None]
_COMPATIBLE: weakref.WeakKeyDictionary[MarkdownIt, tuple[CoreRule, ...] | None] = weakref.WeakKeyDictionary()


def _active(ruler: Any) -> list[str]:
    return [rule.name for rule in ruler.__rules__ if rule.enabled]


def core_rules_after_inline(md: MarkdownIt) -> tuple[CoreRule, ...] | None:
    """The core rules to run on the fast path's tokens, or ``None`` when ``md`` is
    not configured as ``make_parser`` configures it (then the fast path is off)."""
    try:
        return _COMPATIBLE[md]
    except KeyError:
        pass
    rules: tuple[CoreRule, ...] | None = None
    options = md.options
    core = [rule for rule in md.core.ruler.__rules__ if rule.enabled]
    footnote_ref = next((r.fn for r in md.inline.ruler.__rules__ if r.name == "footnote_ref"), None)
    footnote_def = next((r.fn for r in md.block.ruler.__rules__ if r.name == "footnote_def"), None)
    if (
        not options.get("html")
        and not options.get("typographer")
        and not options.get("breaks")
        and not options.get("linkify")
        and not options.get("tasklists")
        and not options.get("alerts")
        and int(options.get("maxNesting", 0)) >= 10
        and _active(md.block.ruler) == _BLOCK_RULES
        and _active(md.inline.ruler) == _INLINE_RULES
        and _active(md.inline.ruler2) == _INLINE_RULES2
        and [rule.name for rule in core[:3]] == ["normalize", "block", "inline"]
        and isinstance(footnote_ref, partial)
        and footnote_ref.func is footnote_index.footnote_ref
        and footnote_ref.keywords == {"always_match": True}
        and footnote_def is footnote_index.footnote_def
    ):
        rules = tuple(rule.fn for rule in core[3:])
    _COMPATIBLE[md] = rules
    return rules


def fast_tokens(md: MarkdownIt, src: str, env: dict[str, Any]) -> list[Token] | None:
    """The tokens ``md`` would have after its ``inline`` core stage, or ``None`` when
    ``md`` or ``src`` is outside the subset. ``env`` is changed only on success."""
    if core_rules_after_inline(md) is None or "footnotes" in env or "references" in env:
        return None
    return parse_fast(src, env)


def tokenize(md: MarkdownIt, src: str, env: dict[str, Any]) -> list[Token]:
    """``md.parse(src, env)``, by the fast path when ``src`` is in its subset: its
    tokens stand for markdown-it's block and inline stages, and the core rules that
    follow them (footnotes, structure, text join, citations) run on them as usual."""
    rules = core_rules_after_inline(md)
    if rules is not None and "footnotes" not in env and "references" not in env:
        tokens = parse_fast(src, env)
        if tokens is not None:
            state = StateCore(src, md, env, tokens)
            # text_join turns escapes (text_special) into text and joins them to the text
            # around them; the fast path makes no other neighbouring text tokens, so a
            # source without a backslash leaves it nothing to do
            escapes = "\\" in src
            for rule in rules:
                if escapes or rule is not text_join:
                    rule(state)
            return state.tokens
    return md.parse(src, env)
