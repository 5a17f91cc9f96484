"""The build: load -> render -> link -> index -> template -> write.

Every stage reports problems into one Reporter; nothing is written unless the
whole site rendered without errors, and then it is swapped into place at once.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
import re
import time
import traceback
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from site_builder import indexes, sources
from site_builder.cache import (
    BlobStore,
    BuildCache,
    FileStat,
    LazyRendered,
    LightMap,
    Packed,
    PageEntry,
    ParseEntry,
    RenderEntry,
    State,
    code_hash,
    digest,
    known_digest,
    meta_key,
    pack,
    tree_hash,
)
from site_builder.catalogue import catalogue_json
from site_builder.citation_index import citation_index
from site_builder.citepicture import most_cited
from site_builder.config import SiteConfig, load_config
from site_builder.content import check_unique, site_relative, sort_key
from site_builder.diagnostics import Diagnostic, Level, Reporter, source_context
from site_builder.exports.akn import akn_from_tokens
from site_builder.frontmatter import parse_resolution
from site_builder.incremental import CachingOutput
from site_builder.links import SiteIndex, graph_of_packed, page_dir
from site_builder.lint import lint_site
from site_builder.loaded import LoadedSite, PageKeys
from site_builder.markdown import make_parser, render_tokens
from site_builder.model import Citation, Resolution
from site_builder.pages import base_context, resolution_context
from site_builder.parallel import map_ranges
from site_builder.series import site as series_site
from site_builder.templates import default_dir, make_environment, template_location
from site_builder.urls import absolute, page_file
from site_builder.writer import MARKER, OutputError, StagedOutput, check_output_dir


@dataclass
class BuildResult:
    out: Path | None
    resolutions: int
    pages: int
    files: int
    citations: int
    internal_citations: int
    diagnostics: list[Diagnostic]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def external_citations(self) -> int:
        return self.citations - self.internal_citations


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def stage(self, name: str) -> _Stage:
        return _Stage(self, name)


class _Stage:
    def __init__(self, timer: _Timer, name: str) -> None:
        self.timer, self.name = timer, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timer.timings[self.name] = time.perf_counter() - self.start


@dataclass
class Scan:
    """The content files as found: (path, site-relative path, sha256, bytes when read), in
    the order of ``content.content_files``, and what the cache will know of them."""

    files: list[tuple[str, str, str, bytes | None]]
    records: dict[str, FileStat]
    #: a file that could not be read: the full path reports it
    unreadable: bool = False
    #: (path, message): links skipped by the symbolic-link policy (``sources``)
    problems: list[tuple[str, str]] = field(default_factory=list)


def scan_files(root: Path, known: Mapping[str, FileStat]) -> Scan:
    """Every content file with the digest of its bytes: from ``known`` (size and times
    unchanged, and not changed just before it was read), else read now."""
    found: list[tuple[str, str, str, bytes | None]] = []
    records: dict[str, FileStat] = {}
    unreadable = False
    walked = sources.content(root)
    for path, rel, st in walked.files:
        record = known.get(path)
        sha = known_digest(record, st)
        data: bytes | None = None
        if sha is None:
            now = time.time_ns()
            try:
                with open(path, "rb") as f:
                    st = os.fstat(f.fileno())
                    data = f.read()
            except OSError:
                unreadable = True  # the load reports it
                found.append((path, "content/" + rel, "", None))
                continue
            sha = hashlib.sha256(data).hexdigest()
            record = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, sha, now)
        assert record is not None
        records[path] = record
        found.append((path, "content/" + rel, sha, data))
    return Scan(found, records, unreadable, walked.problems + sources.link_problems(root))


def load_site(
    root: Path,
    reporter: Reporter,
    timer: _Timer | None = None,
    *,
    cache: BuildCache | None = None,
    scan: Scan | None = None,
) -> LoadedSite:
    """Read, validate, render and link every resolution (no output).

    With a ``cache``, files whose bytes are unchanged are not parsed (nor read, when
    their size and times are those the cache knows) again, and resolutions whose file
    and resolver answers are unchanged are not rendered again.
    """
    timer = timer or _Timer()
    cache = cache or BuildCache(root, use_existing=False, persistent=False)
    with timer.stage("load"), gc_paused():
        config = load_config(root, reporter)
        config_key = digest(str(config.root), config.source_text)
        state = cache.for_config(config_key)
        if scan is None:
            scan = scan_files(config.root, state.files)
        for path, message in scan.problems:
            reporter.warning(path, 0, message)
        resolutions, parsed = _load_resolutions(config, reporter, state, scan)
    with timer.stage("render"):
        index = SiteIndex.of(resolutions)
        rendered = _render_resolutions(config, resolutions, index, state, cache.blobs)
        packed: dict[str, Packed] = {}
        for r in resolutions:
            entry = rendered[r.path]
            packed[r.canonical] = entry.light
            for line, message, is_error in entry.light[3]:
                (reporter.error if is_error else reporter.warning)(r.path, line, message)
        light_map = LightMap(packed)
    with timer.stage("link"), gc_paused():
        graph = graph_of_packed(resolutions, packed, index, reporter)
    template_dirs = [config.templates_dir, default_dir("templates")]
    by_symbol = {r.canonical: rendered[r.path] for r in resolutions}
    keys = PageKeys(
        base=digest(config_key, tree_hash(template_dirs)),
        render={s: e.key for s, e in by_symbol.items()},
        meta={r.canonical: parsed[r.path].meta for r in resolutions},
        cites={s: e.cites for s, e in by_symbol.items()},
        anchors={s: e.anchors for s, e in by_symbol.items()},
        reads_text=_templates_read_text(template_dirs),
    )
    new_state = State(state.key, config_key, parsed, rendered, state.out, state.pages, files=scan.records)
    return LoadedSite(
        config,
        resolutions,
        LazyRendered(light_map, keys.render, cache.blobs),
        index,
        graph,
        light=light_map,
        keys=keys,
        cache_state=new_state,
    )


@contextmanager
def gc_paused(*, freeze: bool = True) -> Iterator[None]:
    """No cyclic garbage collection while many objects, none of them in a cycle, are made
    (the cache's records, the site's resolutions, the graph, the citation index): each full
    collection would walk them all again, and none of them is garbage. With ``freeze``
    everything alive afterwards is moved out of the collector's sight (``gc.freeze``) for
    the rest of the build (``build_site`` thaws it), which also spares forked workers from
    copying the memory pages the collector would touch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


