"""The fast path's block level: markdown-it's ParserBlock.tokenize and the rules it
tries, for the subset's blocks; then the inline level on every inline token."""

from __future__ import annotations

import re
from typing import Any, Literal

from markdown_it.common.utils import mdTrim
from markdown_it.token import Token

from site_builder.markdown.accel.common import (
    _BLOCKISH,
    _LABEL,
    _ORDERED,
    _REFUSED,
    _indent,
    _lines,
    _Refused,
    _token,
)
from site_builder.markdown.accel.inline import InlineScanner


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


class _Parser(InlineScanner):
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
