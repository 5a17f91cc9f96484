"""The parts of a multi-part resolution written after its number.

Drafting rule (spec, "Multi-part resolutions"): several resolutions adopted under
one number carry a capital letter, A to Z and then two letters (``53/77 AA``), each
a document of its own. A citation may name several parts of one number at once:
``36/87 A and B``, ``36/87 A, B and C``, ``36/87 A to C`` (every part in between is
cited too) and, in the old form, ``3367 A and B (XXX)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from site_builder.numbering import ResolutionNumber, parse_number

_LETTERS = r"[A-Z]{1,2}"
# what joins two parts: ", ", ", and ", " and ", and for a range " to " or a dash
_JOIN = (
    r"(?:[\s\ufffc]*,[\s\ufffc]*(?:and[\s\ufffc]+)?"
    r"|[\s\ufffc]+(?P<word>and|to)[\s\ufffc]+"
    r"|[\s\ufffc]?(?P<dash>[-–])[\s\ufffc]?)"
)
_PLAIN_JOIN = _JOIN.replace("?P<word>", "?:").replace("?P<dash>", "?:")
#: one more part after a number's part: " and B", " to C"
_MORE = re.compile(rf"{_JOIN}(?P<part>{_LETTERS})(?![\w/])")
#: "3367 A and B (XXX)": the parts stand between the number and the session
_ROMAN_PARTS = re.compile(
    rf"(?P<num>\d{{1,5}})\s?(?P<first>{_LETTERS})(?:{_PLAIN_JOIN}{_LETTERS})+"
    r"\s?\((?P<period>(?:E?S-)?[IVXLC]+)\)(?![\w/])"
)

#: a cited part: its span, its number, and the parts a range leaves unwritten before it
Part = tuple[int, int, ResolutionNumber, tuple[ResolutionNumber, ...]]


def part_of(number: ResolutionNumber) -> str:
    """The part letter(s) of ``number`` ("A" of ``36/87 A``), or ""."""
    display = number.display
    if number.form == "roman":
        bits = display.split(" ")
        return bits[1] if len(bits) == 3 else ""
    return display[display.rindex(" ") + 1 :] if display[-1].isalpha() else ""


@lru_cache(maxsize=1024)
def _with_part(number: ResolutionNumber, part: str) -> ResolutionNumber | None:
    """The same number with another part: ``36/87 A`` -> ``36/87 B``."""
    bits = number.display.split(" ")
    text = f"{bits[0]} {part} {bits[-1]}" if number.form == "roman" else f"{bits[0]} {part}"
    return parse_number(text, (number.form,))


def between(first: str, last: str) -> list[str]:
    """The parts a range leaves unwritten: ``A`` to ``D`` -> B, C.

    Only where the sequence is certain: one letter to one letter, or two letters
    that differ in the last ("AA" to "AD"). Elsewhere ("Y to BB") only the written
    ends are cited: a wrong link is worse than a missing one.
    """
    if len(first) != len(last) or first[:-1] != last[:-1] or first[-1] >= last[-1]:
        return []
    return [first[:-1] + chr(c) for c in range(ord(first[-1]) + 1, ord(last[-1]))]


def more_parts(text: str, end: int, number: ResolutionNumber, stop: int | None = None) -> tuple[list[Part], int]:
    """The parts written after ``number`` (which has one) from ``end``; and where they end."""
    parts: list[Part] = []
    last = part_of(number)
    while m := _MORE.match(text, end, len(text) if stop is None else stop):
        letters = m.group("part")
        this = _with_part(number, letters)
        if this is None:
            break
        inner: tuple[ResolutionNumber, ...] = ()
        if m.group("word") == "to" or m.group("dash"):
            found = (_with_part(number, p) for p in between(last, letters))
            inner = tuple(n for n in found if n is not None)
        parts.append((m.start("part"), m.end("part"), this, inner))
        last, end = letters, m.end()
    return parts, end


def roman_parts(text: str, pos: int) -> tuple[list[Part], int]:
    """ "3367 A and B (XXX)" at ``pos``: each part, and the end of the session."""
    m = _ROMAN_PARTS.match(text, pos)
    if m is None:
        return [], pos
    first = parse_number(f"{m.group('num')} {m.group('first')} ({m.group('period')})", ("roman",))
    if first is None:
        return [], pos
    paren = text.rindex("(", pos, m.end())
    more, _ = more_parts(text, m.end("first"), first, stop=paren)
    return [(pos, m.end("first"), first, ()), *more], m.end()