class _FileText:
    """``text`` of a :class:`_LazyTextResolution`: cut from its file when first read."""

    def __get__(self, obj: Any, owner: type | None = None) -> str:
        if obj is None:
            return ""
        path, length = obj.__dict__["_source"]
        with open(path, "rb") as f:
            text: str = f.read().decode("utf-8").removeprefix("\ufeff")
        text = text[len(text) - length :]
        obj.__dict__["text"] = text
        return text


class _LazyTextResolution(Resolution):
    """A resolution whose file is unchanged since the cache parsed it: its ``text`` is
    read when first asked for (most builds never ask)."""

    text = _FileText()


def _reuse(entry: ParseEntry, path: str, data: bytes | None) -> Resolution:
    if data is not None:
        text = data.decode("utf-8").removeprefix("\ufeff")
        return dataclasses.replace(entry.resolution, text=text[len(text) - entry.text_length :])
    lazy = object.__new__(_LazyTextResolution)
    fields = dict(entry.resolution.__dict__)
    del fields["text"]
    fields["_source"] = (path, entry.text_length)
    lazy.__dict__.update(fields)
    return lazy


def _load_resolutions(
    config: SiteConfig, reporter: Reporter, state: State, scan: Scan
) -> tuple[list[Resolution], dict[str, ParseEntry]]:
    """``content.load_resolutions``, reusing the parsed record of every file whose bytes are unchanged."""
    if not config.content_dir.is_dir():
        reporter.error(site_relative(config, config.content_dir), 0, "no content folder")
        return [], {}
    resolutions: list[Resolution] = []
    parsed: dict[str, ParseEntry] = {}
    for path, rel, file_digest, data in scan.files:
        entry = state.parsed.get(rel)
        resolution: Resolution | None
        if entry is not None and entry.digest == file_digest:
            resolution = _reuse(entry, path, data)
            if entry.diagnostics:
                reporter.extend(entry.diagnostics)
        else:
            if data is None:
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError as exc:
                    reporter.error(rel, 0, f"cannot read: {exc.strerror}")
                    continue
            local = Reporter()
            resolution = parse_resolution(rel, data, config, local)
            found = tuple(local.diagnostics)
            reporter.extend(found)
            if resolution is None or any(d.level is Level.ERROR for d in found):
                continue
            entry = ParseEntry(
                resolution.digest,
                dataclasses.replace(resolution, text=""),
                len(resolution.text),
                found,
                meta_key(resolution),
            )
        parsed[rel] = entry
        resolutions.append(resolution)
    check_unique(resolutions, reporter)
    return sorted(resolutions, key=sort_key), parsed


