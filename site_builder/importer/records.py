"""Reader for an Official Records compilation converted to Markdown.

``## **2003/22**`` opens a resolution, ``### **Title**`` gives its title,
``<sup>75</sup>`` marks a footnote, and at each page break a ``---`` line is
followed by that page's footnotes; a paragraph split by the break goes on after
them. Text before the first heading is the end of the resolution before it.
"""

from __future__ import annotations

import re

from site_builder.importer.model import EM_CLOSE, EM_OPEN, Note, Para, Piece, Problem, Source, note_mark
from site_builder.importer.text import continues, heading_like, join_lines, line_words
from site_builder.numbering import parse_number

FORM = "Official Records compilation (Markdown)"

NUMBER_HEADING = re.compile(r"^#{1,3}\s*\*\*\s*(?P<num>[^*]+?)\.?\s*\*\*\s*$")
_TITLE_HEADING = re.compile(r"^#{2,4}\s*\*\*\s*(?P<title>.+?)\s*\*\*\s*$")
_PAGE_BREAK = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")
_NOTE_DEF = re.compile(r"^\s*<sup>\s*(\d{1,4})\s*</sup>\s*(.*)$")
_SUP = re.compile(r"<sup>\s*(\d{1,4})\s*</sup>")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_EM = re.compile(r"(?<![*\\])\*(?!\*)([^*\n]+?)(?<![*\\])\*(?!\*)")


def is_heading_number(line: str) -> str | None:
    m = NUMBER_HEADING.match(line)
    if m and parse_number(m.group("num")):
        return m.group("num").strip()
    return None


def _inline(text: str) -> str:
    text = _SUP.sub(lambda m: note_mark(m.group(1)), text)
    text = _EM.sub(lambda m: EM_OPEN + m.group(1) + EM_CLOSE, text)
    return _ESCAPED.sub(r"\1", text)  # the source's own escapes; ours are added on output


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with its first line number (1-based)."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for no, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                start = no
            current.append(line)
        elif current:
            out.append((start, current))
            current = []
    if current:
        out.append((start, current))
    return out


def read(source: Source) -> None:
    pieces: list[Piece] = []
    piece: Piece | None = None
    in_notes = False
    after_break = False
    for start, block in _blocks(source.lines):
        number = is_heading_number(block[0])
        if number is not None:
            piece = Piece(symbol=number, line=start, italics_known=True, marks_explicit=True)
            piece.title_printed = number
            pieces.append(piece)
            in_notes = after_break = False
            block = block[1:]
            if not block:
                continue
            start += 1
        if piece is None:
            piece = Piece(symbol=None, line=start, italics_known=True, marks_explicit=True)
            piece.meta["partial"] = True
            pieces.append(piece)
        title = _TITLE_HEADING.match(block[0])
        if title and piece.title is None and not piece.paras and len(block) == 1:
            piece.title = join_lines([title.group("title")])
            piece.title_printed += " " + piece.title
            piece.title_line = start
            continue
        if len(block) == 1 and _PAGE_BREAK.match(block[0]):
            in_notes = after_break = True
            continue
        note = _NOTE_DEF.match(block[0])
        if in_notes and note:
            for offset, line in enumerate(block):
                piece.words.extend(line_words(line, start + offset))
            label = note.group(1)
            text = join_lines([note.group(2), *block[1:]])
            if label in piece.notes:
                piece.error(start, f"footnote {label} is defined twice")
            piece.notes[label] = Note(label, _inline(text), start)
            continue
        in_notes = False
        for offset, line in enumerate(block):
            piece.words.extend(line_words(line, start + offset))
        text = _inline(join_lines(block))
        if after_break and piece.paras and continues(piece.paras[-1].text, text) and not heading_like(text):
            piece.paras[-1].text += " " + text
        else:
            piece.paras.append(Para(text, start))
        after_break = False
    _name_partial(source, pieces)
    source.pieces = pieces


def _name_partial(source: Source, pieces: list[Piece]) -> None:
    """The text before the first heading ends the resolution numbered just before it."""
    if not pieces or pieces[0].symbol is not None:
        return
    first = pieces[0]
    nxt = parse_number(pieces[1].symbol) if len(pieces) > 1 and pieces[1].symbol else None
    last = re.fullmatch(r"(.+)/(\d+)", nxt.canonical) if nxt else None
    if nxt is None or last is None or int(last.group(2)) < 2:
        source.problems.append(
            Problem(
                first.line,
                "text before the first resolution heading, and no numbered heading after it "
                "to tell which resolution it ends",
            )
        )
        pieces.pop(0)
        return
    first.symbol = f"{last.group(1)}/{int(last.group(2)) - 1}"
    first.warn(
        first.line,
        f"the text before {nxt.display} is taken as the end of {first.symbol} (partial: the file starts "
        "in the middle of it)",
    )
