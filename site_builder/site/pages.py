"""The page list: every HTML page of the site, its template, how its context is made
(only when the page is rendered) and what it is made of (``depends``, for the
build to decide whether it must be rendered again)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder import indexes
from site_builder.indexes.citations import citation_index
from site_builder.linking import LoadedSite
from site_builder.model import Resolution
from site_builder.site.citepicture import most_cited
from site_builder.site.contexts import (
    BaseContext,
    BodyContext,
    CitationsContext,
    DatesContext,
    HomeContext,
    MeetingsContext,
    ResolutionContext,
    base_context,
    resolution_context,
)
from site_builder.urls import page_dir, page_file


@dataclass(frozen=True, slots=True)
class Page:
    #: the file, relative to the output root
    rel: str
    template: str
    context: Callable[[], Mapping[str, Any]]
    #: everything the page shows besides the templates and the configuration (hashed by the build)
    depends: tuple[str, ...]
    #: the digests of the texts of the other resolutions it may show (it depends on them
    #: only if its templates read a text: ``site.templates.Environment``)
    texts: tuple[str, ...] = ()


def page_list(site: LoadedSite) -> Iterator[Page]:
    """The resolution pages in site order, then the index pages and the 404 page."""
    config = site.config
    resolutions = site.resolutions
    keys = site.keys
    identity = keys.meta  # a resolution as other pages may show it, but for its text
    by_symbol = site.index.by_symbol
    neighbours = indexes.neighbours(resolutions)
    outgoing, incoming, anchors = site.graph.outgoing, site.graph.incoming, keys.anchors
    #: a citing resolution as "Cited by" shows it: the start of its entries' ``repr``
    citing: dict[str, str] = {}
    for r in resolutions:
        canonical = r.canonical
        prev, nxt = neighbours[canonical]
        named = dict.fromkeys(c.target for c in outgoing[canonical])
        targets = [t for t in named if t in by_symbol]
        # "Cites": each cited resolution of the site as other pages see it
        cites = [identity[t] if t in by_symbol else "-" for t in named]
        # "Cited by": each citing place, and the citing resolution's fields and anchors, as
        # ``repr`` writes a list of (fields, anchors, paragraph, pinpoint)
        places = incoming.get(canonical, ())
        entries = []
        for p in places:
            c = p.resolution.canonical
            start = citing.get(c)
            if start is None:
                start = citing[c] = repr((identity[c], anchors[c]))[:-1]
            entries.append(f"{start}, {p.paragraph!r}, {p.pinpoint!r})")

        def context(
            r: Resolution = r, prev: Resolution | None = prev, nxt: Resolution | None = nxt
        ) -> ResolutionContext:
            return resolution_context(
                r,
                site.rendered[r.canonical],
                config=config,
                index=site.index,
                incoming=site.graph.incoming.get(r.canonical, ()),
                outlines=site.outlines,
                prev_next=(prev, nxt),
            )

        depends = (
            r.path,
            keys.render[canonical],
            identity[prev.canonical] if prev is not None else "-",
            identity[nxt.canonical] if nxt is not None else "-",
            repr(cites),
            "[" + ", ".join(entries) + "]",
        )
        shown = [by_symbol[t].digest for t in targets]
        shown += [p.resolution.digest for p in places]
        if prev is not None:
            shown.append(prev.digest)
        if nxt is not None:
            shown.append(nxt.digest)
        yield Page(page_file(page_dir(r)), "resolution.html", context, depends, tuple(shown))

    # every index page may show any field of any resolution, and its citations
    everything = tuple(identity[r.canonical] + keys.cites[r.canonical] for r in resolutions)
    texts = tuple(r.digest for r in resolutions)
    listings = indexes.by_body(resolutions, config.bodies)
    for listing in listings:
        current = f"{listing.body.key}/"

        def body_page(listing: indexes.BodyListing = listing, current: str = current) -> BodyContext:
            title = f"{listing.body.name} resolutions"
            return {**base_context(config, current, title=title, kind="body"), "listing": listing}

        yield Page(page_file(current), "body.html", body_page, everything, texts)

    def home() -> HomeContext:
        return {
            **base_context(config, "", title=config.title, kind="home"),
            "listings": listings,
            "latest": indexes.latest(resolutions),
            "count": len(resolutions),
        }

    def dates() -> DatesContext:
        ctx = base_context(config, "dates/", title="Resolutions by date", kind="dates")
        return {**ctx, "years": indexes.by_date(resolutions)}

    def meetings() -> MeetingsContext:
        ctx = base_context(config, "meetings/", title="Resolutions by meeting", kind="meetings")
        return {**ctx, "groups": indexes.by_meeting(resolutions, config.bodies)}

    def cited() -> CitationsContext:
        ctx = base_context(config, "citations/", title="Cited documents", kind="citations")
        entries = citation_index(site)
        return {**ctx, "entries": entries, "most_cited": most_cited(entries, config.bodies)}

    def not_found() -> BaseContext:
        # the 404 page is served from any depth, so its links are absolute from the
        # site root when a base URL is known, else relative to the root
        ctx = base_context(config, "", title="Page not found", kind="404")
        if config.base_url:
            base = config.base_url
            ctx["root"], ctx["link"] = base, lambda path: base + path
        return ctx

    yield Page("index.html", "home.html", home, everything, texts)
    yield Page("dates/index.html", "by-date.html", dates, everything, texts)
    yield Page("meetings/index.html", "by-meeting.html", meetings, everything, texts)
    yield Page("citations/index.html", "citations.html", cited, everything, texts)
    yield Page("404.html", "404.html", not_found, ())  # the configuration only
