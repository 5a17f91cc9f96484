"""The start every extracted text shares, with or without a YAML header of its
own: the symbol (from the header, or from the masthead of an official PDF), the
body and number it names, the masthead's fields and the printed title line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from site_builder.config import SiteConfig
from site_builder.importer import bodies
from site_builder.importer.masthead import HeaderError, read_masthead, split_header
from site_builder.importer.model import Piece, Problem, Source, shown

#: how far into the file the masthead's symbol line may stand (it is the second
#: line of an official document; extractors may put blank lines before it)
MASTHEAD_LINES = 40


@dataclass(frozen=True)
class Start:
    header: dict[str, Any]
    #: the number as printed: "80/3"
    number: str
    #: the resolution, with body, number and what the masthead says
    piece: Piece
    #: index of the printed title line ("80/3. Awaza Political Declaration")
    title_at: int
    #: the title text on that line after the number ("" for "Resolution 2719 (2023)")
    title_text: str


def masthead_symbol(lines: list[str], start: int, config: SiteConfig) -> tuple[str, int] | None:
    """The first line of the masthead that is a resolution symbol of a known body."""
    for i in range(start, min(len(lines), start + MASTHEAD_LINES)):
        text = " ".join(lines[i].split())
        if text and len(text) < 40 and bodies.from_symbol(text, config) is not None:
            return text, i
    return None


def title_pattern(number: str) -> re.Pattern[str]:
    """The title line of each body's layout: ``80/3. Title`` (GA, ECOSOC),
    ``Resolution 6/15. Title`` (HRC), ``Resolution 2719 (2023)`` or ``2719 (2023)``
    alone on its line (Security Council: no title, or one on the lines after)."""
    num = r"\s*".join(re.escape(part) for part in number.split())
    return re.compile(rf"^\s*(?:Resolution\s+)?{num}(?:\.(?:\s+(?P<title>\S.*?))?|\s*)\s*$")


def read_start(source: Source, config: SiteConfig) -> Start | None:
    """``None`` (with the problem recorded on ``source``) when the file cannot be read."""
    lines = source.lines
    try:
        header, body_start = split_header(lines)
    except HeaderError as exc:
        source.problems.append(Problem(exc.line, str(exc)))
        return None
    symbol_at = -1
    if header:
        symbol, symbol_line = " ".join(str(header.get("symbol", "")).split()), 2
    else:
        masthead = masthead_symbol(lines, body_start, config)
        if masthead is None:
            source.problems.append(Problem(1, "no resolution symbol (e.g. A/RES/80/3) in the masthead"))
            return None
        symbol, symbol_at = masthead
        symbol_line = symbol_at + 1
    found = bodies.from_symbol(symbol, config)
    if found is None:
        message = f"symbol: {shown(symbol)} is not the symbol of a resolution of a known body"
        source.problems.append(Problem(symbol_line, message))
        return None
    body, number = found
    title_re = title_pattern(number)
    title_at, match = next(
        ((i, m) for i in range(max(body_start, symbol_at + 1), len(lines)) if (m := title_re.match(lines[i]))),
        (None, None),
    )
    if title_at is None or match is None:
        message = f"no title line ('{number}. Title' or 'Resolution {number}') after the masthead"
        source.problems.append(Problem(body_start + 1, message))
        return None
    piece = Piece(symbol=number, body=body, line=title_at + 1)
    masthead_lines = [line for i, line in enumerate(lines[body_start:title_at], body_start) if i != symbol_at]
    piece.meta.update(read_masthead(" ".join(masthead_lines)))
    return Start(header, number, piece, title_at, match.group("title") or "")
