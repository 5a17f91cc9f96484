"""The start every extraction with its own YAML header shares: the header, the
body and number its symbol names, and the printed title line after the masthead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from site_builder.config import SiteConfig
from site_builder.importer import bodies
from site_builder.importer.masthead import HeaderError, read_masthead, split_header
from site_builder.importer.model import Piece, Problem, Source


@dataclass(frozen=True)
class Start:
    header: dict[str, Any]
    #: the number as printed: "80/3"
    number: str
    #: the resolution, with body, number and what the masthead says
    piece: Piece
    #: index of the printed title line ("80/3. Awaza Political Declaration")
    title_at: int


def read_start(source: Source, config: SiteConfig) -> Start | None:
    """``None`` (with the problem recorded on ``source``) when the file cannot be read."""
    lines = source.lines
    try:
        header, body_start = split_header(lines)
    except HeaderError as exc:
        source.problems.append(Problem(exc.line, str(exc)))
        return None
    found = bodies.from_symbol(str(header.get("symbol", "")), config)
    if found is None:
        message = f"symbol: {header.get('symbol')!r} is not the symbol of a resolution of a known body"
        source.problems.append(Problem(2, message))
        return None
    body, number = found
    title_re = re.compile(rf"^\s*{re.escape(number)}\.\s+(\S.*)$")
    title_at = next((i for i in range(body_start, len(lines)) if title_re.match(lines[i])), None)
    if title_at is None:
        message = f"no title line '{number}. ...' after the masthead (file truncated?)"
        source.problems.append(Problem(body_start + 1, message))
        return None
    piece = Piece(symbol=number, body=body, line=title_at + 1)
    piece.meta.update(read_masthead(" ".join(lines[body_start:title_at])))
    return Start(header, number, piece, title_at)
