"""Footnote marks: where the bare digits of an extraction are marks, and that
every mark has a note and every note a mark.

Notes are numbered in the order their marks appear, so each label is looked for
after the previous one's mark. A mark is the label's digits glued to a word
(``Diversity10``), after punctuation (``Court,2``, ``79/7;1``), after a year
(``20242`` is 2024 and mark 2) or standing alone after a word (``Court 1
reaffirms``), unless the words around make it a number of the text
(``paragraph 3``, ``8 July``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from site_builder.importer.model import NOTE_MARK, Note, note_mark

# A date is printed "16 September 2005": a number before a month name is a day.
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"}  # fmt: skip
#: words after which a number is the text's own, not a mark
_NUMBER_WORDS = {
    # the references of UN citation style (Editorial Manual): "paragraph 3", "article 2",
    # "annex II", "chap. 4", "No. 38544", "vol. 2187", "Add.1", "Corr.2", "Suppl. No. 7"
    "paragraph", "paragraphs", "para", "paras", "article", "articles", "art", "no", "nos", "vol",
    "vols", "volume", "chapter", "chap", "part", "section", "sect", "annex", "item", "items",
    "resolution", "resolutions", "decision", "decisions", "rule", "rules", "page", "pages", "p", "pp",
    "footnote", "operative", "preambular", "add", "corr", "rev", "suppl", "supplement",
    # nouns a drafter labels with a number ("Goal 16", "target 3", "Protocol 2", "Table 1")
    "goal", "goals", "target", "targets", "protocol", "principle", "recommendation", "step", "steps",
    "action", "level", "phase", "category", "group", "stage", "table", "figure", "option", "priority",
    "session", "point", "points",
    # prepositions, determiners and quantifiers take a numeral as their object ("of 2", "at least 3")
    "of", "the", "and", "to", "from", "on", "by", "than", "at", "in", "for", "over", "under", "about",
    "between", "with", "some", "all", "least", "more", "less", "only", "nearly", "around",
    "approximately",
}  # fmt: skip
#: units a number counts or measures ("3 years", "5 per cent", "2 million")
_COUNTED = {"per", "percent", "years", "year", "days", "months", "weeks", "times", "million", "billion",
            "hours"}  # fmt: skip
# A year ends a date or a citation ("of 16 September 2005"); a number after it, with or
# without a space, is no part of the date: the mark of a note.
_YEAR_BEFORE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d$")


def _candidates(text: str, label: str, weak: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each place in ``text`` where ``label`` may be a mark;
    ``weak`` adds the places where the word before makes it read as the text's
    own number ("level 2"), taken only when no other place is found."""
    d = re.escape(label)
    found: list[tuple[int, int]] = []
    # glued to the word before; an upper-case abbreviation with digits is a name (a
    # body, a programme or a conference: "G20", "COP28"), not a word with a mark
    for m in re.finditer(rf"(?<=[^\W\d_]){d}(?!\d)", text):
        word = re.search(r"[^\W\d_]+$", text[: m.start()])
        if word and not (word.group(0).isupper() and len(word.group(0)) <= 4):
            found.append(m.span())
    # glued to the word after, when the extractor lost the space before that word
    # ("Weapons 6and"); an ordinal suffix makes it a number ("21st", "3rd")
    for m in re.finditer(rf"(?<=[^\W_][ ,;:.”’)]){d}(?=[a-z]{{2,}})(?!(?:st|nd|rd|th)\b)", text):
        before = text[: m.start()].rstrip()
        if not before[-1:].isdigit() or _YEAR_BEFORE.search(before):
            found.append(m.span())
    # after closing punctuation
    for m in re.finditer(rf"(?<=[,;:.)”’]){d}(?![\d/])", text):
        decimal = text[m.start() - 1] == "." and m.start() > 1 and text[m.start() - 2].isdigit()
        if decimal and not _YEAR_BEFORE.search(text[: m.start() - 1]):
            continue  # a decimal ("1.5"); after a year the sentence ended: "in 2021.7"
        found.append(m.span())
    # after a year: 20242 is 2024 with mark 2
    for m in re.finditer(rf"(?<=(?<!\d)(?:19|20)\d\d){d}(?![\d/])", text):
        found.append(m.span())
    # standing alone after a word, or after punctuation, or after a year
    for m in re.finditer(rf"(?<=[^\W_,;:.”’)]) {{1,2}}{d}(?=\s|$|[,;.:])", text):
        before = text[: m.start()]
        if (not before[-1].isdigit() or _YEAR_BEFORE.search(before)) and _space_mark(text, m.start(), m.end(), weak):
            found.append(m.span())
    for m in re.finditer(rf"(?<=[,;:.”’)]) {{1,2}}{d}(?=\s|$|[,;.:])", text):
        if _space_mark(text, m.start(), m.end()):
            found.append(m.span())
    return sorted(set(found))


