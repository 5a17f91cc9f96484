"""Reader for text extracted from an official PDF, one line per PDF line.

Behind a small YAML header: the masthead (symbol, distribution, date, job
number, session, agenda item), then the text with running headers, page
counters and job numbers at every page break and the page's footnotes after a
``_____`` rule. Paragraphs and citation lists run on across page breaks;
operative numbers may stand alone on their line.
"""

from __future__ import annotations

import itertools
import re

from site_builder.config import SiteConfig
from site_builder.importer import bodies
from site_builder.importer.header import read_start
from site_builder.importer.masthead import choose_title
from site_builder.importer.model import Note, Para, Piece, Source, shown
from site_builder.importer.text import OPERATIVE_NUMBER, PARA_START, continues, heading_like, join_lines, line_words

FORM = "text extracted from an official PDF"

# Page furniture of an official document (the same for every body): a running
# header of the document symbol and the short title at the top of each page
# after the first, the job number ("25-16680", "25-16680 (E)") and the barcode
# line ("*2516680*"), and the page counter "2/5".
PAGE_COUNTER = re.compile(r"^\s*\d{1,3}/\d{1,3}\s*$")
JOB_NUMBER = re.compile(r"^\s*(?:\d{2}-\d{5}(?:\s*\(E\))?|\*\d{7}\*)\s*$")
NOTE_RULE = re.compile(r"^\s*_{5,}\s*$")
_POINT = re.compile(r"^\([a-z]{1,4}\)(?:\s|$)")
_SECTION = re.compile(r"^[IVX]{1,5}\.(?:\s|$)")
_ANNEX = re.compile(r"^Annex(?:\s+[IVX]+)?$")
_MEETING = re.compile(r"^(?:\[.*\]\s*)?\d{1,5}(?:st|nd|rd|th) (?:plenary )?meeting\b|^\[?Adopted\b")
_VOTE = re.compile(r"^\[[^\]]*\]$")
_DATE_LINE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}\.?$")
_NOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
#: how far a running header reaches from its page counter, in lines
_HEADER_REACH = 10


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split()).casefold()


def furniture(lines: list[str], start: int, symbol: str, title: str) -> tuple[set[int], set[int]]:
    """Indexes of page-break lines (running headers, counters, job numbers) and
    of footnote lines, from ``start`` on. A page break is found by its counter;
    around it stand blank lines, the job number and the running header: the
    symbol, with the title (wrapped, from its first word) just above or below it.
    Text that merely repeats words of the title elsewhere stays text."""
    title_norm, symbol_norm = _norm(title), _norm(symbol).replace(" ", "")

    def kind(i: int) -> str:
        s = _norm(lines[i])
        if not s:
            return "blank"
        if s.replace(" ", "") == symbol_norm:
            return "symbol"
        if JOB_NUMBER.match(s) or PAGE_COUNTER.match(s):
            return "mark"
        return "title" if s in title_norm else ""

    def title_start(run: list[int]) -> bool:
        return bool(run) and title_norm.startswith(_norm(join_lines([lines[j] for j in run])))

    page: set[int] = set()
    for i in range(start, len(lines)):
        if not PAGE_COUNTER.match(lines[i]):
            continue
        first = i
        while first - 1 >= start and i - first < _HEADER_REACH and kind(first - 1):
            first -= 1
        last = i
        while last + 1 < len(lines) and last - i < _HEADER_REACH and kind(last + 1):
            last += 1
        keep = {j for j in range(first, last + 1) if kind(j) in ("blank", "mark", "symbol")}
        for at in (j for j in range(first, last + 1) if kind(j) == "symbol"):
            below = list(itertools.takewhile(lambda j: kind(j) == "title", range(at + 1, last + 1)))
            above = list(itertools.takewhile(lambda j: kind(j) == "title", range(at - 1, first - 1, -1)))[::-1]
            for run in (below, above):
                if title_start(run):
                    keep.update(run)
        first = last = i
        while first - 1 in keep:
            first -= 1
        while last + 1 in keep:
            last += 1
        page.update(range(first, last + 1))
    notes: set[int] = set()
    i = start
    while i < len(lines):
        if NOTE_RULE.match(lines[i]):
            page.add(i)
            back = i - 1  # the space above the rule is the page's, not a paragraph's end
            while back >= start and not lines[back].strip() and back not in page:
                page.add(back)
                back -= 1
            j = i + 1
            while j < len(lines) and j not in page:
                notes.add(j)
                j += 1
            i = j
        else:
            i += 1
    return page, notes


def _ends_title(line: str, config: SiteConfig) -> bool:
    s = " ".join(line.split())
    return not s or s.startswith("Adopted") or bodies.from_formula(s, config) is not None


