"""Small text helpers shared by the form readers: words, line joining, dates."""

from __future__ import annotations

import datetime as dt
import re

from site_builder.importer.italics import operative_opening, recital_opening

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_GLUED_REF = re.compile(r"(?<=\d)\[\^(\d+)\]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]:?")
# runs of letters, or runs of digits: "Diversity10" and "Diversity[^10]" give the same words
_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    """The words of ``text`` with markup (HTML tags, footnote brackets) removed."""
    text = _TAG.sub(" ", text)
    # a mark after a number ("20242" printed, "2024[^2]" written) reads as one number
    text = _GLUED_REF.sub(r"\1", text)
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


def ends_with_comma(text: str) -> bool:
    """A preambular paragraph's ending, also before a bare footnote number."""
    core = re.sub(r"(?<=[,;:.])\s*\d{1,3}$", "", _TRAILING_MARK_ONLY.sub("", text.rstrip()))
    return core.rstrip(" ”’\"'*\ue001").endswith(",")


_TRAILING_MARK_ONLY = re.compile(r"(?:\ue002[^\ue003]*\ue003)+\s*$")


def ends_closed(text: str) -> bool:
    """True when a paragraph ends as paragraphs do: , ; : . (before quotes and marks)."""
    core = _TRAILING_MARK.sub("", text.rstrip())
    core = core.rstrip(" ”’\"'*\ue001)")
    return core.endswith((",", ";", ":", ".", "!", "?"))


#: A heading names a part of a text in a phrase: a few words, opening with a capital,
#: without the punctuation that ends a paragraph (UN editorial style prints section and
#: annex titles so); an open text longer than this is a paragraph.
HEADING_WORDS = 15
#: A heading is a title: it ends on a word of content, never on an article, a
#: preposition, a conjunction or a possessive (English title style). Text that does
#: stops mid-phrase: a paragraph that goes on, or one the source cut off.
_OPEN_ENDINGS = {
    "the", "a", "an",  # articles
    "of", "to", "in", "on", "for", "by", "with", "at", "from", "as", "into", "under", "between",  # prepositions
    "and", "or", "nor", "but", "that", "which",  # conjunctions and relatives
    "its", "their", "his", "her", "our",  # possessives
}  # fmt: skip


def heading_like(text: str) -> bool:
    """Could ``text``, standing on its own, be a heading?"""
    core = text.lstrip("*\ue000").strip()
    found = words(core)
    return (
        core[:1].isupper()
        and not ends_closed(core)
        and 0 < len(found) <= HEADING_WORDS
        and found[-1].lower() not in _OPEN_ENDINGS
    )


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


#: an operative number at the start of a line: "6. " (the number in group 1)
OPERATIVE_NUMBER = re.compile(r"^(\d{1,3})\.(?:\s|$)")
PARA_START = re.compile(r"^[*“\"\ue000]*(?:\d{1,3}\.|\([a-z]{1,4}\)|[IVX]{1,5}\.)(?:\s|$)")
_FORMULA_LIKE = re.compile(r"^[*“\"\ue000]*The (?:[A-Z][a-z]+ ?|and ?|of ?|on ?){1,7}[,*\ue001]*$")
_STOP = re.compile(r"^[*\ue000]*(?:\d{1,5}(?:st|nd|rd|th) (?:plenary )?meeting\b|Annex\b|\[?Adopted\b)")


def is_stop(text: str) -> bool:
    """A formula, an adoption record or an annex heading: never joined to a neighbour."""
    return bool(_FORMULA_LIKE.match(text.strip()) or _STOP.match(text.strip()))


def continues(prev: str, nxt: str) -> bool:
    """Does ``nxt`` (after a page break or a blank line) go on with paragraph ``prev``?"""
    if is_stop(prev) or is_stop(nxt):
        return False
    first = nxt.lstrip('*“"\ue000')[:1]
    if first.islower():
        return True
    if PARA_START.match(nxt):
        return False
    if first.isdigit() and not prev.rstrip().endswith((".", ";", ":")):
        return True  # paragraphs open with a word or a number and a full stop: "77/246 of ..." goes on
    if ends_closed(prev):
        return False
    if re.match(r"^[*“\"\ue000]*(?:\d{1,3}\.|\([a-z]{1,4}\))\s", prev) or prev.lstrip("*\ue000")[:1] in '“"':
        return True  # a numbered paragraph, a subparagraph or a draft's paragraph is never a heading
    opening = prev.lstrip('*“"\ue000').replace("\ue001", "")
    if recital_opening(opening) or operative_opening(opening):
        return True  # nor is one that opens as a preambular or operative paragraph does
    return len(words(prev)) > 12  # a short open line is a heading
