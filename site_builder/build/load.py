"""Load: every content file parsed into a :class:`Resolution` (``frontmatter``), or its
record from the last build when the file's bytes are unchanged."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from site_builder.build.render import Renderings, render_all
from site_builder.build.scan import Scan, ScannedFile, scan_files
from site_builder.cache import BuildCache, ParseEntry, State, code_hash, digest, meta_key, tree_hash
from site_builder.config import SiteConfig, load_config
from site_builder.content import check_unique, site_relative, sort_key
from site_builder.diagnostics import Diagnostic, Level, Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.linking import LoadedSite, PageKeys, SiteIndex, build_graph
from site_builder.model import Resolution
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
    outlines = {r.canonical: rendered[r.path].outline for r in resolutions}
    for r in resolutions:
        for line, message, is_error in outlines[r.canonical].problems:
            (reporter.error if is_error else reporter.warning)(r.path, line, message)
    graph = build_graph(resolutions, outlines, index, reporter)
    keys = PageKeys(
        base=digest(config_key, tree_hash([config.templates_dir, default_dir("templates")])),
        render={r.canonical: rendered[r.path].key for r in resolutions},
        meta={r.canonical: meta_key(r) for r in resolutions},
        cites={r.canonical: rendered[r.path].cites for r in resolutions},
        anchors={r.canonical: rendered[r.path].anchors for r in resolutions},
    )
    site = LoadedSite(config, resolutions, Renderings(config, index, keys.render, cache), outlines, index, graph, keys)
    state = State(config_key, parsed, rendered, cache.state.out, cache.state.pages, cache.state.summary, scan.records)
    return site, state
