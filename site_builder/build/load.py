"""Load: every content file parsed into a :class:`Resolution` (``frontmatter``), or its
record from the last build when the file's bytes are unchanged."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from site_builder.build.render import Renderings, render_all
from site_builder.build.scan import Scan, ScannedFile, scan_files
from site_builder.cache import (
    BuildCache,
    ParseEntry,
    RenderEntry,
    State,
    code_hash,
    digest,
    meta_key,
    outline,
    tree_hash,
)
from site_builder.config import SiteConfig, load_config
from site_builder.content import check_unique, site_relative, sort_key
from site_builder.diagnostics import Diagnostic, Level, Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.linking import LoadedSite, PageKeys, SiteIndex, build_graph
from site_builder.model import Rendered, Resolution
from site_builder.site.templates import default_dir


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
    for i, f in enumerate(scan.files):
        try:
            data = _read(f)
        except OSError as exc:
            reporter.error(f.rel, 0, f"cannot read: {exc.strerror}")
            continue
        if f.data is not None:  # read once: the bytes are not held for the rest of the build
            scan.files[i] = f._replace(data=None)
        entry = previous.get(f.rel)
        text = ""
        if f.reread and hashlib.sha256(data).hexdigest() != f.sha256:
            entry = None  # (changed since the scan: parsed from the bytes read now)
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
            bare = dataclasses.replace(resolution, text="")
            entry = ParseEntry(resolution.digest, bare, len(resolution.text), found, meta_key(resolution))
        reporter.extend(found)
        parsed[f.rel] = entry
        resolutions.append(resolution)
    check_unique(resolutions, reporter)
    return sorted(resolutions, key=sort_key), parsed


class Outlines(Mapping[str, Rendered]):
    """Each resolution's outline by canonical symbol, read from its cache record when
    first asked for; one whose record does not decode is made from its full rendering."""

    def __init__(self, entries: Mapping[str, RenderEntry], renderings: Mapping[str, Rendered]) -> None:
        self._entries, self._renderings = entries, renderings

    def __getitem__(self, canonical: str) -> Rendered:
        entry = self._entries[canonical]
        try:
            return entry.outline
        except (ValueError, TypeError):
            return outline(self._renderings[canonical])

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def load_stage(root: Path, reporter: Reporter, cache: BuildCache, scan: Scan | None) -> tuple[LoadedSite, State]:
    """Read, validate, render and link every resolution: the loaded site, and what the
    cache will hold after this build."""
    config = load_config(root, reporter)
    config_key = digest(str(config.root), config.source_text)
    old_parsed, old_rendered = cache.records() if cache.state.config == config_key else ({}, {})
    scan = scan or scan_files(config.root, cache.state.files)
    for path, message in scan.problems:
        reporter.warning(path, 0, message)
    resolutions, parsed = load_resolutions(config, scan, old_parsed, reporter)
    index = SiteIndex.of(resolutions)
    rendered = render_all(config, resolutions, index, old_rendered, cache, code=code_hash(), config_key=config_key)
    entries = {r.canonical: rendered[r.path] for r in resolutions}
    for r in resolutions:
        for line, message, is_error in entries[r.canonical].problems:
            (reporter.error if is_error else reporter.warning)(r.path, line, message)
    renderings = Renderings(config, index, {c: e.key for c, e in entries.items()}, cache)
    outlines = Outlines(entries, renderings)
    graph = build_graph(resolutions, {c: e.citations for c, e in entries.items()}, outlines, index, reporter)
    keys = PageKeys(
        base=digest(config_key, tree_hash([config.templates_dir, default_dir("templates")])),
        render={c: e.key for c, e in entries.items()},
        meta={r.canonical: parsed[r.path].meta for r in resolutions},
        cites={c: e.cites for c, e in entries.items()},
        anchors={c: e.anchors for c, e in entries.items()},
    )
    site = LoadedSite(config, resolutions, renderings, outlines, index, graph, keys)
    state = State(config_key, parsed, rendered, cache.state.out, cache.state.pages, cache.state.summary, scan.records)
    state.spare = cache.state.spare
    return site, state
