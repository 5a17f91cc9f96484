"""Sessions and meetings named as the Official Records name them: "Eightieth session",
"Tenth special session"; the period a resolution number belongs to: "2001", "57th session"."""

from __future__ import annotations

import re

from site_builder.numbering import ResolutionNumber, ordinal, roman_to_int

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
#: stems of the tens, to which English adds "ieth" (twentieth) or "y-" (twenty-first)
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def spelled_ordinal(n: int) -> str:
    """80 -> "eightieth", 57 -> "fifty-seventh", 101 -> "one hundred and first" (1-199),
    as the Official Records spell session numbers; other numbers as figures."""
    if not 0 < n < 200:
        return ordinal(n)
    if n >= 100:
        rest = n - 100
        return "one hundredth" if rest == 0 else f"one hundred and {spelled_ordinal(rest)}"
    if n < 10:
        return _UNITS[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, units = divmod(n, 10)
    stem = _TENS[tens - 2]
    if units == 0:
        return f"{stem}ieth"
    return f"{stem}y-{_UNITS[units - 1]}"


_SESSION = re.compile(r"(?P<special>E?S-)?(?P<num>\d{1,3})")


def session_name(session: str | None) -> str | None:
    """A session as the document heads it: "80" -> "Eightieth session", "S-10" -> "Tenth
    special session", "ES-11" -> "Eleventh emergency special session"; text as given."""
    if not session:
        return None
    m = _SESSION.fullmatch(session.strip())
    if m is None:
        return session[:1].upper() + session[1:]
    kind = {"S-": "special session", "ES-": "emergency special session"}.get(m.group("special") or "", "session")
    name = f"{spelled_ordinal(int(m.group('num')))} {kind}"
    return name[:1].upper() + name[1:]


def period_label(number: ResolutionNumber) -> str:
    """The year of a year-numbered resolution, the session of a session-numbered one."""
    if number.form in ("year", "number-year"):
        return number.period
    special = "special " if number.period.startswith(("S", "ES")) and number.form == "session" else ""
    digits = re.sub(r"\D", "", number.period)
    if number.form == "roman":
        roman = number.period.split("-")[-1]
        return f"{ordinal(roman_to_int(roman))} {special}session"
    return f"{ordinal(int(digits))} {special}session" if digits else number.period
