"""Render: each resolution's Markdown to HTML (and Akoma Ntoso), and what it used.

:func:`render_resolution` is the one place that calls the Markdown stage. Around it
the build reuses the last build's rendering of a resolution when its file and every
resolver answer it used are unchanged, and renders the others on all cores.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.build.parallel import map_ranges
from site_builder.build.write import makes_akn
from site_builder.cache import BuildCache, RenderEntry, digest, encode_blob, outline
from site_builder.citations import CitedDocument
from site_builder.config import SiteConfig
from site_builder.exports.akn import akn_from_tokens
from site_builder.linking import SiteIndex
from site_builder.lint import FileLint, adopt, file_lint, settings
from site_builder.lint.document import from_tokens
from site_builder.markdown import make_parser, render_tokens
from site_builder.model import Citation, Paragraph, Rendered, Resolution
from site_builder.urls import page_dir

#: (cited canonical symbol, its page folder in this site or None), sorted
Deps = tuple[tuple[str, str | None], ...]


def render_resolution(
    md: MarkdownIt, config: SiteConfig, index: SiteIndex, r: Resolution, *, akn: bool = True
) -> tuple[Rendered, Deps]:
    """The rendering of ``r`` (its HTML and, with ``akn``, its Akoma Ntoso XML from one
    parse), and the resolver answers it used: which cited documents are pages of the
    site, and where."""
    rendered, deps, _ = _render(md, config, index, r, akn=akn)
    return rendered, deps


def _render(
    md: MarkdownIt, config: SiteConfig, index: SiteIndex, r: Resolution, *, akn: bool
) -> tuple[Rendered, Deps, list[Token]]:
    resolve = index.resolver(config, page_dir(r))
    used: dict[str, str | None] = {}

    def recording(cited: CitedDocument) -> tuple[str, bool]:
        found = index.by_symbol.get(cited.target)
        used[cited.target] = page_dir(found) if found is not None else None
        return resolve(cited)

    rendered, tokens = render_tokens(md, r, resolve=recording, document_url=config.document_url)
    if akn:
        rendered = replace(rendered, akn=akn_from_tokens(r, config, tokens))
    return rendered, tuple(sorted(used.items(), key=lambda item: item[0])), tokens


def render_key(code: str, config_key: str, r: Resolution, deps: Deps) -> str:
    """Everything a rendering depends on, hashed: the code, the configuration, the file and its answers."""
    return digest(code, config_key, r.path, r.digest, repr(deps))


@dataclass(frozen=True, slots=True)
class _Job:
    md: MarkdownIt
    config: SiteConfig
    index: SiteIndex
    todo: list[Resolution]
    code: str
    config_key: str
    akn: bool
    #: the drafting checks' switches in ``site.yaml`` (``lint.settings.site_switches``)
    site_on: dict[str, bool]


def _render_range(job: _Job, start: int, end: int) -> list[tuple[str, RenderEntry, bytes, FileLint]]:
    """Render ``job.todo[start:end]`` (in a worker process or this one), and run each
    file's own drafting checks over what the render stage's parse found
    (``lint.document.from_tokens``): only their findings come back, never a paragraph.

    The build's one garbage-collector setting: no cyclic collection while rendering
    (token streams make many objects, none of them in a cycle that outlives its
    rendering; each collection would walk them all, about 6 % of the render time),
    restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        out = []
        for r in job.todo[start:end]:
            rendered, deps, tokens = _render(job.md, job.config, job.index, r, akn=job.akn)
            rendered = _shared_names(rendered)
            deps = tuple((sys.intern(target), where and sys.intern(where)) for target, where in deps)
            key = render_key(job.code, job.config_key, r, deps)
            entry = RenderEntry(
                r.digest, deps, outline(rendered), key, citation_fields(rendered), anchor_fields(rendered)
            )
            doc = from_tokens(r, tokens, rendered.paragraphs, rendered.citations)
            out.append((r.path, entry, encode_blob(rendered), file_lint(job.config, doc, job.site_on)))
        return out
    finally:
        if enabled:
            gc.enable()


