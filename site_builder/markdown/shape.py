"""What the structure rule (``markdown/structure.py``) recognises a resolution's parts
by, and the state it keeps for each run of paragraphs.

The patterns follow the drafting rules of docs/content-format.md: operative
paragraphs numbered ``6.``, subparagraphs lettered ``(a)`` with ``(i)`` under them,
sections ``I.``/``A.``, annexes, the adoption record (``44th plenary meeting``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from markdown_it.token import Token

from site_builder.markdown.tokens import new_token

QUOTES = "“”\"'‘’"
QUOTES_SPACE = QUOTES + " "
QUOTES_SPACE_COMMA = QUOTES + " ,"
#: "6. ", "“6. " at the start of a paragraph (inside a quoted draft, not a Markdown list)
NUMBERED = re.compile(r"^([“\"]?)(\d{1,3})\.\s+")
#: "(a) ", "(ii) ", "“(b) "
POINT = re.compile(r"^([“\"]?)\(([a-z]{1,2}|[ivxlc]+)\)\s+")
#: a section heading: its number (roman or a capital letter) and its title
SECTION = re.compile(r"^([IVXLC]+|[A-Z])(?:\.\s*(.*)|\s*)$")
ANNEX = re.compile(r"^Annex(?:\s+([IVXLC]+|\d+|[A-Z]))?\b", re.IGNORECASE)
#: the adoption record: "44th plenary meeting" (GA, ECOSOC), "21st meeting" (HRC), or the
#: Security Council's sentence "Adopted [unanimously] by the Security Council at its 9000th
#: meeting, on ..." (an adverb of manner may stand between "Adopted" and "by")
_ADOPTION = re.compile(
    r"^\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|^Adopted\s+(?:[a-z]+ly\s+)?(?:by|at)\s+.*\bmeeting\b",
    re.IGNORECASE,
)
#: the adoption record after any opening quotes and spaces, as on the text with those
#: stripped, without the copy (neither alternative starts with a quote or a space)
ADOPTION_QUOTED = re.compile(
    "[" + re.escape(QUOTES + " ") + "]*(?:" + _ADOPTION.pattern.replace("^", "") + ")", re.IGNORECASE
)
ROMAN_LABEL = re.compile(r"^[ivxlc]+$")

#: the names of the paragraph kinds, for permalink labels read out by screen readers
KIND_NAMES = {
    "formula": "formula",
    "recital": "preambular paragraph",
    "para": "paragraph",
    "point": "subparagraph",
    "p": "paragraph",
    "conclusions": "adoption record",
}


@dataclass
class Scope:
    """A run of paragraphs with one id prefix: the resolution, a draft, a section, an annex."""

    prefix: str
    speaker: str | None
    in_annex: bool = False
    zone: str = "start"  # "start" -> "preamble" -> "operative" -> "closing"
    recitals: int = 0
    unnumbered: int = 0
    plain: int = 0
    #: the paragraph subparagraphs attach to, and the points under it
    anchor_para: str | None = None
    points: list[tuple[str, str]] = field(default_factory=list)  # (label, eid) of the open levels
    wrapper: Token | None = None  # the open zone wrapper (preamble/operative div)
    roman_top: bool = False  # the first level of points counts (i), (ii), ...

    def anchor_at(self, eid: str) -> None:
        """Subparagraphs that follow attach to ``eid``."""
        self.anchor_para, self.points, self.roman_top = eid, [], False


def block_token(type_: str, tag: str, nesting: Literal[-1, 1]) -> Token:
    """A wrapper token; ``block`` makes the renderer end its tag with a newline."""
    return new_token(type_, tag, nesting, block=True)


def plain_text(inline: Token) -> str:
    """The words of an inline token: its text and code, a line break as a space,
    runs of white space as one space."""
    parts = []
    for child in inline.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            parts.append(child.content)
        elif kind == "softbreak" or kind == "hardbreak":
            parts.append(" ")
    return " ".join("".join(parts).split())
