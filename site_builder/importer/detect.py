"""Which form a source file is in, or why it is refused. Never guesses: a file
that fits no form is refused with the reason."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.importer import extraction, pdftext, records
from site_builder.importer.header import MASTHEAD_LINES
from site_builder.importer.masthead import HeaderError, split_header
from site_builder.importer.model import Problem, Source

_DISTR = re.compile(r"^\s*Distr\.:\s*\w+\s*$")


def recognise(path: Path, display: str) -> Source | Problem:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(0, f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return Problem(0, "empty file: nothing to import")
    if data.startswith(b"%PDF"):
        return Problem(1, "a PDF file: extract its text first (one line per PDF line), then import the text")
    if b"\x00" in data[:65536]:
        return Problem(1, "binary data, not a text file")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}")
    # a form feed (a PDF-to-text page break) is dropped: the page counter marks the break
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "").split("\n")
    if any(records.is_heading_number(line) for line in lines):
        return Source(display, text, lines, records.FORM)
    if lines[0].strip() != "---":
        if any(_DISTR.match(line) for line in lines[:MASTHEAD_LINES]):
            return Source(display, text, lines, pdftext.FORM)
        return Problem(
            1,
            "not a form the import knows: no resolution headings such as '## **2003/22**' "
            "(Official Records), no masthead of an official document ('Distr.: General') "
            "and no YAML header with the symbol (an extraction)",
        )
    try:
        header, start = split_header(lines)
    except HeaderError as exc:
        return Problem(exc.line, str(exc))
    if not header.get("symbol"):
        return Problem(2, "the YAML header has no 'symbol' (e.g. symbol: A/RES/80/3): cannot tell the resolution")
    body = lines[start:]
    if not any(line.strip() for line in body):
        return Problem(start + 1, "no text after the YAML header (file truncated?)")
    if any(_DISTR.match(line) for line in body) or any(pdftext.PAGE_COUNTER.match(line) for line in body):
        return Source(display, text, lines, pdftext.FORM)
    if any(extraction.DEFINITION.match(line) for line in body):
        return Source(display, text, lines, extraction.FORM_MARKDOWN)
    return Source(display, text, lines, extraction.FORM_FLAT)
