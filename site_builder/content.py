"""Load every content file of a site into :class:`Resolution` records.

Reading and validating happen here, for all files, before anything renders:
duplicate symbols and clashing output paths are only visible across files.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from site_builder import sources
from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.model import Resolution
from site_builder.urls import resolution_dir


def content_files(config: SiteConfig) -> list[Path]:
    """Every Markdown file under ``content/``, in a stable order (see ``sources``)."""
    return [Path(path) for path, _, _ in sources.content(config.root).files]


def site_relative(config: SiteConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def load_resolutions(config: SiteConfig, reporter: Reporter) -> list[Resolution]:
    """All valid resolutions, sorted by body and number; problems to ``reporter``."""
    if not config.content_dir.is_dir():
        reporter.error(site_relative(config, config.content_dir), 0, "no content folder")
        return []
    resolutions = []
    for path in content_files(config):
        rel = site_relative(config, path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            reporter.error(rel, 0, f"cannot read: {exc.strerror}")
            continue
        resolution = parse_resolution(rel, data, config, reporter)
        if resolution is not None:
            resolutions.append(resolution)
    check_unique(resolutions, reporter)
    return sorted(resolutions, key=sort_key)


def sort_key(resolution: Resolution) -> tuple[str, tuple[int, int, int, str], str]:
    return (resolution.body, resolution.number.sort_key, resolution.path)


def check_unique(resolutions: list[Resolution], reporter: Reporter) -> None:
    """Two files with one symbol, or one output path, are both named."""
    by_symbol: dict[str, list[Resolution]] = defaultdict(list)
    by_path: dict[str, list[Resolution]] = defaultdict(list)
    for r in resolutions:
        by_symbol[r.canonical].append(r)
        by_path[resolution_dir(r.body, r.number)].append(r)
    for symbol, group in by_symbol.items():
        if len(group) > 1:
            for r in group:
                others = ", ".join(o.path for o in group if o is not r)
                reporter.error(r.path, 2, f"symbol {r.symbol} ({symbol}) is also used by {others}")
    for out, group in by_path.items():
        symbols = {r.canonical for r in group}
        if len(group) > 1 and len(symbols) > 1:
            for r in group:
                others = ", ".join(o.path for o in group if o is not r)
                reporter.error(r.path, 2, f"output path {out} is also written by {others}")
