"""The build: load -> render -> link -> index -> template -> write.

Every stage reports problems into one Reporter; nothing is written unless the
whole site rendered without errors, and then it is swapped into place at once.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from site_builder import indexes
from site_builder.config import SiteConfig, load_config
from site_builder.content import load_resolutions
from site_builder.diagnostics import Diagnostic, Reporter, source_context
from site_builder.links import CitationGraph, SiteIndex, build_graph, page_dir
from site_builder.markdown import make_parser, render_markdown
from site_builder.model import Rendered, Resolution
from site_builder.pages import base_context, resolution_context, resolution_label
from site_builder.templates import default_dir, make_environment, template_location
from site_builder.urls import absolute, page_file
from site_builder.writer import OutputError, StagedOutput, check_output_dir


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


@dataclass(frozen=True)
class LoadedSite:
    """Everything known once the site is loaded, rendered and linked."""

    config: SiteConfig
    resolutions: list[Resolution]
    rendered: Mapping[str, Rendered]
    index: SiteIndex
    graph: CitationGraph


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


def load_site(root: Path, reporter: Reporter, timer: _Timer | None = None) -> LoadedSite:
    """Read, validate, render and link every resolution (no output)."""
    timer = timer or _Timer()
    with timer.stage("load"):
        config = load_config(root, reporter)
        resolutions = load_resolutions(config, reporter)
    with timer.stage("render"):
        index = SiteIndex.of(resolutions)
        md = make_parser(config)
        rendered: dict[str, Rendered] = {}
        for r in resolutions:
            result = render_markdown(
                md, r, resolve=index.resolver(config, page_dir(r)), document_url=config.document_url
            )
            rendered[r.canonical] = result
            for line, message, is_error in result.problems:
                (reporter.error if is_error else reporter.warning)(r.path, line, message)
    with timer.stage("link"):
        graph = build_graph(resolutions, rendered, index, reporter)
    return LoadedSite(config, resolutions, rendered, index, graph)


def build_site(root: Path, out: Path | None = None, *, strict: bool = False, write: bool = True) -> BuildResult:
    """Build the site in ``root`` into ``out`` (default ``root/build``).

    Raises BuildFailed with every problem found; the previous output is untouched.
    """
    root = root.resolve()
    out = (out or root / "build").resolve()
    reporter = Reporter(strict=strict)
    timer = _Timer()
    site = load_site(root, reporter, timer)
    add_context(reporter, root)
    if write:
        try:
            check_output_dir(out, root)
        except OutputError as exc:
            reporter.error("", 0, str(exc))
    reporter.raise_if_failed()
    citations = sum(len(c) for c in site.graph.outgoing.values())
    internal = sum(1 for cs in site.graph.outgoing.values() for c in cs if c.internal)
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
        result.timings = timer.timings
        return result
    with timer.stage("write"):
        output = StagedOutput(out)
        try:
            result.pages = write_site(site, output, reporter)
            reporter.raise_if_failed()
            output.commit()
        except BaseException:
            output.discard()
            raise
    result.files = output.files
    result.diagnostics = reporter.diagnostics
    result.timings = timer.timings
    return result


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
    """Render every page into ``output``; returns the number of HTML pages."""
    config = site.config
    env = make_environment(config.templates_dir)
    pages = 0
    for rel, template, context in _pages(site):
        try:
            html = env.get_template(template).render(context)
        except jinja2.TemplateError as exc:
            path, line = _template_error_location(exc, config)
            reporter.error(path, line, f"template error: {exc.message or exc}")
            return pages
        output.write_text(rel, html)
        pages += 1
    _copy_theme(config, output)
    output.write_text("sitemap.xml", _sitemap(site))
    output.write_text("data/resolutions.json", catalogue_json(site))
    # exports and search: site_builder/akn.py, feeds.py, search.py
    from site_builder import akn, feeds, search

    akn.write_akn(site, output)
    feeds.write_feeds(site, output)
    search.write_search(site, output, reporter)
    return pages


def _pages(site: LoadedSite) -> Iterator[tuple[str, str, dict[str, Any]]]:
    config = site.config
    resolutions = site.resolutions
    neighbours = indexes.neighbours(resolutions)
    for r in resolutions:
        ctx = resolution_context(
            r,
            site.rendered[r.canonical],
            config=config,
            index=site.index,
            graph=site.graph,
            all_rendered=site.rendered,
            prev_next=neighbours[r.canonical],
        )
        yield page_file(page_dir(r)), "resolution.html", ctx
    listings = indexes.by_body(resolutions, config.bodies)
    for listing in listings:
        current = f"{listing.body.key}/"
        ctx = base_context(config, current, title=f"{listing.body.name} resolutions", kind="body")
        ctx.update(listing=listing)
        yield page_file(current), "body.html", ctx
    ctx = base_context(config, "", title=config.title, kind="home")
    ctx.update(
        listings=listings,
        latest=indexes.latest(resolutions),
        count=len(resolutions),
    )
    yield "index.html", "home.html", ctx
    ctx = base_context(config, "dates/", title="Resolutions by date", kind="dates")
    ctx.update(years=indexes.by_date(resolutions))
    yield "dates/index.html", "by-date.html", ctx
    ctx = base_context(config, "meetings/", title="Resolutions by meeting", kind="meetings")
    ctx.update(groups=indexes.by_meeting(resolutions, config.bodies))
    yield "meetings/index.html", "by-meeting.html", ctx
    ctx = base_context(config, "citations/", title="Cited documents", kind="citations")
    ctx.update(entries=citation_index(site))
    yield "citations/index.html", "citations.html", ctx
    # the 404 page is served from any depth, so its links are absolute from the
    # site root when a base URL is known, else relative to the root
    ctx = base_context(config, "", title="Page not found", kind="404")
    if config.base_url:
        base = config.base_url
        ctx.update(root=base, link=lambda path: base + path)
    yield "404.html", "404.html", ctx


@dataclass(frozen=True)
class CitationIndexEntry:
    target: str
    kind: str
    internal: Resolution | None
    href: str
    count: int
    citing: tuple[tuple[Resolution, int], ...]


def citation_index(site: LoadedSite) -> tuple[CitationIndexEntry, ...]:
    """Every cited document, with the resolutions citing it and how often."""
    entries = []
    for target, places in site.graph.incoming.items():
        counts: dict[str, int] = {}
        by_symbol: dict[str, Resolution] = {}
        for place in places:
            counts[place.resolution.canonical] = counts.get(place.resolution.canonical, 0) + 1
            by_symbol[place.resolution.canonical] = place.resolution
        internal = site.index.by_symbol.get(target)
        href = page_dir(internal) if internal else site.config.document_link(target)
        entries.append(
            CitationIndexEntry(
                target=target,
                kind=site.graph.kinds.get(target, "document"),
                internal=internal,
                href=href,
                count=len(places),
                citing=tuple((by_symbol[s], n) for s, n in counts.items()),
            )
        )
    kind_order = {"resolution": 0, "decision": 1, "document": 2}
    return tuple(sorted(entries, key=lambda e: (kind_order.get(e.kind, 3), _natural(e.target))))


def _natural(text: str) -> tuple[Any, ...]:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _copy_theme(config: SiteConfig, output: StagedOutput) -> None:
    """The shipped theme, with the site's own files replacing them by name."""
    files: dict[str, Path] = {}
    for base in (default_dir("theme"), config.theme_dir):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(base).as_posix()] = path
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


