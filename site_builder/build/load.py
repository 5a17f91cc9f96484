"""Load: every content file parsed into a :class:`Resolution` (``frontmatter``), or its
record from the last build when the file's bytes are unchanged."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from site_builder.build.scan import Scan, ScannedFile
from site_builder.cache import ParseEntry
from site_builder.config import SiteConfig
from site_builder.content import check_unique, site_relative, sort_key
from site_builder.diagnostics import Diagnostic, Level, Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.model import Resolution


def parse_file(rel: str, data: bytes, config: SiteConfig) -> tuple[Resolution | None, tuple[Diagnostic, ...]]:
    """One content file: its resolution (None when it has an error) and its problems."""
    local = Reporter()
    resolution = parse_resolution(rel, data, config, local)
    found = tuple(local.diagnostics)
    if resolution is None or any(d.level is Level.ERROR for d in found):
        return None, found
    return resolution, found


def _read(f: ScannedFile) -> bytes:
    if f.data is not None:
        return f.data
    with open(f.path, "rb") as handle:
        return handle.read()


def load_resolutions(
    config: SiteConfig, scan: Scan, previous: Mapping[str, ParseEntry], reporter: Reporter
) -> tuple[list[Resolution], dict[str, ParseEntry]]:
    """Every valid resolution in site order, and what the cache will hold of each file."""
    if not config.content_dir.is_dir():
        reporter.error(site_relative(config, config.content_dir), 0, "no content folder")
        return [], {}
    resolutions: list[Resolution] = []
    parsed: dict[str, ParseEntry] = {}
    for f in scan.files:
        try:
            data = _read(f)
        except OSError as exc:
            reporter.error(f.rel, 0, f"cannot read: {exc.strerror}")
            continue
        entry = previous.get(f.rel)
        text = ""
        if entry is not None and entry.digest == f.sha256 and entry.resolution.path == f.rel:
            text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        if entry is not None and text and entry.text_length <= len(text):
            resolution = dataclasses.replace(entry.resolution, text=text[len(text) - entry.text_length :])
            found = entry.diagnostics
        else:
            parsed_resolution, found = parse_file(f.rel, data, config)
            if parsed_resolution is None:
                reporter.extend(found)
                continue
            resolution = parsed_resolution
            entry = ParseEntry(resolution.digest, dataclasses.replace(resolution, text=""), len(resolution.text), found)
        reporter.extend(found)
        parsed[f.rel] = entry
        resolutions.append(resolution)
    check_unique(resolutions, reporter)
    return sorted(resolutions, key=sort_key), parsed