def _render_resolutions(
    config: SiteConfig, resolutions: list[Resolution], index: SiteIndex, state: State, blobs: BlobStore
) -> dict[str, RenderEntry]:
    """Each resolution's rendering by its file: from the cache when its file and
    every resolver answer it used are unchanged, else rendered (on all cores)."""
    entries: dict[str, RenderEntry] = {}
    candidates = {r.path: state.rendered[r.path] for r in resolutions if r.path in state.rendered}
    present = blobs.has(e.key for e in candidates.values()) if candidates else set()
    dirs = {symbol: page_dir(r) for symbol, r in index.by_symbol.items()}
    todo: list[Resolution] = []
    for r in resolutions:
        entry = candidates.get(r.path)
        if (
            entry is not None
            and entry.digest == r.digest
            and entry.key in present
            and all(dirs.get(target) == where for target, where in entry.deps)
        ):
            entries[r.path] = entry
        else:
            todo.append(r)
    if todo:
        payload = (make_parser(config), config, index, todo, state.config)
        with closing(map_ranges(_render_range, payload, len(todo))) as chunks:
            for chunk in chunks:
                blobs.put_many([(entry.key, blob) for _, entry, blob in chunk])
                for path, entry, _ in chunk:
                    entries[path] = entry
    return entries


def _target_dir(index: SiteIndex, target: str) -> str | None:
    found = index.by_symbol.get(target)
    return page_dir(found) if found is not None else None


def _render_range(
    payload: tuple[Any, SiteConfig, SiteIndex, list[Resolution], str], start: int, end: int
) -> list[tuple[str, RenderEntry, bytes]]:
    """Render ``todo[start:end]`` (in a worker process or this one)."""
    md, config, index, todo, config_key = payload
    out = []
    for r in todo[start:end]:
        deps: dict[str, str | None] = {}
        resolve = index.resolver(config, page_dir(r))

        def recording(cited: Any, resolve: Any = resolve, deps: dict[str, str | None] = deps) -> tuple[str, bool]:
            deps[cited.target] = _target_dir(index, cited.target)
            result: tuple[str, bool] = resolve(cited)
            return result

        rendered, tokens = render_tokens(md, r, resolve=recording, document_url=config.document_url)
        result = dataclasses.replace(rendered, akn=akn_from_tokens(r, config, tokens))
        used = tuple(sorted(deps.items(), key=lambda item: item[0]))
        key = digest(code_hash(), config_key, r.path, r.digest, repr(used))
        entry = RenderEntry(
            digest=r.digest,
            deps=used,
            light=pack(result),
            key=key,
            cites=digest(repr([_citation_fields(c) for c in result.citations])),
            anchors=digest(repr([(p.eid, p.kind, p.num) for p in result.paragraphs]), repr(result.footnote_labels)),
        )
        out.append((r.path, entry, zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)))
    return out


def _citation_fields(c: Citation) -> tuple[Any, ...]:
    """A citation as other pages show it: without its line (which moves with every edit above it)."""
    return tuple(getattr(c, f.name) for f in dataclasses.fields(c) if f.name != "line")


# a template that reads a resolution's text, or reaches attributes by a computed name
_READS_TEXT = re.compile(r"(?<!vote)\.(?:text|text_line|digest)\b|\[|\battr\b|\battribute\b")


def _templates_read_text(folders: list[Path]) -> bool:
    for base in folders:
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file() and _READS_TEXT.search(path.read_text(encoding="utf-8", errors="replace")):
                    return True
    return False


