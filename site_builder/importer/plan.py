"""Where each imported resolution goes, its front matter, the validation of the
whole file by the site's own reader, and the writing (or not) of the files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.config import CONFIG_FILE, SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.importer.model import Piece
from site_builder.numbering import parse_number
from site_builder.scaffold import SITE_YAML

_ORDER = ("symbol", "body", "title", "date", "meeting", "session", "agenda_item", "draft", "report", "partial",
          "editorial")  # fmt: skip


@dataclass
class Planned:
    source: str
    piece: Piece
    rel: str
    path: Path
    content: str
    summary: str


def front_matter(piece: Piece, body: str) -> str:
    fields: dict[str, Any] = {"symbol": piece.symbol, "body": body}
    if piece.title:
        fields["title"] = piece.title
    fields.update({k: v for k, v in piece.meta.items() if k in _ORDER})
    ordered = {k: fields[k] for k in _ORDER if fields.get(k) is not None and fields.get(k) is not False}
    dumped = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{dumped}---\n\n"


def destination(piece: Piece, body: str, config: SiteConfig) -> str | None:
    numbering = config.bodies[body].numbering
    number = parse_number(piece.symbol or "", numbering)
    if number is None:
        return None
    return f"content/{body}/{number.period}/{number.slug}.md"


def validate(rel: str, content: str, config: SiteConfig, reporter: Reporter) -> bool:
    before = len(reporter.errors)
    parse_resolution(rel, content.encode("utf-8"), config, reporter)
    return len(reporter.errors) == before


def clashes(items: list[Planned], earlier: list[Planned], force: bool, reporter: Reporter) -> None:
    """A file's resolutions against those planned before it and the site's files."""
    seen: dict[str, Planned] = {item.rel: item for item in earlier}
    for item in items:
        other = seen.get(item.rel)
        if other is not None:
            reporter.error(
                item.source,
                item.piece.line,
                f"{item.piece.symbol} is also imported from {other.source}: one file each, please",
            )
        seen[item.rel] = item
        if item.path.exists() and not force:
            reporter.error(item.source, item.piece.line, f"{item.rel} exists; --force replaces it")


def write(planned: list[Planned], site: Path) -> bool:
    """Write the files; a site folder without configuration gets the default one,
    so that a build can follow. Returns True when it wrote site.yaml."""
    made_config = False
    if planned and not (site / CONFIG_FILE).exists():
        site.mkdir(parents=True, exist_ok=True)
        (site / CONFIG_FILE).write_text(SITE_YAML, encoding="utf-8")
        made_config = True
    for item in planned:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = item.path.with_name(item.path.name + ".tmp")
        tmp.write_text(item.content, encoding="utf-8")
        tmp.replace(item.path)
    return made_config
