"""Footnotes that keep the source's own labels: ``[^75]`` shows 75.

Parsing is mdit-py-plugins' footnote plugin; this module replaces its render
rules so that ids are built from the label (``fn_75``, ``fnref_75``,
``fnref_75_2``), prefixed with ``env["docId"]`` when several resolutions share a
page, and checks for marks without a note and notes never marked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def footnote_id(label: str, env: EnvType) -> str:
    """``fn_75``; with a page-level ``docId``: ``e-2003-22__fn_75``."""
    return _prefix(env) + "fn_" + _UNSAFE.sub("-", label)


def footnote_ref_id(label: str, sub_id: int, env: EnvType) -> str:
    suffix = f"_{sub_id + 1}" if sub_id else ""
    return _prefix(env) + "fnref_" + _UNSAFE.sub("-", label) + suffix


def _prefix(env: EnvType) -> str:
    doc_id = env.get("docId")
    return f"{doc_id}__" if isinstance(doc_id, str) and doc_id else ""


def footnotes_plugin(md: MarkdownIt) -> None:
    # always_match_refs: a mark with no note still becomes a token, so we can report it
    md.use(footnote_plugin, inline=False, move_to_end=True, always_match_refs=True)
    md.core.ruler.before("footnote_tail", "footnote_check", _check_footnotes)
    md.add_render_rule("footnote_ref", _render_ref)
    md.add_render_rule("footnote_block_open", _render_block_open)
    md.add_render_rule("footnote_block_close", _render_block_close)
    md.add_render_rule("footnote_open", _render_open)
    md.add_render_rule("footnote_close", _render_close)
    md.add_render_rule("footnote_anchor", _render_anchor)


def _check_footnotes(state: StateCore) -> None:
    """Runs before the plugin moves the notes to the end and drops unused ones."""
    data = state.env.get("footnotes")
    if not data:
        return
    problems: list[tuple[int, str, bool]] = state.env.setdefault("problems", [])
    def_lines: dict[str, int] = {}
    for token in state.tokens:
        if token.type == "footnote_reference_open" and token.map:
            def_lines.setdefault(token.meta["label"], token.map[0])
    for key, ref_id in data["refs"].items():
        label = key[1:]
        if ref_id == -1:
            line = def_lines.get(label, 0)
            problems.append((line, f"footnote {label} is never marked in the text", True))
    for note in data["list"].values():
        label = note.get("label")
        if label is not None and label not in def_lines:
            line = _first_mark_line(state.tokens, label)
            problems.append((line, f"footnote mark [^{label}] has no note ([^{label}]: ...)", True))


def _first_mark_line(tokens: Sequence[Token], label: str) -> int:
    for token in tokens:
        if token.type == "inline" and token.children and token.map:
            for child in token.children:
                if child.type == "footnote_ref" and child.meta.get("label") == label:
                    return token.map[0]
    return 0


def _label(token: Token) -> str:
    return str(token.meta.get("label") or token.meta["id"] + 1)


def _render_ref(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    label = _label(token)
    href = footnote_id(label, env)
    ref_id = footnote_ref_id(label, token.meta["subId"], env)
    text = escapeHtml(label)
    return (
        f'<sup class="fn-ref"><a href="#{href}" id="{ref_id}" role="doc-noteref" '
        f'aria-label="Footnote {text}">{text}</a></sup>'
    )


def _render_block_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return '<ol class="footnote-list">\n'


def _render_block_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return "</ol>\n"


def _render_open(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    label = _label(tokens[idx])
    return f'<li class="footnote" id="{footnote_id(label, env)}"><span class="fn-label">{escapeHtml(label)}</span>'


def _render_close(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return "</li>\n"


def _render_anchor(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    label = _label(token)
    sub_id = token.meta["subId"]
    ref_id = footnote_ref_id(label, sub_id, env)
    which = f" {sub_id + 1}" if sub_id else ""
    mark = "↩" + (f"<sup>{sub_id + 1}</sup>" if sub_id else "")
    return (
        f' <a href="#{ref_id}" class="fn-back" role="doc-backlink" '
        f'aria-label="Back to mark{which} of footnote {escapeHtml(label)}">{mark}</a>'
    )