def build_site(
    root: Path, out: Path | None = None, *, strict: bool = False, write: bool = True, incremental: bool = True
) -> BuildResult:
    """Build the site in ``root`` into ``out`` (default ``root/build``).

    Raises BuildFailed with every problem found; the previous output is untouched.

    With ``incremental`` (the default) the build cache in ``root/.site-builder-cache/``
    is used when it can be trusted: unchanged files are not parsed or rendered
    again, and when ``out`` is the folder the cache describes, only the files whose
    inputs changed are written (each atomically, after every page rendered without
    errors). ``incremental=False`` ignores the cache (and makes it anew). Either way
    the output is byte for byte that of a clean build.
    """
    root = root.resolve()
    out = (out or root / "build").resolve()
    try:
        with gc_paused():
            cache = BuildCache(root, use_existing=incremental)
        try:
            return _build(root, out, cache, strict=strict, write=write, incremental=incremental)
        finally:
            cache.close()
    finally:
        gc.unfreeze()


def _build(root: Path, out: Path, cache: BuildCache, *, strict: bool, write: bool, incremental: bool) -> BuildResult:
    timer = _Timer()
    signature = ""
    with timer.stage("scan"):
        known = cache.output.files if cache.output is not None else {}
        scan = scan_files(root, known)
        if write:
            signature = _signature(root, strict, scan)
            unchanged = _unchanged(cache, out, signature) if incremental else None
            if unchanged is not None:
                if scan.records != known:  # times moved (a touch) but no bytes changed
                    cache.save_files(scan.records)
                unchanged.timings = timer.timings
                return unchanged
    reporter = Reporter(strict=strict)
    site = load_site(root, reporter, timer, cache=cache, scan=scan)
    reporter.extend(lint_site(site.config, site.resolutions, strict=strict))  # drafting checks
    state = site.cache_state
    add_context(reporter, root)
    if write:
        try:
            check_output_dir(out, root)
        except OutputError as exc:
            reporter.error("", 0, str(exc))
    if reporter.failed() and state is not None:
        cache.save(state)  # what parsed and rendered is kept; the output is untouched
    reporter.raise_if_failed()
    citations, internal = _count_citations(site)
    result = BuildResult(
        out=out if write else None,
        resolutions=len(site.resolutions),
        pages=0,
        files=0,
        citations=citations,
        internal_citations=internal,
        diagnostics=reporter.diagnostics,
    )
    if not write:
        if state is not None:
            cache.save(state)
        result.timings = timer.timings
        return result
    with timer.stage("write"):
        previous = None
        if incremental and state is not None and state.out == str(out) and (out / MARKER).is_file():
            previous = state.pages
        output = CachingOutput(out, previous)
        committing = False
        try:
            result.pages = write_site(site, output, reporter)
            if reporter.failed() and state is not None:
                cache.save(state)
            reporter.raise_if_failed()
            committing = True
            cache.forget()  # if the commit dies half-way, the next build starts clean
            output.commit()
        except BaseException:
            output.discard()
            if not committing:
                raise
            raise
    result.files = output.files
    if state is not None:
        summary = {
            "resolutions": result.resolutions,
            "pages": result.pages,
            "files": result.files,
            "citations": result.citations,
            "internal_citations": result.internal_citations,
            "diagnostics": list(reporter.diagnostics),
        }
        cache.save(
            dataclasses.replace(
                state, out=str(out), pages=output.manifest, summary=(signature, summary) if signature else None
            )
        )
    result.diagnostics = reporter.diagnostics
    result.timings = timer.timings
    return result


def _count_citations(site: LoadedSite) -> tuple[int, int]:
    """(citations, internal ones)."""
    if isinstance(site.light, LightMap):
        packed = site.light.packed
        cited = [packed[r.canonical][2] for r in site.resolutions]
        return sum(map(len, cited)), sum(1 for cs in cited for c in cs if c[6])
    outgoing = site.graph.outgoing
    return sum(len(c) for c in outgoing.values()), sum(1 for cs in outgoing.values() for c in cs if c.internal)


def _signature(root: Path, strict: bool, scan: Scan) -> str:
    """Every input of a build, hashed: site.yaml, each content file, the templates and theme."""
    if scan.unreadable:
        return ""  # the full path reports it
    parts = [str(root), str(strict)]
    config_file = root / "site.yaml"
    parts.append(hashlib.sha256(config_file.read_bytes()).hexdigest() if config_file.is_file() else "-")
    content = SiteConfig(root=root)
    for path, _, sha, _ in scan.files:
        parts.append(path + "\0" + sha)
    parts += [path + "\0" + message for path, message in scan.problems]
    parts.append(tree_hash([content.templates_dir, default_dir("templates"), content.theme_dir, default_dir("theme")]))
    return digest(*parts)


