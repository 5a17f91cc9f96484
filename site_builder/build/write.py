"""Write: every page and export of a loaded site into the output, only what changed.

A file is made again only when its fingerprint (what it depends on, hashed with the
configuration and every template) changed or the file is not intact on disk; a file
whose new bytes equal the old ones is not written. Pages are rendered on all cores
when many must be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from site_builder import sources
from site_builder.build.parallel import map_ranges, worker_count
from site_builder.build.session import FirstPages, Preview
from site_builder.cache import digest
from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.exports import pagefind
from site_builder.exports.akn import akn_files
from site_builder.exports.catalogue import catalogue_files
from site_builder.exports.feeds import feed_files
from site_builder.exports.pagefind import EXCLUDE, PAGEFIND_DIR
from site_builder.exports.search import search_shards, shards_file, symbol_files
from site_builder.exports.sitemap import sitemap_files
from site_builder.linking import LoadedSite
from site_builder.model import OutFile, PageEntry
from site_builder.output import SiteOutput
from site_builder.output.writer import bytes_digest
from site_builder.series.site import with_series
from site_builder.site.pages import Page, page_list
from site_builder.site.templates import Environment, TemplateFailure, default_dir, make_environment, render_template
from site_builder.urls import page_dir, page_file

#: the exports, each ``(site) -> files``
EXPORTS: tuple[Callable[[LoadedSite], Iterable[OutFile]], ...] = (
    sitemap_files,
    catalogue_files,
    akn_files,
    feed_files,
    symbol_files,
)


def makes_akn() -> bool:
    """Whether the build writes the Akoma Ntoso files: the render stage makes their XML
    only then (a build without the export, as ``bench.run --core``, builds no AKN tree)."""
    return akn_files in EXPORTS


def write_site(
    site: LoadedSite,
    output: SiteOutput,
    reporter: Reporter,
    *,
    search_index: bool = True,
    preview: Preview | None = None,
) -> int:
    """Every page, the theme, every export and the search index into ``output``; returns
    the number of HTML pages (0 after a template error, reported).

    With ``preview`` (the live preview), the pages it asks for and the theme come first
    and are handed to it (``FirstPages``) before the other pages and the exports; between
    steps the build stops (``Superseded``) when a newer save waits."""
    config = site.config
    listed = with_series(site, page_list(site))
    pages: list[Page] | None
    if preview is not None:
        pages = _write_first(site, listed, output, reporter, preview)
    else:
        pages = list(listed)
        if not _write_pages(config, pages, site.keys.base, output, reporter):
            return 0
        _write_theme(config, output, reporter)
    if pages is None:
        return 0
    for export in EXPORTS:
        for f in export(site):
            if preview is not None:
                preview.check()
            fingerprint = digest(site.keys.base, f.rel, *f.depends) if f.depends else ""
            if not (fingerprint and output.is_fresh(f.rel, fingerprint)):
                output.write(f.rel, f.make(), fingerprint)
    check = preview.check if preview is not None else None
    _write_search_index(site, output, reporter, keep_stale=not search_index, check=check)
    if check is not None:
        check()  # (the last chance: the caller swaps the output in next)
    return len(pages)


#: pages written between two looks for a newer save (live preview)
_PAGES_PER_STEP = 50


def _write_first(
    site: LoadedSite, listed: Iterator[Page], output: SiteOutput, reporter: Reporter, preview: Preview
) -> list[Page] | None:
    """The pages ``preview`` asks for (and those of the changed files) and the theme,
    handed over; then the other pages, a step at a time. Every page, in order; None
    after a template error."""
    config, base = site.config, site.keys.base
    wanted = set(preview.first())
    wanted.update(page_file(page_dir(r)) for r in site.resolutions if r.path in preview.changed)
    pages, first, missing = [], [], set(wanted)
    for page in listed:  # (the list is made as it goes: no further than the last page wanted)
        pages.append(page)
        if page.rel in missing:
            first.append(page)
            missing.discard(page.rel)
            if not missing:
                break
    if not _write_pages(config, first, base, output, reporter):
        return None
    _write_theme(config, output, reporter)
    if first:  # (none of the pages asked for is in the site: nothing to hand over early)
        files = {rel: (output.staging / rel).read_bytes() for rel in output.pending}
        preview.publish(FirstPages(files, frozenset(output.manifest), tuple(reporter.diagnostics), config.language))
    pages.extend(listed)
    rest = [p for p in pages if p.rel not in wanted]
    for start in range(0, len(rest), _PAGES_PER_STEP):
        preview.check()
        if not _write_pages(config, rest[start : start + _PAGES_PER_STEP], base, output, reporter):
            return None
    return pages


def _write_theme(config: SiteConfig, output: SiteOutput, reporter: Reporter) -> None:
    for rel, source in theme_files(config, reporter):
        output.write(rel, source.read_bytes())


def theme_files(config: SiteConfig, reporter: Reporter) -> list[tuple[str, Path]]:
    """The shipped theme, with the site's own files replacing them by name (walked by
    ``sources``, with its symbolic-link policy); the site's templates' references to
    theme files that neither has are reported."""
    files: dict[str, Path] = {}
    shipped = default_dir("theme")
    for path in sorted(shipped.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files[path.relative_to(shipped).as_posix()] = path
    for own, rel, _ in sources.walk(config.root, "theme", skip=sources.dotted).files:
        files[rel] = Path(own)
    for template, line, message in sources.missing_theme_assets(config.root, files):
        reporter.warning(template, line, message)
    return [(f"theme/{rel}", path) for rel, path in sorted(files.items())]


@dataclass(frozen=True, slots=True)
class _Job:
    env: Environment
    pages: list[Page]
    #: (page, its fingerprint if its templates read no other resolution's text, else)
    todo: list[tuple[int, str, str]]
    output: SiteOutput
    config: SiteConfig


def _write_pages(config: SiteConfig, pages: list[Page], base: str, output: SiteOutput, reporter: Reporter) -> bool:
    todo = []
    for i, page in enumerate(pages):
        without_texts = digest(base, page.rel, *page.depends)
        if output.is_fresh(page.rel, without_texts):
            continue  # (the texts' digest is needed only when that one is not the page's)
        with_texts = digest(without_texts, *page.texts)
        if not output.is_fresh(page.rel, with_texts):
            todo.append((i, without_texts, with_texts))
    job = _Job(make_environment(config.templates_dir), pages, todo, output, config)
    with closing(map_ranges(_render_pages, job, len(todo))) as chunks:
        for results, error in chunks:
            for rel, entry, written in results:
                output.adopt(rel, entry, written=written)
            if error is not None:
                reporter.error(*error)
                return False
    return True


def _render_pages(
    job: _Job, start: int, end: int
) -> tuple[list[tuple[str, PageEntry, bool]], tuple[str, int, str] | None]:
    """Render and store ``job.todo[start:end]`` (in a worker process or this one); stops at a template error."""
    results: list[tuple[str, PageEntry, bool]] = []
    env = job.env
    for i, without_texts, with_texts in job.todo[start:end]:
        page = job.pages[i]
        env.read_text = False
        try:
            html = render_template(env, page.template, page.context(), job.config.templates_dir)
        except TemplateFailure as failure:
            return results, (failure.path, failure.line, failure.message)
        fingerprint = with_texts if env.read_text else without_texts
        entry, written = job.output.store(page.rel, html.encode("utf-8"), fingerprint)
        results.append((page.rel, entry, written))
    return results, None


def _write_search_index(
    site: LoadedSite,
    output: SiteOutput,
    reporter: Reporter,
    *,
    keep_stale: bool,
    check: Callable[[], None] | None = None,
) -> None:
    """Pagefind's bundles, one per shard of the pages (``exports.search``), under
    ``pagefind/<shard>/``: a shard is indexed again only when one of its pages changed
    (with ``keep_stale``, only when it has no bundle yet: the others are kept, stale);
    Pagefind's script and WebAssembly once, beside the primary (first) shard. ``check``
    is called before each round of Pagefind runs (it may raise to stop the build)."""
    shards = search_shards(site)
    version = pagefind.pagefind_version()
    fingerprints: dict[str, str] = {}
    todo = []
    for shard in shards:
        pages = [f"{rel}\0{output.manifest[rel].digest}" for rel in shard.pages if rel in output.manifest]
        fingerprints[shard.name] = digest("pagefind", version, EXCLUDE, shard.name, *pages)
        if not _keep_bundle(output, f"{PAGEFIND_DIR}/{shard.name}/", fingerprints[shard.name], keep_stale=keep_stale):
            todo.append(shard)
    primary = f"{PAGEFIND_DIR}/{shards[0].name}/" if shards else ""
    runtime = _previous_runtime(output)
    if shards and not runtime and shards[0] not in todo:
        todo.append(shards[0])  # the engine's files are made by a Pagefind run
    with output.scratch("pagefind") as tmp:
        jobs = [(s.name, {rel: _page_file(output, rel) for rel in s.pages if rel in output.manifest}) for s in todo]
        workers = worker_count()
        step = len(jobs) if check is None else workers  # (a round in flight is waited for)
        for start in range(0, len(jobs), max(1, step)):
            if check is not None:
                check()
            for name, bundle in pagefind.index_shards(jobs[start : start + step], tmp, reporter, workers):
                for rel, data in (bundle or {}).items():
                    if pagefind.is_runtime(rel):
                        runtime[rel] = data
                    else:
                        output.write(f"{PAGEFIND_DIR}/{name}/{rel}", data, fingerprints[name])
    for rel, data in sorted(runtime.items()):
        output.write(primary + rel, data, _RUNTIME)
    if runtime:
        output.write(f"{PAGEFIND_DIR}/shards.json", shards_file(shards))


#: the fingerprint of Pagefind's script and WebAssembly files
_RUNTIME = "pagefind-runtime"


def _previous_runtime(output: SiteOutput) -> dict[str, bytes]:
    """Pagefind's script and WebAssembly as the previous build left them, if intact."""
    found: dict[str, bytes] = {}
    for rel, e in output.previous.items():
        if e.fingerprint == _RUNTIME and rel.startswith(PAGEFIND_DIR + "/"):
            try:
                data = (output.out / rel).read_bytes()
            except OSError:
                return {}
            if bytes_digest(data) != e.digest:
                return {}
            found[rel.rsplit("/", 1)[1]] = data
    return found


