"""Resolution numbers as cited in text, and the official symbols made from them.

The numbering forms of the spec (``../shared/spec/resolutions.md``):

=============  ==================  ===================
form           cited as            number in a symbol
=============  ==================  ===================
session        ``57/173``,         ``57/173``,
               ``68/247 B``,       ``68/247B``,
               ``S-10/2``          ``S-10/2``
year           ``2003/22``         ``2003/22``
number-year    ``1373 (2001)``     ``1373(2001)``
roman          ``2625 (XXV)``,     ``2625(XXV)``,
               ``3367 A (XXX)``    ``3367A(XXX)``
=============  ==================  ===================

Which forms a body uses is configuration (``site.yaml``); this module only knows
the shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMS = ("session", "year", "number-year", "roman")

_ROMAN = r"[IVXLC]+"
_PATTERNS: dict[str, re.Pattern[str]] = {
    # 57/173, 68/247 B, 53/77 AA, S-10/2, ES-11/1; a session has at most three digits.
    # The parts of a multi-part resolution run A to Z, then two letters (AA ...)
    "session": re.compile(r"(?:(?P<special>E?S)-)?(?P<session>\d{1,3})/(?P<num>\d{1,4})(?:\s?(?P<part>[A-Z]{1,2}))?"),
    # 2003/22, 1996/31 (a four-digit year from 1946 on)
    "year": re.compile(r"(?P<year>19[4-9]\d|2\d\d\d)/(?P<num>\d{1,4})(?:\s?(?P<part>[A-Z]{1,2}))?"),
    # 1373 (2001)
    "number-year": re.compile(r"(?P<num>\d{1,5})\s?\((?P<year>19[4-9]\d|2\d\d\d)\)"),
    # 2625 (XXV), 3367 A (XXX), 3201 (S-VI)
    "roman": re.compile(
        rf"(?P<num>\d{{1,5}})(?:\s?(?P<part>[A-Z]{{1,2}}))?\s?\((?P<special>E?S-)?(?P<roman>{_ROMAN})\)"
    ),
}


def pattern(form: str) -> re.Pattern[str]:
    """The regular expression (unanchored) that matches a number of ``form``."""
    return _PATTERNS[form]


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(roman: str) -> int:
    total = 0
    previous = 0
    for ch in reversed(roman):
        value = _ROMAN_VALUES[ch]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def ordinal(n: int) -> str:
    """21 -> "21st", 112 -> "112th": meetings and sessions as the documents number them."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class ResolutionNumber:
    """A parsed resolution number, independent of the body that adopted it."""

    form: str
    #: as printed in running text: ``68/247 B``, ``1373 (2001)``
    display: str
    #: as it stands in an official symbol and URL: ``68/247B``, ``1373(2001)``
    canonical: str
    #: for file names and URLs: ``68-247b``, ``1373-2001``
    slug: str
    #: the session (GA, HRC: ``57``, ``S-10``) or year (ECOSOC, SC) it belongs to
    period: str
    #: sorts numbers of one body in the order they were adopted
    sort_key: tuple[int, int, int, str]


def parse_number(text: str, forms: tuple[str, ...] | list[str] = FORMS) -> ResolutionNumber | None:
    """Parse ``text`` (the whole string) as a number of one of ``forms``."""
    text = " ".join(text.split())
    for form in forms:
        m = _PATTERNS[form].fullmatch(text)
        if m:
            return _from_match(form, m)
    return None


def _from_match(form: str, m: re.Match[str]) -> ResolutionNumber:
    g = m.groupdict()
    part = g.get("part") or ""
    num = int(g["num"])
    if form == "session":
        special = g.get("special")
        session = f"{special}-{int(g['session'])}" if special else str(int(g["session"]))
        canonical = f"{session}/{num}{part}"
        display = f"{session}/{num}" + (f" {part}" if part else "")
        # special sessions sort after the regular session of the same number
        key = (int(g["session"]), 1 if special else 0, num, part)
        return ResolutionNumber(form, display, canonical, _slug(canonical), session, key)
    if form == "year":
        year = int(g["year"])
        canonical = f"{year}/{num}{part}"
        display = f"{year}/{num}" + (f" {part}" if part else "")
        return ResolutionNumber(form, display, canonical, _slug(canonical), str(year), (year, 0, num, part))
    if form == "number-year":
        year = int(g["year"])
        canonical = f"{num}({year})"
        display = f"{num} ({year})"
        return ResolutionNumber(form, display, canonical, f"{num}-{year}", str(year), (year, 0, num, ""))
    special = g.get("special") or ""
    roman = g["roman"]
    period = f"{special}{roman}"
    canonical = f"{num}{part}({period})"
    display = f"{num}" + (f" {part}" if part else "") + f" ({period})"
    key = (roman_to_int(roman), 1 if special else 0, num, part)
    return ResolutionNumber(form, display, canonical, _slug(canonical), period, key)


def _slug(canonical: str) -> str:
    """``68/247B`` -> ``68-247b``; ``2625(XXV)`` -> ``2625-xxv``."""
    s = canonical.replace("/", "-").replace("(", "-").replace(")", "")
    return s.lower()