def _unchanged(cache: BuildCache, out: Path, signature: str) -> BuildResult | None:
    """The last build's result, when nothing it was made from changed and its output is intact."""
    state = cache.output
    if not signature or state is None or state.summary is None or state.out != str(out):
        return None
    if state.summary[0] != signature or not (out / MARKER).is_file():
        return None
    for rel, entry in state.pages.items():
        try:
            st = (out / rel).stat()
        except OSError:
            return None
        if st.st_size != entry.size or st.st_mtime_ns != entry.mtime_ns:
            return None
    values = state.summary[1]
    return BuildResult(
        out=out,
        resolutions=values["resolutions"],
        pages=values["pages"],
        files=values["files"],
        citations=values["citations"],
        internal_citations=values["internal_citations"],
        diagnostics=list(values["diagnostics"]),
    )


def add_context(reporter: Reporter, root: Path) -> None:
    """Attach the source lines around each problem, for the live preview's error page."""
    enriched = []
    for d in reporter.diagnostics:
        path = root / d.path
        if d.line and not d.context and path.is_file():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            d = Diagnostic(d.path, d.line, d.message, d.level, source_context(text, d.line))
        enriched.append(d)
    reporter._items = enriched
    reporter._seen = {(d.path, d.line, d.message) for d in enriched}


def write_site(site: LoadedSite, output: StagedOutput, reporter: Reporter) -> int:
    """Render every page into ``output``; returns the number of HTML pages.

    A :class:`CachingOutput` keeps the pages whose fingerprint is unchanged, and
    many pages are rendered on all cores; any other output gets every page.
    """
    config = site.config
    env = make_environment(config.templates_dir)
    pages = _write_pages(site, env, output, reporter)
    if pages is None:
        return 0
    _copy_theme(config, output, reporter)
    output.write_text("sitemap.xml", _sitemap(site))
    with gc_paused(freeze=False):
        _write_cached(output, "data/resolutions.json", _catalogue_fingerprint(site), lambda: catalogue_json(site))
    # exports and search: site_builder/akn.py, feeds.py, search.py
    from site_builder import akn, feeds, search

    akn.write_akn(site, output)
    feeds.write_feeds(site, output)
    search.write_search(site, output, reporter)
    return pages


#: one page: (file, template, its context when needed, fingerprint of its inputs)
PageSpec = tuple[str, str, Callable[[], dict[str, Any]], str]


def _write_pages(site: LoadedSite, env: jinja2.Environment, output: StagedOutput, reporter: Reporter) -> int | None:
    """Every page (those that must be rendered, on all cores when many); None on a template error."""
    with gc_paused():
        specs = list(_pages(site))
    if not isinstance(output, CachingOutput):
        for rel, template, make, _ in specs:
            try:
                html = env.get_template(template).render(make())
            except jinja2.TemplateError as exc:
                path, line = _template_error_location(exc, site.config)
                reporter.error(path, line, f"template error: {exc.message or exc}")
                return None
            output.write_text(rel, html)
        return len(specs)
    todo = [i for i, (rel, _, _, fp) in enumerate(specs) if not output.is_fresh(rel, fp)]
    payload = (env, specs, todo, output, site.config)
    with closing(map_ranges(_render_pages, payload, len(todo))) as chunks:
        for results, error in chunks:
            for rel, entry, written in results:
                output.adopt(rel, entry, written=written)
            if error is not None:
                reporter.error(*error)
                return None
    return len(specs)


def _render_pages(
    payload: tuple[jinja2.Environment, list[PageSpec], list[int], CachingOutput, SiteConfig], start: int, end: int
) -> tuple[list[tuple[str, PageEntry, bool]], tuple[str, int, str] | None]:
    """Render and write ``todo[start:end]`` (in a worker process or this one); stops at a template error."""
    env, specs, todo, output, config = payload
    results: list[tuple[str, PageEntry, bool]] = []
    for i in todo[start:end]:
        rel, template, make, fp = specs[i]
        try:
            html = env.get_template(template).render(make())
        except jinja2.TemplateError as exc:
            path, line = _template_error_location(exc, config)
            return results, (path, line, f"template error: {exc.message or exc}")
        entry, written = output.store(rel, html.encode("utf-8"), fp)
        results.append((rel, entry, written))
    return results, None