def _shared_names(rendered: Rendered) -> Rendered:
    """``rendered`` with its anchors, numbers and cited symbols interned: the same names
    ("para_1", "a", "A/RES/57/173") recur in every resolution, and the main process,
    which keeps each one's paragraphs and citations for the whole build, then gets each
    name once per chunk of results (pickle shares equal objects) instead of once per use."""
    intern, paragraph, citation = sys.intern, Paragraph._make, Citation._make  # (_make: no keyword handling)
    paragraphs = tuple(paragraph((intern(p[0]), p[1], intern(p[2]), *p[3:])) for p in rendered.paragraphs)
    citations = tuple(
        citation((intern(c[0]), *c[1:4], c[4] and intern(c[4]), *c[5:])) for c in rendered.citations
    )  # (target, ..., from_paragraph, ...)
    return replace(rendered, paragraphs=paragraphs, citations=citations)


def render_all(
    config: SiteConfig,
    resolutions: list[Resolution],
    index: SiteIndex,
    previous: Mapping[str, RenderEntry],
    cache: BuildCache,
    *,
    code: str,
    config_key: str,
) -> dict[str, RenderEntry]:
    """Each resolution's rendering entry by its file: the last build's when its file and
    every resolver answer it used are unchanged (and its blob is stored), else made now.
    The drafting checks get what each one made now holds on its own (``lint.adopt``)."""
    akn = makes_akn()
    code = code + "+akn" if akn else code  # a rendering without the XML is another rendering
    entries: dict[str, RenderEntry] = {}
    candidates = {r.path: previous[r.path] for r in resolutions if r.path in previous}
    present = cache.has_blobs(e.key for e in candidates.values()) if candidates else set()
    dirs = {symbol: page_dir(r) for symbol, r in index.by_symbol.items()}
    todo: list[Resolution] = []
    for r in resolutions:
        entry = candidates.get(r.path)
        if (
            entry is not None
            and entry.digest == r.digest
            and entry.key in present
            and entry.key == render_key(code, config_key, r, entry.deps)
            and all(dirs.get(target) == where for target, where in entry.deps)
        ):
            entries[r.path] = entry
        else:
            todo.append(r)
    if todo:
        site_on = settings.site_switches(config, [])  # (its problems are reported by the checks)
        job = _Job(make_parser(config), config, index, todo, code, config_key, akn, site_on)
        linted: dict[str, FileLint] = {}
        with closing(map_ranges(_render_range, job, len(todo))) as chunks:
            for chunk in chunks:
                cache.put_blobs([(entry.key, blob) for _, entry, blob, _ in chunk])
                for path, entry, _, lint in chunk:
                    entries[path] = entry
                    linted[path] = lint
        adopt(config, linted)
    return entries


class Renderings(Mapping[str, Rendered]):
    """Each resolution's full rendering by canonical symbol, read back from the cache
    when asked for (only pages made again ask), so the HTML of a whole corpus is never
    held in memory at once; one the cache cannot give back is rendered again."""

    def __init__(self, config: SiteConfig, index: SiteIndex, keys: Mapping[str, str], cache: BuildCache) -> None:
        self._config, self._index, self._keys, self._cache = config, index, keys, cache
        self._md: MarkdownIt | None = None

    def __getitem__(self, canonical: str) -> Rendered:
        found = self._cache.blob(self._keys[canonical])
        if found is None:
            self._md = self._md or make_parser(self._config)
            r = self._index.by_symbol[canonical]
            found, _ = render_resolution(self._md, self._config, self._index, r, akn=makes_akn())
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def citation_fields(r: Rendered) -> str:
    """A rendering's citations as other pages show them: without their lines (which move
    with every edit above them)."""
    return digest(repr([c._replace(line=0) for c in r.citations]))


def anchor_fields(r: Rendered) -> str:
    return digest(repr([(p.eid, p.kind, p.num) for p in r.paragraphs]), repr(r.footnote_labels))
