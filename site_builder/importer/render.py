"""Blocks to the Markdown of docs/content-format.md.

Text is escaped so that the built page shows the source's characters: a ``*``,
``_``, ``[`` or ``<`` in running text, or a line that would open a list or a
heading, is written with a backslash. Italics and footnote marks travel as
private-use characters until the very end, so escaping never touches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.importer.italics import names_in, operative_opening, recital_opening
from site_builder.importer.model import EM_CLOSE, EM_OPEN, NOTE_MARK, Note, plain
from site_builder.importer.structure import Block, em_wrap

_INLINE_SPECIAL = re.compile(r"([\\*_`\[\]<~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:[#>+=-]|\d{1,9}(?=[.)]))")
_ADOPTION_SPLIT = re.compile(r"^(.*?meeting),?\s+(\d{1,2} [A-Z][a-z]+ \d{4}\.?)$")


@dataclass
class Stats:
    recitals: int = 0
    operative: int = 0
    points: int = 0
    draft_recitals: int = 0
    draft_operative: int = 0
    notes: int = 0

    def describe(self) -> str:
        parts = [f"{self.recitals} preambular", f"{self.operative} operative", f"{self.points} subparagraphs"]
        if self.draft_recitals or self.draft_operative:
            parts.append(f"draft: {self.draft_recitals} preambular, {self.draft_operative} operative")
        parts.append(f"{self.notes} footnotes")
        return ", ".join(parts)


def escape(text: str) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def finish(text: str) -> str:
    """Escape, then turn the private marks into Markdown."""
    out = escape(text)
    out = out.replace(EM_OPEN, "*").replace(EM_CLOSE, "*")
    return NOTE_MARK.sub(lambda m: f"[^{m.group(1)}]", out)


def _line_start(text: str) -> str:
    m = _LINE_START.match(text)
    if not m:
        return text
    if m.group(0)[:1].isdigit():
        return text[: m.end()] + "\\" + text[m.end() :]
    return "\\" + text


def _restore(block: Block, names: set[str]) -> str:
    """The block's text with the italics of its opening words restored."""
    text = block.text
    if EM_OPEN in text or block.in_annex:
        return text
    quote = text[:1] if text[:1] in '“"' else ""
    body = text[len(quote) :]
    if block.kind == "formula":
        core = body.rstrip(",")
        return quote + em_wrap(core, len(core)) + body[len(core) :]
    if block.kind == "recital":
        return quote + em_wrap(body, recital_opening(plain(body)))
    if block.kind in ("op", "op1"):
        return quote + em_wrap(body, operative_opening(plain(body), names))
    return text


def _block_md(block: Block, restore: bool, names: set[str]) -> str:
    text = _restore(block, names) if restore else block.text
    if block.kind == "adoption":
        p = " ".join(plain(text).split())
        m = _ADOPTION_SPLIT.match(p)
        if m and "Adopted" not in p:
            return f"*{escape(m.group(1))}  \n{escape(m.group(2))}*"
        return finish(text)
    if block.kind == "annex":
        return "## Annex" + (f" {block.number}" if block.number else "")
    if block.kind == "section":
        return f"## {block.number}." + (f" {finish(block.text)}" if block.text else "")
    if block.kind == "heading":
        return "### " + finish(text)
    if block.kind == "op":
        return f"{block.quote}{block.number}. {finish(text)}"
    if block.kind == "point":
        indent = "" if block.draft else "   "
        return f"{indent}{block.quote}({block.number}) {finish(text)}"
    return _line_start(finish(text))


def render(blocks: list[Block], notes: dict[str, Note], restore: bool) -> tuple[str, Stats]:
    stats = Stats(notes=len(notes))
    chunks: list[str] = []
    quoted: list[tuple[Block, str]] = []
    line = 1  # where the next chunk starts in the Markdown written

    def add(chunk: str) -> None:
        nonlocal line
        chunks.append(chunk)
        line += chunk.count("\n") + 2

    def close_quote() -> None:
        nonlocal line
        if quoted:
            at = line
            for block, md in quoted:
                block.md_line = at
                at += md.count("\n") + 2
            add("\n>\n".join("\n".join("> " + ln for ln in md.split("\n")) for _, md in quoted))
            quoted.clear()

    names = names_in([plain(b.text) for b in blocks]) if restore else set()
    for block in blocks:
        _count(block, stats)
        md = _block_md(block, restore, names)
        if block.draft:
            quoted.append((block, md))
            continue
        close_quote()
        block.md_line = line
        add(md)
    close_quote()
    for note in notes.values():
        chunks.append(f"[^{note.label}]: {finish(note.text)}")
    return "\n\n".join(chunks) + "\n", stats


def _count(block: Block, stats: Stats) -> None:
    if block.in_annex:
        return
    if block.kind == "recital":
        if block.draft:
            stats.draft_recitals += 1
        else:
            stats.recitals += 1
    elif block.kind in ("op", "op1"):
        if block.draft:
            stats.draft_operative += 1
        else:
            stats.operative += 1
    elif block.kind == "point":
        stats.points += 1