def _write_cached(output: StagedOutput, rel: str, fingerprint: str, make: Callable[[], str]) -> None:
    if isinstance(output, CachingOutput):
        if not output.is_fresh(rel, fingerprint):
            output.write_text(rel, make(), fingerprint)
    else:
        output.write_text(rel, make())


def _identity(site: LoadedSite, r: Resolution | None) -> str:
    """A resolution as other pages see it: its fields, and its text only when templates read it."""
    if r is None or site.keys is None:
        return "-"
    return site.keys.meta[r.canonical] + (r.digest if site.keys.reads_text else "")


def _index_fingerprint(site: LoadedSite) -> str:
    """What every index page is made of: each resolution's fields and citations."""
    keys = site.keys
    if keys is None:
        return ""
    parts = [_identity(site, r) + keys.cites[r.canonical] for r in site.resolutions]
    return digest(keys.base, *parts)


def _catalogue_fingerprint(site: LoadedSite) -> str:
    keys = site.keys
    if keys is None:
        return ""
    return digest(_index_fingerprint(site), *(keys.anchors[r.canonical] for r in site.resolutions))


#: the templates the page of cited documents is made of, as shipped
_CITATIONS_TEMPLATES = ("citations.html", "base.html", "_head_links.html", "_search.html")


def _citations_fingerprint(site: LoadedSite) -> str:
    """What the shipped page of cited documents shows of each resolution: its symbol and
    page (not its title or other fields), and its citations; "" (every field counts)
    when the site has its own version of one of the templates that make that page."""
    keys = site.keys
    own = site.config.templates_dir
    if keys is None or any((own / name).exists() for name in _CITATIONS_TEMPLATES):
        return ""
    cites = keys.cites
    parts = [
        f"{r.canonical}\x1f{r.body}\x1f{r.number.slug}\x1f{r.symbol}\x1f{cites[r.canonical]}" for r in site.resolutions
    ]
    return digest(keys.base, "citations/index.html", *parts)