def _page_file(output: SiteOutput, rel: str) -> Path:
    """Where a page of this build is now: written under staging, or kept in the output."""
    return (output.staging if rel in output.pending or not output.in_place else output.out) / rel


#: the mtime a stale bundle's files are recorded with: no file has it, so the next
#: build never finds the output unchanged, and indexes again unless it keeps stale ones
_STALE_MTIME = -1


def _keep_bundle(output: SiteOutput, prefix: str, fingerprint: str, *, keep_stale: bool) -> bool:
    """Keep the previous build's bundle under ``prefix`` when it is intact and was made
    from pages with ``fingerprint`` (with ``keep_stale``, from any pages: recorded as stale)."""
    files = {rel: e for rel, e in output.previous.items() if rel.startswith(prefix) and e.fingerprint != _RUNTIME}
    if f"{prefix}pagefind-entry.json" not in files or any(not e.fingerprint for e in files.values()):
        return False
    if all(e.fingerprint == fingerprint for e in files.values()):
        kept: list[str] = []
        for rel, e in files.items():
            if not output.is_fresh(rel, e.fingerprint):
                for done in kept:  # a damaged bundle is made again, whole
                    output.manifest.pop(done, None)
                return False
            kept.append(rel)
        return True
    if not keep_stale:
        return False
    for rel, e in files.items():
        try:
            st = (output.out / rel).stat()
        except OSError:
            return False
        if st.st_size != e.size or e.mtime_ns not in (st.st_mtime_ns, _STALE_MTIME):
            return False
    for rel, e in files.items():
        output.keep(rel, PageEntry(e.fingerprint, e.digest, e.size, _STALE_MTIME))
    return True
