"""One resolution as the linter reads it: its paragraphs with their opening words,
its footnote marks and notes, its citations, from one markdown-it parse.

The parse is the site's own (``site_builder.markdown.make_parser``): the structure
rule classifies the paragraphs and marks each ``inline`` token with ``meta["eid"]``;
here we only read what it produced, plus the italics at the start of each paragraph,
which the plain text of a :class:`~site_builder.model.Paragraph` does not keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.markdown.accel import tokenize
from site_builder.model import Citation, Paragraph, Resolution

#: quotation marks that open or close the paragraphs of a quoted draft (spec: "every
#: paragraph opening with “ and the last closing with ”")
QUOTES = "“”\"'‘’"
#: a footnote definition at the start of a line, as in docs/content-format.md
#: "(a) ...; and" / "; or": the conjunction that may close the last item but one of a list
_CONJUNCTION = re.compile(r"(?<=[;,])\s+(?:and|or)$")
#: what a text ends with when ``_CONJUNCTION`` can match it (``$`` matches before a last newline too)
_CONJUNCTION_ENDS = ("and", "or", "and\n", "or\n")
_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:")


class Para(NamedTuple):
    """A paragraph of the text, with what the drafting checks need (a named tuple: a
    page has dozens, made in the render stage and handed to the checks)."""

    eid: str
    #: "formula", "recital", "para", "point", "conclusions", "p", "draft", "annex", "section"
    kind: str
    num: str
    #: plain text (footnote marks left out), opening and closing quotes kept
    text: str
    line: int
    #: the italic words the paragraph opens with, quotes stripped; None when it opens in roman
    opening: str | None

    @property
    def scope(self) -> str:
        """The eId prefix of its run of paragraphs: "", "draft_1__", "sec_II__", "annex_1__"."""
        if self.kind == "point":
            return self.eid.rsplit("__list_1__point_", 1)[0]
        return self.eid.rsplit("__", 1)[0] + "__" if "__" in self.eid else ""

    @property
    def in_annex(self) -> bool:
        return self.eid.startswith("annex_")

    @property
    def words(self) -> str:
        """The text without the printed number or label and the quotes around it."""
        text = self.text.strip().lstrip(QUOTES + " ")
        text = re.sub(r"^(?:\d{1,3}\.|\([a-z]{1,3}\))\s+", "", text)
        return text.lstrip(QUOTES + " ")

    @property
    def ending(self) -> str:
        """The last punctuation mark, closing quotes and spaces left out ("" for none)."""
        tail = self.text.rstrip(QUOTES + " ")
        if tail.endswith(_CONJUNCTION_ENDS):  # the regex only where it can match: a quick test first
            tail = _CONJUNCTION.sub("", tail)
        tail = tail.rstrip()
        return tail[-1] if tail and not tail[-1].isalnum() else ""


@dataclass(frozen=True)
class Document:
    resolution: Resolution
    paragraphs: tuple[Para, ...]
    citations: tuple[Citation, ...]
    #: footnote marks in reading order: (label, line)
    marks: tuple[tuple[str, int], ...]
    #: footnote notes as written: (label, line)
    notes: tuple[tuple[str, int], ...]


def read(md: MarkdownIt, resolution: Resolution) -> Document:
    """Parse ``resolution`` with the site's parser ``md`` and collect what the checks read."""
    env: dict[str, Any] = {
        "speaker": resolution.body,
        "line_offset": resolution.text_line - 1,
        "problems": [],
        "citations": [],
    }
    tokens = _parse(md, resolution.text, env)
    return from_tokens(resolution, tokens, env.get("paragraphs", []), env.get("citations", []))


def from_tokens(
    resolution: Resolution, tokens: Sequence[Token], paragraphs: Iterable[Paragraph], citations: Iterable[Citation]
) -> Document:
    """What the checks read, from the site parser's tokens of ``resolution`` and the
    paragraphs and citations that parse found: the render stage hands over its own, so
    a build parses each text once (the links' targets, which the render stage resolves,
    are not read here)."""
    offset = resolution.text_line
    openings: dict[str, str | None] = {}
    marks: list[tuple[str, int]] = []
    for token in tokens:
        if token.type != "inline":
            continue
        eid = token.meta.get("eid")
        if not isinstance(eid, str) or eid.startswith("fn_"):
            continue
        openings.setdefault(eid, _opening(token.children or []))
        if "[^" not in token.content:
            continue  # a footnote mark is written "[^label]": no child of this one is a mark
        line = (token.map[0] if token.map else 0) + offset
        for child in token.children or ():
            if child.type == "footnote_ref":
                marks.append((str(child.meta.get("label") or child.meta["id"] + 1), line))
    notes = tuple(
        (m.group(1), offset + n)
        for n, text in enumerate(resolution.text.splitlines())
        if text.startswith("[^") and (m := _DEFINITION.match(text))
    )
    return Document(
        resolution=resolution,
        paragraphs=tuple(Para(p.eid, p.kind, p.num, p.text, p.line, openings.get(p.eid)) for p in paragraphs),
        citations=tuple(citations),
        marks=tuple(marks),
        notes=notes,
    )


def _parse(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token]:
    """The render stage's tokens: ``md.parse`` by the fast path where the text is in its
    subset (the same tokens, about half the time)."""
    return tokenize(md, text, env)


#: inline tokens that carry no words of the text: the printed number and the permalink
#: the structure rule adds, raw HTML, line breaks
_NOT_WORDS = frozenset({"para_num", "permalink", "html_inline", "softbreak"})


def _opening(children: list[Token]) -> str | None:
    """The italic words at the start of a paragraph: ``*Recalling also*`` -> "Recalling also".

    The printed number and permalink (tokens of the structure rule), quotes and
    spaces before the italics are passed over; anything else first means roman."""
    depth = 0
    words: list[str] = []
    for child in children:
        if depth == 0:
            if child.type in _NOT_WORDS:
                continue
            if child.type == "text" and not child.content.strip(QUOTES + " "):
                continue
            if child.type != "em_open":
                return None
            depth = 1
            continue
        if child.type == "em_close":
            break
        if child.type == "text":
            words.append(child.content)
        elif child.type == "softbreak":
            words.append(" ")
    text = " ".join("".join(words).strip(QUOTES + " ,").split())
    return text or None
