"""Small text helpers shared by the form readers: words, line joining, dates."""

from __future__ import annotations

import datetime as dt
import re

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]:?")
# runs of letters, or runs of digits: "Diversity10" and "Diversity[^10]" give the same words
_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    """The words of ``text`` with markup (HTML tags, footnote brackets) removed."""
    text = _TAG.sub(" ", text)
    text = _FOOTNOTE_REF.sub(r" \1 ", text)
    return _WORD.findall(text)


def line_words(text: str, line: int) -> list[tuple[str, int]]:
    return [(w, line) for w in words(text)]


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line: a line ending with a hyphen after a
    letter runs into the next (``action-`` + ``oriented``); others get a space."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[^\W\d_]-$", out) and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


_TRAILING_MARK = re.compile(r"(?:\s*\d{1,3}|\ue002[^\ue003]*\ue003)+\s*$")


def ends_closed(text: str) -> bool:
    """True when a paragraph ends as paragraphs do: , ; : . (before quotes and marks)."""
    core = _TRAILING_MARK.sub("", text.rstrip())
    core = core.rstrip(" ”’\"'*\ue001)")
    return core.endswith((",", ";", ":", ".", "!", "?"))


def parse_date(text: str) -> dt.date | None:
    """``22 July 2003`` -> date."""
    try:
        return dt.datetime.strptime(" ".join(text.split()), "%d %B %Y").date()
    except ValueError:
        return None


_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
          "sixteenth", "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def ordinal_number(text: str) -> int | None:
    """``Eightieth`` -> 80, ``Seventy-ninth`` -> 79, ``first`` -> 1 (up to 99)."""
    word = text.lower().strip()
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    for i, stem in enumerate(_TENS):
        tens = (i + 2) * 10
        if word == stem + "ieth":
            return tens
        if word.startswith(stem + "y-") and word[len(stem) + 2 :] in _UNITS:
            return tens + _UNITS.index(word[len(stem) + 2 :]) + 1
    return None