def catalogue(site: LoadedSite) -> dict[str, Any]:
    """``data/resolutions.json``: the site's resolutions as data (see the README)."""
    items = []
    for r in site.resolutions:
        rendered = site.rendered[r.canonical]
        items.append(
            {
                "symbol": r.symbol,
                "document": r.document,
                "canonical": r.canonical,
                "body": r.body,
                "title": r.title,
                "date": r.date.isoformat(),
                "meeting": r.meeting,
                "session": r.session,
                "agenda_item": r.agenda_item,
                "topics": list(r.topics),
                "vote": None if r.vote is None else r.vote.text,
                "partial": r.partial,
                "draft": r.draft,
                "report": r.report,
                "url": page_dir(r),
                "official_url": site.config.document_link(r.canonical),
                "label": resolution_label(r, site.config.bodies),
                "paragraphs": [p.eid for p in rendered.paragraphs],
                "footnotes": list(rendered.footnote_labels),
                "citations": [
                    {
                        "symbol": c.target,
                        "kind": c.kind,
                        "text": c.text,
                        "pinpoint": c.pinpoint,
                        "from_paragraph": c.from_paragraph,
                        "internal": c.internal,
                    }
                    for c in rendered.citations
                ],
                "cited_by": [
                    {"symbol": p.resolution.canonical, "from_paragraph": p.paragraph, "pinpoint": p.pinpoint}
                    for p in site.graph.incoming.get(r.canonical, ())
                ],
            }
        )
    return {"site": {"title": site.config.title, "language": site.config.language}, "resolutions": items}


def catalogue_json(site: LoadedSite) -> str:
    return json.dumps(catalogue(site), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _template_error_location(exc: jinja2.TemplateError, config: SiteConfig) -> tuple[str, int]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return template_location(exc.filename or exc.name, exc.lineno, config.templates_dir)
    # runtime errors: Jinja rewrites the traceback so that template frames carry
    # the template's file name and line
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return template_location(frame.filename, frame.lineno or 0, config.templates_dir)
    return ("templates", 0)