def _pages(site: LoadedSite) -> Iterator[PageSpec]:
    config = site.config
    resolutions = site.resolutions
    neighbours = indexes.neighbours(resolutions)
    keys = site.keys
    light_map = site.light if site.light is not None else site.rendered
    packed = site.light.packed if isinstance(site.light, LightMap) else None
    raw_incoming = getattr(site.graph.incoming, "raw", None)
    identity: dict[str, str] = {}
    if keys is not None:
        if keys.reads_text:
            identity = {r.canonical: keys.meta[r.canonical] + r.digest for r in resolutions}
        else:
            identity = dict(keys.meta)
    by_symbol = site.index.by_symbol
    anchors = keys.anchors if keys is not None else {}
    series_index = series_site.site_series(site)
    for r in resolutions:
        current = page_dir(r)
        prev_next = neighbours[r.canonical]
        fingerprint = ""
        if keys is not None:
            # "Cites": each cited resolution of the site as other pages see it
            if packed is not None:
                targets = dict.fromkeys([c[0] for c in packed[r.canonical][2]])
            else:
                targets = dict.fromkeys([c.target for c in light_map[r.canonical].citations])
            cites = [identity[t] if t in by_symbol else "-" for t in targets]
            # "Cited by": each citing place, and the citing resolution's fields and anchors
            if raw_incoming is not None:
                places = raw_incoming.get(r.canonical, ())
                cited_by = [(identity[p[0].canonical], anchors[p[0].canonical], p[1], p[2]) for p in places]
            else:
                cited_by = [
                    (_identity(site, p.resolution), anchors[p.resolution.canonical], p.paragraph, p.pinpoint)
                    for p in site.graph.incoming.get(r.canonical, ())
                ]
            prev, nxt = prev_next
            fingerprint = digest(
                "\x1e".join(
                    (
                        keys.base,
                        r.path,
                        r.digest,
                        keys.render[r.canonical],
                        identity[prev.canonical] if prev is not None else "-",
                        identity[nxt.canonical] if nxt is not None else "-",
                        repr(cites),
                        repr(cited_by),
                        series_site.resolution_fingerprint(site, series_index, r),
                    )
                )
            )

        def make(
            r: Resolution = r, prev_next: tuple[Resolution | None, Resolution | None] = prev_next
        ) -> dict[str, Any]:
            ctx = resolution_context(
                r,
                site.rendered[r.canonical],
                config=config,
                index=site.index,
                graph=site.graph,
                all_rendered=light_map,
                prev_next=prev_next,
            )
            ctx.update(series_nav=series_site.resolution_nav(site, series_index, r))
            return ctx

        yield page_file(current), "resolution.html", make, fingerprint
    yield from series_site.pages(site, series_index)
    index_fp = _index_fingerprint(site)

    def fp(rel: str) -> str:
        return digest(index_fp, rel) if index_fp else ""

    listings = indexes.by_body(resolutions, config.bodies)
    for listing in listings:
        current = f"{listing.body.key}/"

        def body_page(listing: indexes.BodyListing = listing, current: str = current) -> dict[str, Any]:
            ctx = base_context(config, current, title=f"{listing.body.name} resolutions", kind="body")
            ctx.update(listing=listing)
            return ctx

        yield page_file(current), "body.html", body_page, fp(page_file(current))

    def home() -> dict[str, Any]:
        ctx = base_context(config, "", title=config.title, kind="home")
        ctx.update(
            listings=listings,
            latest=indexes.latest(resolutions),
            count=len(resolutions),
        )
        return ctx

    yield "index.html", "home.html", home, fp("index.html")

    def dates() -> dict[str, Any]:
        ctx = base_context(config, "dates/", title="Resolutions by date", kind="dates")
        ctx.update(years=indexes.by_date(resolutions))
        return ctx

    yield "dates/index.html", "by-date.html", dates, fp("dates/index.html")

    def meetings() -> dict[str, Any]:
        ctx = base_context(config, "meetings/", title="Resolutions by meeting", kind="meetings")
        ctx.update(groups=indexes.by_meeting(resolutions, config.bodies))
        return ctx

    yield "meetings/index.html", "by-meeting.html", meetings, fp("meetings/index.html")

    def cited() -> dict[str, Any]:
        ctx = base_context(config, "citations/", title="Cited documents", kind="citations")
        with gc_paused(freeze=False):
            entries = citation_index(site)
            ctx.update(entries=entries, most_cited=most_cited(entries, config.bodies))
        return ctx

    yield "citations/index.html", "citations.html", cited, _citations_fingerprint(site) or fp("citations/index.html")

    def not_found() -> dict[str, Any]:
        # the 404 page is served from any depth, so its links are absolute from the
        # site root when a base URL is known, else relative to the root
        ctx = base_context(config, "", title="Page not found", kind="404")
        if config.base_url:
            base = config.base_url
            ctx.update(root=base, link=lambda path: base + path)
        return ctx

    yield "404.html", "404.html", not_found, fp("404.html")


def _copy_theme(config: SiteConfig, output: StagedOutput, reporter: Reporter) -> None:
    """The shipped theme, with the site's own files replacing them by name."""
    files: dict[str, Path] = {}
    shipped = default_dir("theme")
    for path in sorted(shipped.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files[path.relative_to(shipped).as_posix()] = path
    for own, rel, _ in sources.walk(config.root, "theme", skip=sources.dotted).files:
        files[rel] = Path(own)
    for template, line, message in sources.missing_theme_assets(config.root, files):
        reporter.warning(template, line, message)
    for rel, path in sorted(files.items()):
        output.copy_file(f"theme/{rel}", path)


def _sitemap(site: LoadedSite) -> str:
    base = site.config.base_url
    paths = ["", "dates/", "meetings/", "citations/"]
    paths += [f"{key}/" for key in sorted({r.body for r in site.resolutions})]
    paths += [page_dir(r) for r in site.resolutions]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in paths:
        # without a base URL the sitemap holds root-relative paths; with one, full URLs
        loc = absolute(base, path) or ("/" + path)
        lines.append(f"  <url><loc>{_xml_escape(loc)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _template_error_location(exc: jinja2.TemplateError, config: SiteConfig) -> tuple[str, int]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return template_location(exc.filename or exc.name, exc.lineno, config.templates_dir)
    # runtime errors: Jinja rewrites the traceback so that template frames carry
    # the template's file name and line
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return template_location(frame.filename, frame.lineno or 0, config.templates_dir)
    return ("templates", 0)
