"""One resolution read from a source -> its Markdown text: structure,
footnote marks, italics, rendering and the word-coverage check."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.importer import coverage, footnotes
from site_builder.importer.italics import operative_opening
from site_builder.importer.masthead import adoption
from site_builder.importer.model import Note, Piece, note_mark, plain
from site_builder.importer.render import Stats, render
from site_builder.importer.structure import Block, classify, restore_labels
from site_builder.importer.text import ends_closed

#: blocks a note's mark may be put at the end of when its place is unknown
_TEXT_KINDS = ("formula", "recital", "op", "op1", "point", "heading", "text")


_WHAT = {"recital": "a preambular paragraph", "op1": "an operative paragraph", "point": "a subparagraph"}


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
    _numbering(piece, blocks)
    markdown, stats = render(blocks, piece.notes, restore=not piece.italics_known)
    coverage.check(piece, markdown, added + piece.unplaced)
    return Converted(markdown, stats, blocks)


def _marks(piece: Piece, blocks: list[Block]) -> None:
    def replace(i: int, text: str) -> None:
        blocks[i].text = text

    def not_found(note: Note, near: int) -> int | None:
        """Keep the note: its mark goes at the end of the text block where the
        search stood (after the previous note's mark), and the user is told."""
        if not blocks:
            return None
        i = min(near, len(blocks) - 1)
        while i > 0 and blocks[i].kind not in _TEXT_KINDS:
            i -= 1
        piece.unplaced.append(note.label)
        piece.warn(
            note.line,
            f"footnote {note.label}: its mark was not found in the text of {piece.symbol}; the note is kept, "
            f"marked unplaced at the end of the paragraph of line {blocks[i].line}",
        )
        return i

    def doubtful(note: Note, i: int) -> None:
        piece.warn(
            blocks[i].line,
            f"footnote {note.label}: its mark taken after a word that a number may follow; check it",
        )

    if not piece.marks_explicit:
        footnotes.place([b.text for b in blocks], piece.notes, replace, not_found, doubtful)
    marked: dict[str, int] = {}
    for i, block in enumerate(blocks):
        for label in footnotes.marks_in(block.text):
            marked.setdefault(label, i)
            if label not in piece.notes:
                piece.error(block.line, f"footnote mark {label} has no footnote text in the source")
    if piece.marks_explicit:
        near = 0
        for label, note in piece.notes.items():
            if label in marked:
                near = marked[label]
                continue
            at = not_found(note, near)
            if at is not None:
                blocks[at].text = blocks[at].text.rstrip() + note_mark(label)


def _adoption(piece: Piece, blocks: list[Block]) -> None:
    """Date and meeting come from the adoption record; the masthead's date checks
    it, and gives it when the record has none ("3rd plenary meeting")."""
    at = next((i for i, b in enumerate(blocks) if b.kind == "adoption"), None)
    if at is None:
        piece.error(
            piece.paras[-1].line if piece.paras else piece.line,
            f"{piece.symbol}: no adoption record ('44th plenary meeting, 22 July 2003'): is the file truncated?",
        )
        return
    record = blocks[at]
    found = adoption(plain(record.text))
    assert found is not None
    adopted_on = piece.meta.pop("adopted_on", None)
    date = found.date or adopted_on
    if date is None:
        piece.error(record.line, f"{piece.symbol}: the adoption record gives no date, nor does the masthead")
        return
    piece.meta["meeting"], piece.meta["date"] = found.meeting, date
    if adopted_on is not None and found.date is not None and adopted_on != found.date:
        piece.warn(record.line, f"the masthead says adopted on {adopted_on}, the adoption record {found.date}")
    formula = next((i for i, b in enumerate(blocks) if b.kind == "formula"), None)
    if formula is not None and at < formula:
        # the Security Council's record stands above the text; it closes the text here
        moved = [blocks.pop(at)]
        if at < len(blocks) and blocks[at].kind == "text" and blocks[at].line == record.line:
            moved.append(blocks.pop(at))
        end = next((i for i, b in enumerate(blocks) if b.kind == "annex"), len(blocks))
        blocks[end:end] = moved


def _open_ends(piece: Piece, blocks: list[Block]) -> None:
    """A paragraph that stops mid-sentence lost its end in the source."""
    for block in blocks:
        if block.kind in ("recital", "op", "op1", "point") and not ends_closed(plain(block.text)):
            block.note = "cut"
            what = f"paragraph {block.number}" if block.kind == "op" else _WHAT[block.kind]
            piece.warn(
                block.line,
                f"{what} of {piece.symbol} ends without punctuation: the source may have lost the rest of it",
            )


def _numbering(piece: Piece, blocks: list[Block]) -> None:
    """Operative paragraphs are numbered 1, 2, 3 ... in each part (the text, a
    draft, an annex): a gap, a number out of order, or an operative paragraph
    that lost its number is said, with its source line."""
    last: dict[tuple[bool, int], int] = {}
    annex = 0
    operative = restart = False
    for block in blocks:
        if block.kind == "annex":
            annex += 1
            operative = False
            continue
        if block.kind == "section":
            restart = True  # a section's numbering starts at 1 again or goes on from the one before
            continue
        if block.kind == "adoption":
            operative = False
            continue
        scope = (block.draft, annex)
        if block.kind == "op":
            operative = True
            number = int(block.number)
            before = 0 if restart and number == 1 and not block.draft else last.get(scope, 0)
            restart = restart and block.draft
            if number <= before:
                piece.warn(block.line, f"operative paragraph {number} of {piece.symbol} comes after {before}")
            elif number > before + 1:
                missing = f"{before + 1}" if number == before + 2 else f"{before + 1} to {number - 1}"
                piece.warn(
                    block.line,
                    f"operative paragraph {number} of {piece.symbol} follows {before}: no paragraph {missing}",
                )
            last[scope] = number
        elif block.kind == "text" and operative and not annex and operative_opening(plain(block.text)):
            piece.warn(
                block.line,
                f"an operative paragraph of {piece.symbol} without its number (after {last.get(scope, 0)})",
            )