def read(source: Source, config: SiteConfig) -> None:
    lines = source.lines
    start = read_start(source, config)
    if start is None:
        return
    header, piece, title_at = start.header, start.piece, start.title_at
    title_end = title_at
    while title_end + 1 < len(lines) and not _ends_title(lines[title_end + 1], config):
        title_end += 1
    printed = join_lines([start.title_text, *lines[title_at + 1 : title_end + 1]])
    piece.title_printed = f"{start.number} {printed}"
    piece.title_line = title_at + 1
    piece.title, completed = choose_title(printed, header.get("title"))
    if not piece.title:
        # a Security Council resolution has no title: its heading line is the one it has
        piece.title = f"Resolution {start.number}"
    if completed:
        piece.warn(title_at + 1, "title completed from the file's header (the printed one is cut short)")
        piece.editorial.append(("title", "restored-title"))
    symbol = next((ln for ln in lines[:title_at] if bodies.from_symbol(ln, config)), "")
    symbol = " ".join(symbol.split()) or config.bodies[piece.body or "ga"].official_symbol(start.number)
    page, note_lines = furniture(lines, title_end + 1, symbol, piece.title or "")
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
        elif _MEETING.match(s) and current and _VOTE.match(join_lines(current)):
            pass  # "[Adopted without a vote.]" and the meeting after it: one record
        elif _DATE_LINE.match(s) and current and _MEETING.match(current[0]):
            pass  # the record's date on the line (or the page) after its meeting
        elif _POINT.match(s) or _MEETING.match(s):
            new_hint = ""
        elif _SECTION.match(s):
            new_hint = "section"
        elif _ANNEX.match(s):
            flush()
            piece.paras.append(Para(s, i + 1, "annex"))
            after_annex, last_number, after_break = True, 0, False
            continue
        elif (
            after_break
            and current
            and not OPERATIVE_NUMBER.fullmatch(current[-1] + " ")
            and not (hint == "section" and _SECTION.fullmatch(current[-1] + " "))
            and (not continues(join_lines(current), s) or _heading_run(lines, i, skip))
        ):
            new_hint = ""
        after_break = False
        if new_hint is not None:
            flush()
            first_line, hint = i + 1, new_hint
        if not current:
            first_line = i + 1
        current.append(s)
    flush()


def _heading_run(lines: list[str], i: int, skip: set[int]) -> bool:
    """Is the text from line ``i`` (at the top of a page) a heading? A heading is a
    short line or two of its own, opening with a capital and ending without the
    punctuation a paragraph ends with, followed by a blank line or a new paragraph
    on the same page. A paragraph the source cut off (it too ends without
    punctuation) must not swallow it; a paragraph the page break split goes on to
    its end instead. A heading heads a part of the text: the adoption record, an
    annex or a section never follows it directly."""
    run: list[str] = []
    for j in range(i, min(len(lines), i + 4)):
        s = lines[j].strip()
        if j in skip:
            return False  # a heading never runs over a page break
        if not s or (run and (PARA_START.match(s) or _MEETING.match(s) or _ANNEX.match(s))):
            after = next((t.strip() for k, t in enumerate(lines[j:], j) if t.strip() and k not in skip), "")
            ends_part = bool(_MEETING.match(after) or _ANNEX.match(after) or _SECTION.match(after))
            return heading_like(join_lines(run)) and not ends_part
        run.append(s)
    return False


def _notes(piece: Piece, lines: list[str], indexes: list[int]) -> None:
    """Each note starts with its number; notes are numbered in order, so a line
    starting with another number is the wrapped end of the note before (said)."""
    current: Note | None = None
    for i in indexes:
        s = lines[i].strip()
        if not s:
            continue
        found = line_words(s, i + 1)
        piece.words.extend(found)
        m = _NOTE_START.match(s)
        # notes are numbered on from the first (1, or further on in a volume numbered through)
        first = int(next(iter(piece.notes))) if piece.notes else (int(m.group(1)) if m else 1)
        if m and int(m.group(1)) == first + len(piece.notes):
            current = Note(m.group(1), m.group(2), i + 1)
            piece.notes[current.label] = current
            piece.note_words[current.label] = found[1:]
            continue
        if current is None:
            piece.warn(i + 1, f"text under a footnote rule that is no footnote: {shown(s, 40)} (kept as a note)")
            current = Note(str(first + len(piece.notes)), s, i + 1)
            piece.notes[current.label] = current
            piece.note_words[current.label] = found
            continue
        if m:
            piece.warn(
                i + 1,
                f"a line starting with {m.group(1)} under footnote {current.label} is taken as its wrapped end "
                f"(footnote {first + len(piece.notes)} is the next one)",
            )
        current.text = join_lines([current.text, s])
        piece.note_words[current.label].extend(found)
