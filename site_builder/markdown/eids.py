"""Anchors in the AKN eId grammar: unique within a text, and the nesting of
subparagraphs (``para_6__list_1__point_a__list_1__point_ii``)."""

from __future__ import annotations

from markdown_it.token import Token

from site_builder.markdown.shape import QUOTES_SPACE, QUOTES_SPACE_COMMA, ROMAN_LABEL, Scope


class Eids:
    """The eIds given so far in one text; a repeat gets ``_2``, ``_3``..."""

    def __init__(self, problems: list[tuple[int, str, bool]], line_offset: int) -> None:
        self.used: set[str] = set()
        self.problems = problems
        self.line_offset = line_offset

    def unique(self, eid: str, line_token: Token | None = None, what: str = "") -> str:
        """``eid``, or the next free ``eid_N``; a repeated ``what`` is warned about."""
        if eid not in self.used:
            self.used.add(eid)
            return eid
        if line_token is not None and what:
            line = (line_token.map[0] if line_token.map else 0) + self.line_offset + 1
            self.problems.append((line, f"{what} appears twice; the second gets another anchor", False))
        n = 2
        while f"{eid}_{n}" in self.used:
            n += 1
        self.used.add(f"{eid}_{n}")
        return f"{eid}_{n}"

    def point(self, scope: Scope, label: str) -> tuple[str, str]:
        """The point's eId and its parent's: letters make the first level; roman numerals
        nest under the letter before them, except that (i) right after (h) is the letter i."""
        assert scope.anchor_para is not None
        levels = scope.points
        roman = bool(ROMAN_LABEL.match(label))
        top = levels[0][0] if levels else None
        top_is_letters = bool(levels) and not scope.roman_top
        next_letter = top is not None and len(label) == 1 and len(top) == 1 and ord(label) == ord(top) + 1
        if roman and levels and top_is_letters and not next_letter:
            parent_label, parent_eid = levels[0]
            eid = self.unique(f"{parent_eid}__list_1__point_{label}")
            scope.points = [(parent_label, parent_eid), (label, eid)]
            return eid, parent_eid
        if not levels:
            scope.roman_top = roman and label == "i"
        eid = self.unique(f"{scope.anchor_para}__list_1__point_{label}")
        scope.points = [(label, eid)]
        return eid, scope.anchor_para


def formula_body(inline: Token, text: str, formulas: dict[str, str]) -> str | None:
    """The body key when the paragraph is a formula ("" for an unknown body):
    "*The General Assembly*," in italics, a body's name after "The"."""
    first = next((c for c in inline.children or () if c.type != "softbreak"), None)
    if first is None or first.type != "em_open":
        return None
    words = text.strip(QUOTES_SPACE_COMMA).rstrip(",").strip(QUOTES_SPACE)
    # lowercasing maps each character to one or more: the first 8 decide the first 4
    if not words[:8].lower().startswith("the ") or len(words.split()) > 12:
        return None
    tail = text.rstrip(QUOTES_SPACE)
    if not (tail.endswith(",") or tail == text.strip(QUOTES_SPACE)):
        return None
    return formulas.get(words.lower(), "")