def _space_mark(text: str, start: int, end: int, weak: bool = False) -> bool:
    before = re.findall(r"[^\W\d_]+|\d+", text[:start])
    after = re.findall(r"[^\W\d_]+|\d+", text[end:])
    if not weak and before and before[-1].lower() in _NUMBER_WORDS and text[:start].rstrip()[-1:].isalnum():
        return False  # "paragraph 3" (but "session, 2" is a mark after the comma)
    if re.match(r"\s*[-–]\s*\d|\s+(?:and|or|to)\s+\d", text[end:]):
        return False  # a range or a pair of numbers: "5 to 8", "3 and 4"
    return not (after and (after[0] in _MONTHS or after[0].lower() in _COUNTED))


def place(
    texts: Sequence[str],
    notes: dict[str, Note],
    replace: Callable[[int, str], None],
    not_found: Callable[[Note, int], int | None],
    doubtful: Callable[[Note, int], None] | None = None,
) -> None:
    """Turn the bare digits of each note's mark into a mark, in note order.

    ``texts`` are the paragraphs in reading order; ``replace(i, new_text)``
    stores a changed paragraph; ``not_found(note, near)`` is called for a note
    whose mark is nowhere (``near``: the paragraph the search stood in) and
    returns the paragraph whose end gets the mark, or None; ``doubtful(note, i)``
    when the mark was taken where a number of the text could stand ("level 2"):
    after the previous mark and before the next note's, so nothing else fits.
    """
    current = list(texts)
    cursor = (0, 0)
    for label, note in notes.items():
        explicit = _explicit(current, label)
        if explicit is not None:
            cursor = explicit
            continue
        spot = _find(current, label, cursor) or _find(current, label, (0, 0))
        if spot is None:
            spot = _find(current, label, cursor, weak=True)
            following = str(int(label) + 1) if label.isdigit() else ""
            bound = _find(current, following, cursor) if following in notes else None
            if spot is not None and bound is not None and bound[:2] < spot[:2]:
                spot = None
            if spot is not None and doubtful is not None:
                doubtful(note, spot[0])
        if spot is None:
            # kept: ``not_found`` says where its mark goes (at the end of that text)
            at = not_found(note, cursor[0])
            if at is not None:
                current[at] = current[at].rstrip() + note_mark(label)
                replace(at, current[at])
            continue
        i, start, end = spot
        text = current[i]
        if start > 0 and text[start - 1] == " " and text[end : end + 1].isalpha():
            # glued to the word after ("Weapons 6and"): the mark goes after the word before
            current[i] = text[: start - 1] + note_mark(label) + " " + text[end:]
        else:
            current[i] = text[:start] + note_mark(label) + text[end:]
        replace(i, current[i])
        cursor = (i, start + 1)


def _explicit(texts: list[str], label: str) -> tuple[int, int] | None:
    for i, text in enumerate(texts):
        for m in NOTE_MARK.finditer(text):
            if m.group(1) == label:
                return (i, m.end())
    return None


def _find(texts: list[str], label: str, cursor: tuple[int, int], weak: bool = False) -> tuple[int, int, int] | None:
    for i in range(cursor[0], len(texts)):
        offset = cursor[1] if i == cursor[0] else 0
        for start, end in _candidates(texts[i], label, weak):
            if start >= offset and not _inside_mark(texts[i], start):
                return (i, start, end)
    return None


def _inside_mark(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in NOTE_MARK.finditer(text))


def marks_in(text: str) -> list[str]:
    return [m.group(1) for m in NOTE_MARK.finditer(text)]
