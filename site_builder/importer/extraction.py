"""Reader for third-party extractions with their own YAML header: Markdown
(one paragraph a line, ``[^n]:`` definitions at the end) or flat text (one
paragraph a line, a page's footnotes left inline where the page ended).

The masthead comes run together on a few lines; titles may be cut short (the
header's catalogue title is then the whole one); a running header may stand
between paragraphs; footnote marks are bare digits glued to the text.
"""

from __future__ import annotations

import re

from site_builder.config import SiteConfig
from site_builder.importer.header import read_start
from site_builder.importer.masthead import choose_title
from site_builder.importer.model import Note, Para, Piece, Source, note_mark
from site_builder.importer.pdftext import JOB_NUMBER, PAGE_COUNTER
from site_builder.importer.text import (
    OPERATIVE_NUMBER,
    PARA_START,
    continues,
    heading_like,
    is_stop,
    join_lines,
    line_words,
)

FORM_MARKDOWN = "Markdown extraction with its own front matter"
FORM_FLAT = "flat-text extraction with its own front matter"

DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
_EXPLICIT_MARK = re.compile(r"\[\^(\d{1,4})\]")
# "post- conflict": a line-end hyphen the extractor kept a space after ("age- and gender-" is not one)
_WRAP_HYPHEN = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|to|nor)\b)(?=[^\W\d_])")
_INLINE_NOTE = re.compile(r"^(\d{1,3}) (\S.*)$")


def read(source: Source, config: SiteConfig) -> None:
    lines = source.lines
    start = read_start(source, config)
    if start is None:
        return
    header, piece, title_at = start.header, start.piece, start.title_at
    number = start.number
    short = " ".join(start.title_text.split())
    piece.title_printed, piece.title_line = f"{number} {short}", title_at + 1
    piece.title, completed = choose_title(short, header.get("title"))
    if completed:
        piece.warn(title_at + 1, "title completed from the file's header (the printed one is cut short)")
        piece.editorial.append(("title", "restored-title"))
    if not piece.title:
        # a Security Council resolution has no title: its heading line is the one it has
        piece.title = f"Resolution {number}"
    end = _definitions(piece, lines, title_at + 1)
    piece.marks_explicit = False
    _paragraphs(piece, lines, title_at + 1, end, furniture={short, symbol_of(header)})
    source.pieces = [piece]


def symbol_of(header: dict[str, object]) -> str:
    return " ".join(str(header.get("symbol", "")).split())


def _definitions(piece: Piece, lines: list[str], start: int) -> int:
    """Read ``[^n]:`` definitions at the end; returns where the text ends."""
    first = next((i for i in range(start, len(lines)) if DEFINITION.match(lines[i])), len(lines))
    end = first
    while end > start and (not lines[end - 1].strip() or lines[end - 1].strip() == "---"):
        end -= 1
    current: Note | None = None
    # notes are numbered 1, 2, 3 ...: a label beyond the number of definitions
    # cannot be a note's; it is a wrapped line that starts with a number
    count = sum(1 for i in range(first, len(lines)) if DEFINITION.match(lines[i].strip()))
    for i in range(first, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        found = line_words(s, i + 1)
        piece.words.extend(found)
        m = DEFINITION.match(s)
        if m and current is not None and m.group(1).isdigit() and int(m.group(1)) > count:
            piece.warn(i + 1, f"'[^{m.group(1)}]:' is the wrapped end of footnote {current.label}; joined to it")
            current.text = join_lines([current.text, m.group(1), m.group(2)])
            piece.note_words[current.label].extend(found)
        elif m:
            current = Note(m.group(1), m.group(2), i + 1)
            if current.label in piece.notes:
                piece.error(i + 1, f"footnote {current.label} is defined twice")
            piece.notes[current.label] = current
            piece.note_words[current.label] = found[1:]
        elif current is not None:
            current.text = join_lines([current.text, s])
            piece.note_words[current.label].extend(found)
    return end


def _is_furniture(text: str, furniture: set[str]) -> bool:
    return text in furniture or bool(PAGE_COUNTER.match(text) or JOB_NUMBER.match(text))


def _heading_line(lines: list[str], i: int, end: int) -> bool:
    """A line of its own that reads as a heading (a blank line or the end after it)
    is one: a paragraph the source cut off does not run into it."""
    after = lines[i + 1].strip() if i + 1 < end else ""
    return heading_like(" ".join(lines[i].split())) and (not after or bool(PARA_START.match(after)))


def _paragraphs(piece: Piece, lines: list[str], start: int, end: int, furniture: set[str]) -> None:
    inline_notes = not piece.notes
    last_number = 0
    note: Note | None = None
    for i in range(start, end):
        s = " ".join(lines[i].split())
        if not s:
            note = None
            continue
        if _is_furniture(s, furniture):
            piece.warn(i + 1, f"running header or page furniture removed: {s!r}")
            continue
        piece.words.extend(line_words(s, i + 1))
        s = _WRAP_HYPHEN.sub("-", s)
        s = _EXPLICIT_MARK.sub(lambda m: note_mark(m.group(1)), s)
        starts_block = not lines[i - 1].strip() if i > start else True
        m = _INLINE_NOTE.match(s)
        next_note = inline_notes and m is not None and m.group(1) == str(len(piece.notes) + 1)
        if next_note and m is not None and (starts_block or note is not None):
            # a page's notes, one after the other, blank lines between them or not
            note = Note(m.group(1), m.group(2), i + 1)
            piece.notes[note.label] = note
            piece.note_words[note.label] = line_words(s, i + 1)[1:]
            continue
        if note is not None:
            note.text = join_lines([note.text, s])
            piece.note_words[note.label].extend(line_words(s, i + 1))
            continue
        num = OPERATIVE_NUMBER.match(s)
        # a number further on than the next one means the extractor ran paragraphs together
        in_sequence = num is None or last_number < int(num.group(1)) <= last_number + 3 or num.group(1) == "1"
        # a line of its own that starts with a number is a paragraph, in sequence or
        # not (the numbering check then says so)
        is_start = bool(PARA_START.match(s)) and (in_sequence or starts_block)
        if num and is_start:
            last_number = int(num.group(1))
        prev = piece.paras[-1] if piece.paras else None
        if (
            prev is not None
            and not is_start
            and (
                (not starts_block and not is_stop(prev.text) and not is_stop(s))
                or (starts_block and continues(prev.text, s) and not _heading_line(lines, i, end))
            )
        ):
            prev.text = join_lines([prev.text, s])
            continue
        piece.paras.append(Para(s, i + 1))
