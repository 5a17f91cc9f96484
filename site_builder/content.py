"""The content files of a site: finding them, the checks across files, and how a
resolution is named.

Each file is parsed by ``frontmatter.parse_resolution``; the build (``build.load``)
reads and parses every file before anything renders: duplicate symbols and
clashing output paths are only visible across files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from site_builder import sources
from site_builder.config import BodyConfig, SiteConfig
from site_builder.diagnostics import Reporter
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


def resolution_label(r: Resolution, bodies: Mapping[str, BodyConfig]) -> str:
    """ "ECOSOC resolution 2003/22"."""
    return f"{bodies[r.body].short_name} resolution {r.symbol}"


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
