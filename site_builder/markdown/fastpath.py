"""A fast tokenizer for the regular subset of Markdown that resolution texts use.

``fast_tokens(md, src, env)`` returns the token stream that ``make_parser``'s
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
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace, mdTrim
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import index as footnote_index

__all__ = ["core_rules_after_inline", "fast_tokens", "parse_fast"]

#: characters outside the subset anywhere in the text (tabs, CR, NUL, other controls too)
_REFUSED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f_`<&!|]")
#: where the inline scanner has something to do; everything else is plain text
_INLINE_SPECIAL = re.compile(r"[\n\\*\[\]]")
#: the same, and the other characters where markdown-it's inline rules are tried: the
#: footnote plugin's ``footnote_ref`` rule creates ``env["footnotes"]`` when it is tried
#: three or more characters before the end, whatever it finds there
_INLINE_SPECIAL_UNTOUCHED = re.compile(r"[\n\\*\[\]#$%+\-:=>@^{}~]")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?= |$)")
#: a line that could start a block when it follows a paragraph line (or be a setext
#: underline / thematic break): refused rather than modelled
_BLOCKISH = re.compile(r"[>#=+\-]|\[\^|\*(?: |$)|\d+[.)](?: |$)")
_LABEL = re.compile(r"[A-Za-z0-9.\-]+")
_REF = re.compile(r"\[\^([A-Za-z0-9.\-]+)\]")
#: markdown-it's escape rule: these characters lose their backslash
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_BLOCK_RULES = ["blockquote", "list", "footnote_def", "heading", "paragraph"]
_INLINE_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "footnote_ref", "entity"]
_INLINE_RULES2 = ["balance_pairs", "emphasis", "fragments_join"]

CoreRule = Callable[[StateCore], None]
_COMPATIBLE: weakref.WeakKeyDictionary[MarkdownIt, tuple[CoreRule, ...] | None] = weakref.WeakKeyDictionary()


_new_token = Token.__new__


def _token(
    type_: str, tag: str, nesting: Literal[-1, 0, 1], level: int, content: str = "", block: bool = False
) -> Token:
    """``Token(type_, tag, nesting, level=level, content=content, block=block)``,
    without the dataclass machinery (a page makes a few hundred)."""
    token = _new_token(Token)
    token.type = type_
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = level
    token.children = None
    token.content = content
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


class _Refused(Exception):
    """The text leaves the subset: use markdown-it."""


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


def parse_fast(src: str, env: dict[str, Any]) -> list[Token] | None:
    """The subset's tokenizer itself (no check of the parser's configuration)."""
    if _REFUSED.search(src) is not None:
        return None
    try:
        parser = _Parser(src)
        if parser.nmax == parser.skip_empty(0):
            return None  # nothing but blank lines: markdown-it's own business
        parser.tokenize(0, parser.nmax, 0)
        parser.inline_all()
    except _Refused:
        return None
    if parser.footnotes_touched:
        env["footnotes"] = parser.footnotes
    return parser.tokens


def _lines(src: str) -> list[str]:
    """Lines as markdown-it's StateBlock sees them (no tabs here)."""
    lines = src.split("\n")
    if src.endswith("\n"):
        lines.pop()
    elif lines and lines[-1].strip(" ") == "":
        lines.pop()  # a last line of only spaces with no newline gets no marker
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Parser:
    def __init__(self, src: str) -> None:
        self.lines = _lines(src)
        self.ind = [_indent(line) for line in self.lines]
        self.nmax = len(self.lines)
        self.tokens: list[Token] = []
        self.level = 0
        self.line = 0
        self.tight = False
        self.in_quote = False
        self.in_item = False
        self.in_note = False
        self.footnotes: dict[str, Any] = {"refs": {}, "list": {}}
        self.footnotes_touched = False

    # ----- block level: markdown-it's ParserBlock.tokenize and the rules it tries -----

    def empty(self, line: int) -> bool:
        return self.ind[line] >= len(self.lines[line])

    def skip_empty(self, line: int) -> int:
        while line < self.nmax and self.ind[line] >= len(self.lines[line]):
            line += 1
        return line

    def push(self, type_: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if nesting < 0:
            self.level -= 1
        token = _token(type_, tag, nesting, self.level, block=True)
        if nesting > 0:
            self.level += 1
        self.tokens.append(token)
        return token

    def tokenize(self, start: int, end: int, blk: int) -> None:
        line = start
        has_empty = False
        while line < end:
            line = self.line = self.skip_empty(line)
            if line >= end or self.ind[line] < blk:
                break
            self.block(line, end, blk)
            self.tight = not has_empty
            line = self.line
            if line - 1 < end and self.empty(line - 1):
                has_empty = True
            if line < end and self.empty(line):
                has_empty = True
                line += 1
                self.line = line

    def block(self, line: int, end: int, blk: int) -> None:
        ind = self.ind[line]
        if ind - blk >= 4:
            raise _Refused("indented code")
        text = self.lines[line][ind:]
        first = text[0]
        if first == ">":
            self.blockquote(line, end, blk)
            return
        marker = _ORDERED.match(text)
        if marker is not None:
            self.ordered_list(line, end, blk, marker)
            return
        if first in "-+" or text.startswith("* ") or text == "*":
            raise _Refused("bullet list")
        if text.startswith("[^") and self.footnote_def(line, end, blk, text):
            return
        if first == "#":
            self.heading(line, blk, text)
            return
        self.paragraph(line, blk)

    def blockquote(self, line: int, end: int, blk: int) -> None:
        if self.in_quote or self.in_item or self.in_note or blk or self.ind[line]:
            raise _Refused("nested block quote")
        lines, ind = self.lines, self.ind
        stop = line
        while stop < end and not self.empty(stop):
            if lines[stop][0] != ">":  # indented '>' or a lazy continuation line
                raise _Refused("lazy block quote line")
            stop += 1
        saved = lines[line:stop], ind[line:stop]
        for i in range(line, stop):
            inner = lines[i][2:] if lines[i].startswith("> ") else lines[i][1:]
            lines[i] = inner
            ind[i] = _indent(inner)
        token = self.push("blockquote_open", "blockquote", 1)
        token.markup = ">"
        token.map = span = [line, 0]
        self.in_quote = True
        self.tokenize(line, stop, 0)
        self.in_quote = False
        token = self.push("blockquote_close", "blockquote", -1)
        token.markup = ">"
        span[1] = self.line
        lines[line:stop], ind[line:stop] = saved

    def ordered_list(self, line: int, end: int, blk: int, marker: re.Match[str]) -> None:
        if self.in_item or self.in_note or blk or self.ind[line]:
            raise _Refused("nested list")
        lines, ind = self.lines, self.ind
        if marker.group(2) != ".":
            raise _Refused("N) list")
        value = int(marker.group(1))
        list_index = len(self.tokens)
        token = self.push("ordered_list_open", "ol", 1)
        if value != 1:
            token.attrs = {"start": value}
        token.map = list_span = [line, 0]
        token.markup = "."
        tight = True
        prev_empty_end = False
        start = line
        while True:
            text = lines[start]
            after = marker.end()
            if len(text) <= after + 1 or text[after + 1] == " ":
                raise _Refused("empty list item or a wide marker")
            content_indent = after + 1
            token = self.push("list_item_open", "li", 1)
            token.markup = "."
            token.map = item_span = [start, 0]
            token.info = marker.group(1)
            old_tight = self.tight
            lines[start] = " " * content_indent + text[content_indent:]
            ind[start] = content_indent
            self.tight = True
            self.in_item = True
            self.tokenize(start, end, content_indent)
            self.in_item = False
            if not self.tight or prev_empty_end:
                tight = False
            prev_empty_end = self.line - start > 1 and self.empty(self.line - 1)
            lines[start] = text
            ind[start] = 0
            self.tight = old_tight
            token = self.push("list_item_close", "li", -1)
            token.markup = "."
            start = self.line
            item_span[1] = start
            if start >= end:
                break
            following = lines[start][ind[start] :]
            if following.startswith(">"):
                break  # a block quote ends the list
            marker_next = _ORDERED.match(following)
            if marker_next is None:
                break
            if marker_next.group(2) != "." or ind[start]:
                raise _Refused("list marker change or indented item")
            marker = marker_next
        token = self.push("ordered_list_close", "ol", -1)
        token.markup = "."
        list_span[1] = start
        self.line = start
        if tight:  # markTightParagraphs
            level = self.level + 2
            tokens = self.tokens
            i = list_index + 2
            length = len(tokens) - 2
            while i < length:
                if tokens[i].level == level and tokens[i].type == "paragraph_open":
                    tokens[i + 2].hidden = True
                    tokens[i].hidden = True
                    i += 2
                i += 1

    def footnote_def(self, line: int, end: int, blk: int, text: str) -> bool:
        # markdown-it's footnote_def test first: "[^label]:" with no space in the label
        if len(text) < 4:
            return False
        close = text.find("]", 2)
        space = text.find(" ", 2)
        if close <= 2 or (0 <= space < close) or close + 1 >= len(text) or text[close + 1] != ":":
            return False
        label = text[2:close]
        if self.in_quote or self.in_item or self.in_note or blk or self.ind[line]:
            raise _Refused("nested footnote")
        if _LABEL.fullmatch(label) is None:
            raise _Refused("unusual footnote label")
        rest = text[close + 2 :]
        spaces = _indent(rest)
        if spaces > 3 or spaces == len(rest):
            raise _Refused("empty or indented footnote")
        self.footnotes["refs"][":" + label] = -1
        self.footnotes_touched = True
        open_token = Token("footnote_reference_open", "", 1)
        open_token.meta = {"label": label}
        open_token.level = self.level
        self.level += 1
        self.tokens.append(open_token)
        lines, ind = self.lines, self.ind
        saved = lines[line]
        lines[line] = "    " + rest[spaces:]
        ind[line] = 4
        self.in_note = True
        self.tokenize(line, end, 4)
        self.in_note = False
        lines[line] = saved
        ind[line] = 0
        open_token.map = [line, self.line]
        close_token = Token("footnote_reference_close", "", -1)
        self.level -= 1
        close_token.level = self.level
        self.tokens.append(close_token)
        return True

    def heading(self, line: int, blk: int, text: str) -> None:
        if self.in_item or self.in_note or blk or self.ind[line]:
            raise _Refused("nested heading")
        hashes = len(text) - len(text.lstrip("#"))
        if hashes > 6 or len(text) <= hashes + 1 or text[hashes] != " ":
            raise _Refused("not a plain ATX heading")
        body = text[hashes:].rstrip(" ")
        if body.endswith("#"):
            raise _Refused("closing sequence")
        content = mdTrim(body)
        if not content:
            raise _Refused("empty heading")
        self.line = line + 1
        tag = f"h{hashes}"
        token = self.push("heading_open", tag, 1)
        token.markup = "#" * hashes
        token.map = [line, line + 1]
        token = self.push("inline", "", 0)
        token.content = content
        token.map = [line, line + 1]
        token.children = []
        token = self.push("heading_close", tag, -1)
        token.markup = "#" * hashes

    def paragraph(self, line: int, blk: int) -> None:
        lines, ind = self.lines, self.ind
        nxt = line + 1
        nmax = self.nmax
        while nxt < nmax:
            indent = ind[nxt]
            text = lines[nxt]
            if indent >= len(text):
                break
            if indent < blk or indent - blk > 3:
                raise _Refused("lazy or deeply indented continuation line")
            if _BLOCKISH.match(text, indent) is not None:
                raise _Refused("a continuation line that may start a block")
            nxt += 1
        # getLines: every line here is indented at least ``blk`` columns (spaces only)
        parts = [text[blk:] for text in lines[line:nxt]] if blk else lines[line:nxt]
        content = mdTrim("\n".join(parts))
        self.line = nxt
        token = self.push("paragraph_open", "p", 1)
        token.map = [line, nxt]
        token = self.push("inline", "", 0)
        token.content = content
        token.map = [line, nxt]
        token.children = []
        self.push("paragraph_close", "p", -1)

    # ----- inline level: markdown-it's ParserInline on each inline token, in order -----

    def inline_all(self) -> None:
        for token in self.tokens:
            if token.type == "inline":
                token.children = self.inline(token.content)

    def inline(self, src: str) -> list[Token]:
        out: list[Token] = []
        pending: list[str] = []
        delims: list[tuple[int, bool, bool]] = []
        pos = 0
        end = len(src)
        search = (_INLINE_SPECIAL if self.footnotes_touched else _INLINE_SPECIAL_UNTOUCHED).search
        while pos < end:
            found = search(src, pos)
            if found is None:
                pending.append(src[pos:])
                break
            at = found.start()
            if at > pos:
                pending.append(src[pos:at])
            ch = src[at]
            if ch == "\n":
                text = "".join(pending)
                if text.endswith(" "):
                    if text.endswith("  "):
                        text = text.rstrip(" ")
                        kind = "hardbreak"
                    else:
                        text = text[:-1]
                        kind = "softbreak"
                else:
                    kind = "softbreak"
                if text:
                    out.append(_token("text", "", 0, 0, text))
                pending = []
                out.append(_token(kind, "br", 0, 0))
                pos = at + 1
                while pos < end and src[pos] == " ":
                    pos += 1
            elif ch == "\\":
                if at + 1 >= end:
                    pending.append("\\")
                    pos = at + 1
                    continue
                nxt = src[at + 1]
                if pending:
                    out.append(_token("text", "", 0, 0, "".join(pending)))
                    pending = []
                if nxt == "\n":
                    out.append(_token("hardbreak", "br", 0, 0))
                    pos = at + 2
                    while pos < end and src[pos] == " ":
                        pos += 1
                    continue
                orig = "\\" + nxt
                token = _token("text_special", "", 0, 0, nxt if nxt in _ESCAPABLE else orig)
                token.markup = orig
                token.info = "escape"
                out.append(token)
                pos = at + 2
            elif ch == "*":
                if at + 1 < end and src[at + 1] == "*":
                    raise _Refused("** run")
                last = src[at - 1] if at > 0 else " "
                following = src[at + 1] if at + 1 < end else " "
                can_open, can_close = _flanking(last, following)
                if can_open == can_close:
                    raise _Refused("a * that both opens and closes, or neither")
                if pending:
                    out.append(_token("text", "", 0, 0, "".join(pending)))
                    pending = []
                delims.append((len(out), can_open, can_close))
                out.append(_token("text", "", 0, 0, "*"))
                pos = at + 1
            elif ch == "[":
                ref = _REF.match(src, at)
                if ref is None or (ref.end() < end and src[ref.end()] == "("):
                    raise _Refused("a bracket that is not a footnote mark")
                label = ref.group(1)
                if pending:
                    out.append(_token("text", "", 0, 0, "".join(pending)))
                    pending = []
                token = _token("footnote_ref", "", 0, 0)
                token.meta = self.mark(label)
                out.append(token)
                pos = ref.end()
            elif ch == "]":
                raise _Refused("a stray ]")
            else:  # no rule takes it: text; but footnote_ref was tried there
                if at + 3 <= end:
                    self.footnotes_touched = True
                    search = _INLINE_SPECIAL.search
                pending.append(ch)
                pos = at + 1
        if pending:
            out.append(_token("text", "", 0, 0, "".join(pending)))
        if delims:
            self.emphasis(out, delims)
        return out

    def mark(self, label: str) -> dict[str, Any]:
        """footnote_ref's bookkeeping: ids in order of first mark, counts per label."""
        self.footnotes_touched = True
        refs: dict[str, int] = self.footnotes["refs"]
        notes: dict[int, dict[str, Any]] = self.footnotes["list"]
        key = ":" + label
        note_id = refs.get(key, -1)
        if note_id < 0:
            note_id = len(notes)
            notes[note_id] = {"label": label, "count": 0}
            refs[key] = note_id
        sub_id = notes[note_id]["count"]
        notes[note_id]["count"] += 1
        return {"id": note_id, "subId": sub_id, "label": label}

    @staticmethod
    def emphasis(out: list[Token], delims: list[tuple[int, bool, bool]]) -> None:
        """balance_pairs + emphasis + fragments_join, for openers and closers in turn."""
        if len(delims) % 2:
            raise _Refused("unclosed emphasis")
        for k in range(0, len(delims), 2):
            if not delims[k][1] or not delims[k + 1][2]:
                raise _Refused("emphasis out of turn")
        for k in range(0, len(delims), 2):
            opener = out[delims[k][0]]
            opener.type, opener.tag, opener.nesting, opener.markup, opener.content = "em_open", "em", 1, "*", ""
            closer = out[delims[k + 1][0]]
            closer.type, closer.tag, closer.nesting, closer.markup, closer.content = "em_close", "em", -1, "*", ""
            for i in range(delims[k][0] + 1, delims[k + 1][0]):
                out[i].level = 1


_FLANKING: dict[tuple[str, str], tuple[bool, bool]] = {}


def _flanking(last: str, following: str) -> tuple[bool, bool]:
    """StateInline.scanDelims for one ``*`` (which may split words): (can open, can close)."""
    key = (last, following)
    known = _FLANKING.get(key)
    if known is None:
        known = _FLANKING[key] = _scan_flanking(last, following)
        if len(_FLANKING) > 4096:
            _FLANKING.clear()
    return known


def _scan_flanking(last: str, following: str) -> tuple[bool, bool]:
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
    last_space = isWhiteSpace(ord(last))
    next_space = isWhiteSpace(ord(following))
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    return left, right
