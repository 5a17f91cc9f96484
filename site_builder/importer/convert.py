"""One resolution read from a source -> its Markdown text: structure,
footnote marks, italics, rendering and the word-coverage check."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.importer import coverage, footnotes
from site_builder.importer.masthead import adoption
from site_builder.importer.model import Note, Piece, plain
from site_builder.importer.render import Stats, render
from site_builder.importer.structure import Block, classify, restore_labels
from site_builder.importer.text import ends_closed


@dataclass
class Converted:
    markdown: str
    stats: Stats
    blocks: list[Block]


def convert(piece: Piece) -> Converted:
    blocks = classify(piece)
    added = restore_labels(blocks, piece)
    _marks(piece, blocks)
    if blocks:
        _adoption(piece, blocks)
    else:
        piece.error(piece.line, f"{piece.symbol}: a heading with no text (file truncated?)")
    _open_ends(piece, blocks)
    markdown, stats = render(blocks, piece.notes, restore=not piece.italics_known)
    coverage.check(piece, markdown, added)
    return Converted(markdown, stats, blocks)


def _marks(piece: Piece, blocks: list[Block]) -> None:
    def replace(i: int, text: str) -> None:
        blocks[i].text = text

    def not_found(note: Note) -> None:
        piece.error(note.line, f"footnote {note.label}: no mark for it found in the text of {piece.symbol}")

    if not piece.marks_explicit:
        footnotes.place([b.text for b in blocks], piece.notes, replace, not_found)
    marked: set[str] = set()
    for block in blocks:
        for label in footnotes.marks_in(block.text):
            marked.add(label)
            if label not in piece.notes:
                piece.error(block.line, f"footnote mark {label} has no footnote text in the source")
    if piece.marks_explicit:
        for label, note in piece.notes.items():
            if label not in marked:
                not_found(note)


def _adoption(piece: Piece, blocks: list[Block]) -> None:
    """Date and meeting come from the adoption record; the masthead's date checks it."""
    record = next((b for b in blocks if b.kind == "adoption"), None)
    if record is None:
        piece.error(
            piece.paras[-1].line if piece.paras else piece.line,
            f"{piece.symbol}: no adoption record ('44th plenary meeting, 22 July 2003'): is the file truncated?",
        )
        return
    found = adoption(plain(record.text))
    assert found is not None
    meeting, date = found
    piece.meta["meeting"], piece.meta["date"] = meeting, date
    adopted_on = piece.meta.pop("adopted_on", None)
    if adopted_on is not None and adopted_on != date:
        piece.warn(record.line, f"the masthead says adopted on {adopted_on}, the adoption record {date}")


def _open_ends(piece: Piece, blocks: list[Block]) -> None:
    """A paragraph that stops mid-sentence lost its end in the source."""
    for block in blocks:
        if block.kind in ("recital", "op", "op1", "point") and not ends_closed(plain(block.text)):
            what = f"paragraph {block.number}" if block.kind == "op" else f"a {block.kind} paragraph"
            piece.warn(
                block.line,
                f"{what} of {piece.symbol} ends without punctuation: the source may have lost the rest of it",
            )
