"""Reader for text extracted from an official PDF, one line per PDF line.

Behind a small YAML header: the masthead (symbol, distribution, date, job
number, session, agenda item), then the text with running headers, page
counters and job numbers at every page break and the page's footnotes after a
``_____`` rule. Paragraphs and citation lists run on across page breaks;
operative numbers may stand alone on their line.
"""

from __future__ import annotations

import re

from site_builder.config import SiteConfig
from site_builder.importer.header import read_start
from site_builder.importer.masthead import choose_title
from site_builder.importer.model import Note, Para, Piece, Source
from site_builder.importer.text import OPERATIVE_NUMBER, continues, join_lines, line_words

FORM = "text extracted from an official PDF"

PAGE_COUNTER = re.compile(r"^\s*\d{1,3}/\d{1,3}\s*$")
JOB_NUMBER = re.compile(r"^\s*(?:\d{2}-\d{5}(?:\s*\(E\))?|\*\d{7}\*)\s*$")
NOTE_RULE = re.compile(r"^\s*_{5,}\s*$")
_POINT = re.compile(r"^\([a-z]{1,4}\)(?:\s|$)")
_SECTION = re.compile(r"^[IVX]{1,5}\.(?:\s|$)")
_ANNEX = re.compile(r"^Annex(?:\s+[IVX]+)?$")
_MEETING = re.compile(r"^\d{1,4}(?:st|nd|rd|th) plenary meeting$")
_NOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")


def furniture(lines: list[str], start: int) -> tuple[set[int], set[int]]:
    """Indexes of page-break lines (headers, counters, job numbers) and of
    footnote lines, from ``start`` on."""
    page: set[int] = set()
    for i in range(start, len(lines)):
        if not PAGE_COUNTER.match(lines[i]):
            continue
        first = i
        for j in range(i, max(start, i - 8) - 1, -1):
            if lines[j] == "":  # the extractor's page separator: empty, not blank
                first = j
                break
        last = i
        while last + 1 < len(lines) and (JOB_NUMBER.match(lines[last + 1]) or not lines[last + 1].strip()):
            last += 1
        page.update(range(first, last + 1))
    notes: set[int] = set()
    i = start
    while i < len(lines):
        if NOTE_RULE.match(lines[i]):
            page.add(i)
            j = i + 1
            while j < len(lines) and j not in page:
                notes.add(j)
                j += 1
            i = j
        else:
            i += 1
    return page, notes


def read(source: Source, config: SiteConfig) -> None:
    lines = source.lines
    start = read_start(source, config)
    if start is None:
        return
    header, piece, title_at = start.header, start.piece, start.title_at
    number = start.number
    title_end = title_at
    while title_end + 1 < len(lines) and lines[title_end + 1].strip():
        title_end += 1
    printed = join_lines(lines[title_at : title_end + 1])
    piece.title_printed = printed
    piece.title_line = title_at + 1
    piece.title, completed = choose_title(printed[len(number) + 1 :], header.get("title"))
    if completed:
        piece.warn(title_at + 1, "title completed from the file's header (the printed one is cut short)")
    page, note_lines = furniture(lines, title_end + 1)
    _paragraphs(piece, lines, title_end + 1, page | note_lines)
    _notes(piece, lines, sorted(note_lines))
    source.pieces = [piece]


def _paragraphs(piece: Piece, lines: list[str], start: int, skip: set[int]) -> None:
    current: list[str] = []
    first_line = 0
    hint = ""
    last_number = 0
    after_break = after_annex = False

    def flush() -> None:
        nonlocal current, hint, after_annex
        if current:
            text = join_lines(current)
            if after_annex and hint == "" and not OPERATIVE_NUMBER.match(text):
                hint = "heading"
                after_annex = False
            piece.paras.append(Para(text, first_line, hint))
        current, hint = [], ""

    for i in range(start, len(lines)):
        if i in skip:
            after_break = after_break or bool(current)
            continue
        s = lines[i].strip()
        if not s:
            flush()
            after_break = False
            continue
        piece.words.extend(line_words(s, i + 1))
        m = OPERATIVE_NUMBER.match(s)
        new_hint: str | None = None
        if m and int(m.group(1)) in (last_number + 1, 1):
            last_number = int(m.group(1))
            new_hint = ""
        elif _POINT.match(s) or _MEETING.match(s):
            new_hint = ""
        elif _SECTION.match(s):
            new_hint = "section"
        elif _ANNEX.match(s):
            flush()
            piece.paras.append(Para(s, i + 1, "annex"))
            after_annex, last_number, after_break = True, 0, False
            continue
        elif after_break and current and not continues(join_lines(current), s):
            new_hint = ""
        after_break = False
        if new_hint is not None:
            flush()
            first_line, hint = i + 1, new_hint
        if not current:
            first_line = i + 1
        current.append(s)
    flush()


def _notes(piece: Piece, lines: list[str], indexes: list[int]) -> None:
    current: Note | None = None
    for i in indexes:
        s = lines[i].strip()
        if not s:
            continue
        piece.words.extend(line_words(s, i + 1))
        m = _NOTE_START.match(s)
        if m and int(m.group(1)) == len(piece.notes) + 1:
            current = Note(m.group(1), m.group(2), i + 1)
            piece.notes[current.label] = current
        elif current is not None:
            current.text = join_lines([current.text, s])
        else:
            piece.warn(i + 1, f"text under a footnote rule that is no footnote: {s[:40]!r} (kept as a note)")
            current = Note(str(len(piece.notes) + 1), s, i + 1)
            piece.notes[current.label] = current
