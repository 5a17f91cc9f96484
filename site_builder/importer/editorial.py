"""The editor's notes an import writes into the front matter (docs/content-format.md,
"Editor's notes"): where the source breaks off in a paragraph (``cut``), where a
title was completed from another record (``restored-title``) and where a lost
subparagraph label was restored (``restored-label``). Each names its place by the
anchor the site gives it, read by the site's own Markdown reader from the text
written, so the note and the page always agree."""

from __future__ import annotations

from typing import Any

from site_builder.config import SiteConfig
from site_builder.importer.model import Piece
from site_builder.importer.structure import Block
from site_builder.markdown import make_parser
from site_builder.markdown.accel import tokenize
from site_builder.model import Paragraph


def notes(piece: Piece, blocks: list[Block], markdown: str, body: str, config: SiteConfig) -> list[dict[str, Any]]:
    """The notes, in the order of the text; a place the reader gives no anchor
    (it cannot happen for the kinds above) is said and left out."""
    out: list[dict[str, Any]] = [{"at": at, "kind": kind} for at, kind in piece.editorial]
    noted = [b for b in blocks if b.note]
    if not noted:
        return out
    env: dict[str, Any] = {"speaker": body, "line_offset": 0, "problems": [], "citations": []}
    tokenize(make_parser(config), markdown, env)
    paragraphs: list[Paragraph] = env.get("paragraphs", [])
    at_line = {p.line: p.eid for p in paragraphs}
    for block in noted:
        eid = at_line.get(block.md_line)
        if eid is None:
            piece.warn(block.line, f"no anchor for the {block.note} note of {piece.symbol}: not written")
            continue
        out.append({"at": eid, "kind": block.note})
    return out
