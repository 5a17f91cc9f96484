"""The records the importer passes between its stages.

A form reader turns a source file into :class:`Piece` records (one per
resolution) made of :class:`Para` paragraphs in plain text; the shared stages
then classify, restore and render them. Inline marks travel in the text as
private-use characters so that escaping never touches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: emphasis known from the source (the Official Records keep their italics)
EM_OPEN = "\ue000"
EM_CLOSE = "\ue001"
#: a footnote mark: NOTE_OPEN + label + NOTE_CLOSE
NOTE_OPEN = "\ue002"
NOTE_CLOSE = "\ue003"
NOTE_MARK = re.compile(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}")


def note_mark(label: str) -> str:
    return f"{NOTE_OPEN}{label}{NOTE_CLOSE}"


def shown(value: object, limit: int = 60) -> str:
    """A value quoted for a message, cut short: messages never print a raw
    (possibly huge) value."""
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[:limit] + "…")


def plain(text: str) -> str:
    """The text without any inline marks."""
    return NOTE_MARK.sub("", text).replace(EM_OPEN, "").replace(EM_CLOSE, "")


@dataclass
class Para:
    """One paragraph of source text, with the source line it starts on."""

    text: str
    line: int
    #: what the reader already knows: "annex", "section", "heading" or ""
    hint: str = ""


@dataclass
class Note:
    label: str
    text: str
    line: int


@dataclass
class Problem:
    line: int
    message: str
    error: bool = True


@dataclass
class Piece:
    """One resolution (or the part of one) as read from a source file."""

    symbol: str | None
    #: body key when the source says it (the symbol's prefix, --body); else from the formula
    body: str | None = None
    title: str | None = None
    #: the title words as printed in the source, for the coverage check
    title_printed: str = ""
    title_line: int = 0
    line: int = 1
    meta: dict[str, Any] = field(default_factory=dict)
    paras: list[Para] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    #: the source's text words (furniture excluded) with their lines
    words: list[tuple[str, int]] = field(default_factory=list)
    #: each footnote's words as the source divides its notes (one entry per printed
    #: note start), for the per-note check that no two notes were merged
    note_words: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: labels of notes whose mark was not found in the text (kept, marked at a guess)
    unplaced: list[str] = field(default_factory=list)
    #: True when the source kept its italics (nothing to restore)
    italics_known: bool = False
    #: True when the source writes footnote marks explicitly (no bare digits to find)
    marks_explicit: bool = False
    problems: list[Problem] = field(default_factory=list)
    #: editor's notes known before the text is classified: ("title", "restored-title")
    editorial: list[tuple[str, str]] = field(default_factory=list)

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message, error=False))

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message, error=True))


@dataclass
class Source:
    """A source file read and recognised."""

    display: str
    text: str
    lines: list[str]
    form: str
    pieces: list[Piece] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
