"""The series pages of a loaded site: comparison pages, series pages, the links a
resolution page shows, and the fingerprints that keep incremental builds exact.

The build passes the site's page list through :func:`with_series`: the series are
detected once (:func:`site_series`), each resolution page gets its ``series_nav`` and a
series term in what it depends on (:func:`resolution_fingerprint`), and the comparison
and series pages follow (:func:`pages`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.content import resolution_label
from site_builder.linking import LoadedSite
from site_builder.model import Citation, Resolution
from site_builder.series.align import compare
from site_builder.series.detect import Series, SeriesIndex, detect_series
from site_builder.series.view import rows, summary, timeline
from site_builder.site.contexts import base_context
from site_builder.site.pages import Page
from site_builder.urls import page_dir, page_file, relative


def compare_dir(r: Resolution) -> str:
    """The comparison page beside a resolution's page: ``ga/80-4/compare/``."""
    return page_dir(r) + "compare/"


def series_dir(s: Series) -> str:
    return f"series/{s.id}/"


def site_citations(site: LoadedSite) -> dict[str, list[tuple[str, str | None]]]:
    """Each resolution's citations from preambular paragraphs, as (target, citing paragraph eId)
    (only those can make a predecessor: :func:`site_builder.series.detect.recalled`)."""
    outgoing = site.graph.outgoing
    return {
        r.canonical: [(c.target, c.from_paragraph) for c in outgoing[r.canonical] if _recital(c)]
        for r in site.resolutions
    }


def _recital(c: Citation) -> bool:
    return c.from_paragraph is not None and c.from_paragraph[:8] == "recital_"


#: the last site's series (the pages and the catalogue of one build both ask)
_last: list[tuple[weakref.ref[LoadedSite], SeriesIndex]] = []


def site_series(site: LoadedSite) -> SeriesIndex:
    """The series of a loaded site (detected once per loaded site)."""
    if _last and _last[0][0]() is site:
        return _last[0][1]
    index = detect_series(site.resolutions, site_citations(site))
    _last[:] = [(weakref.ref(site), index)]
    return index


@dataclass(frozen=True)
class Neighbour:
    label: str
    title: str
    href: str


@dataclass(frozen=True)
class SeriesNav:
    """What a resolution page shows of its series."""

    predecessor: Neighbour | None
    successor: Neighbour | None
    compare_href: str
    series_href: str
    position: int
    length: int


def _neighbour(site: LoadedSite, symbol: str | None, from_dir: str) -> Neighbour | None:
    r = site.index.by_symbol.get(symbol) if symbol else None
    if r is None:
        return None
    return Neighbour(resolution_label(r, site.config.bodies), r.title, relative(from_dir, page_dir(r)))


def resolution_nav(site: LoadedSite, index: SeriesIndex, r: Resolution) -> SeriesNav | None:
    s = index.series.get(r.canonical)
    if s is None:
        return None
    here = page_dir(r)
    before = index.predecessor.get(r.canonical)
    return SeriesNav(
        predecessor=_neighbour(site, before, here),
        successor=_neighbour(site, index.successor.get(r.canonical), here),
        compare_href=relative(here, compare_dir(r)) if before else "",
        series_href=relative(here, series_dir(s)),
        position=s.members.index(r.canonical) + 1,
        length=len(s.members),
    )


def _meta(site: LoadedSite, symbol: str | None) -> str:
    return "-" if symbol is None else site.keys.meta.get(symbol, "-")


def resolution_fingerprint(site: LoadedSite, index: SeriesIndex, r: Resolution) -> str:
    """What a resolution page shows of its series: its neighbours' fields, the series' id and length."""
    s = index.series.get(r.canonical)
    if s is None:
        return "-"
    before, after = index.predecessor.get(r.canonical), index.successor.get(r.canonical)
    parts = (s.id, str(len(s.members)), str(s.members.index(r.canonical)), _meta(site, before), _meta(site, after))
    return "\x1f".join(parts)  # hashed by the build with the page's other inputs


def _render_key(site: LoadedSite, symbol: str) -> str:
    return site.keys.render.get(symbol, "-")


def comparison_context(
    site: LoadedSite,
    old: Resolution,
    new: Resolution,
    current: str,
    page_link: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The context of ``compare.html`` for ``old`` -> ``new``, seen from the page folder
    ``current``; ``page_link`` makes the links to pages of the site (default: relative
    to ``current``; one that returns "" makes none)."""
    config = site.config
    old_paragraphs = site.rendered[old.canonical].paragraphs
    new_paragraphs = site.rendered[new.canonical].paragraphs
    comparison = compare(old_paragraphs, new_paragraphs)
    _step_counts(site)[old.canonical, new.canonical] = (comparison.new, comparison.removed, comparison.changed)
    to_page = page_link or (lambda path: relative(current, path))
    #: the relative link to each of the two pages, made once (rows link to both many times)
    pages: dict[str, str] = {}

    def link(r: Resolution, eid: str) -> str:
        if page_link is not None:
            return page_link(page_dir(r) + "#" + eid)
        page = pages.get(r.canonical)
        if page is None:
            page = pages[r.canonical] = relative(current, page_dir(r))
        return f"{page}#{eid}"

    table, renumbered = rows(comparison, old, new, old_paragraphs, new_paragraphs, link)
    old_label, new_label = resolution_label(old, config.bodies), resolution_label(new, config.bodies)
    ctx: dict[str, Any] = {
        **base_context(config, current, title=f"{new_label} compared with {old_label}", kind="compare")
    }
    ctx.update(
        old=old,
        new=new,
        old_label=old_label,
        new_label=new_label,
        old_href=to_page(page_dir(old)),
        new_href=to_page(page_dir(new)),
        summary=summary(comparison),
        rows=table,
        renumbered=renumbered,
        series_href="",
        stylesheet=ctx["root"] + "theme/compare.css",
        inline_css="",
    )
    return ctx


#: the last site's figures of each comparison made, (old, new) -> (new, removed, changed):
#: a series page shows the figures of comparisons its members' comparison pages made
_counts: list[tuple[weakref.ref[LoadedSite], dict[tuple[str, str], tuple[int, int, int]]]] = []


def _step_counts(site: LoadedSite) -> dict[tuple[str, str], tuple[int, int, int]]:
    if not (_counts and _counts[0][0]() is site):
        _counts[:] = [(weakref.ref(site), {})]
    return _counts[0][1]


def step_counts(site: LoadedSite, old: str, new: str) -> tuple[int, int, int]:
    """How many paragraphs were new, removed and changed from ``old`` to ``new`` (compared
    once per loaded site)."""
    known = _step_counts(site)
    counts = known.get((old, new))
    if counts is None:
        c = compare(site.rendered[old].paragraphs, site.rendered[new].paragraphs)
        counts = known[old, new] = (c.new, c.removed, c.changed)
    return counts


@dataclass(frozen=True)
class Step:
    """One member of a series on its page."""

    res: Resolution
    label: str
    href: str
    compare_href: str
    vote: str
    new: int
    removed: int
    changed: int
    first: bool


def series_context(site: LoadedSite, index: SeriesIndex, s: Series) -> dict[str, Any]:
    config = site.config
    current = series_dir(s)
    members = [site.index.by_symbol[m] for m in s.members]
    steps = []
    for r in members:
        before = index.predecessor.get(r.canonical)
        new = removed = changed = 0
        if before is not None:
            new, removed, changed = step_counts(site, before, r.canonical)
        steps.append(
            Step(
                res=r,
                label=resolution_label(r, config.bodies),
                href=relative(current, page_dir(r)),
                compare_href=relative(current, compare_dir(r)) if before is not None else "",
                vote=r.vote.text if r.vote is not None else "",
                new=new,
                removed=removed,
                changed=changed,
                first=before is None,
            )
        )
    latest = members[-1]
    title = f"Series: {latest.title}" if latest.title else f"Series of {resolution_label(members[0], config.bodies)}"
    ctx: dict[str, Any] = {**base_context(config, current, title=title, kind="series")}
    ctx.update(
        series=s,
        steps=steps,
        marks=timeline(members, lambda r: relative(current, page_dir(r))),
        first_year=members[0].date.year,
        last_year=members[-1].date.year,
        stylesheet=ctx["root"] + "theme/compare.css",
    )
    return ctx


def pages(site: LoadedSite, index: SeriesIndex) -> Iterator[Page]:
    """A comparison page for every resolution with a predecessor, a page for every series."""
    by_symbol = site.index.by_symbol
    for r in site.resolutions:
        before_symbol = index.predecessor.get(r.canonical)
        if before_symbol is None:
            continue
        before = by_symbol[before_symbol]
        s = index.series[r.canonical]
        current = compare_dir(r)
        depends = (
            "compare",
            s.id,
            _render_key(site, r.canonical),
            _render_key(site, before_symbol),
            _meta(site, r.canonical),
            _meta(site, before_symbol),
        )

        def make(
            old: Resolution = before, new: Resolution = r, current: str = current, s: Series = s
        ) -> dict[str, Any]:
            ctx = comparison_context(site, old, new, current)
            ctx["series_href"] = relative(current, series_dir(s))
            return ctx

        yield Page(page_file(current), "compare.html", make, depends)
    for s in index.all_series():
        parts = [
            f"{m}\x1f{index.predecessor.get(m, '-')}\x1f{_meta(site, m)}\x1f{_render_key(site, m)}" for m in s.members
        ]

        def make_series(s: Series = s) -> dict[str, Any]:
            return series_context(site, index, s)

        yield Page(page_file(series_dir(s)), "series.html", make_series, ("series", s.id, *parts))


def with_series(site: LoadedSite, page_list: Iterable[Page]) -> Iterator[Page]:
    """The site's pages with their series: each resolution page shows its ``series_nav``
    and depends on what it shows of its series; the comparison and series pages follow
    the resolution pages."""
    index = site_series(site)
    by_file = {page_file(page_dir(r)): r for r in site.resolutions}
    seen = 0
    for page in page_list:
        r = by_file.get(page.rel) if page.template == "resolution.html" else None
        if r is None:
            yield page
            continue
        yield _with_nav(site, index, r, page)
        seen += 1
        if seen == len(by_file):
            yield from pages(site, index)
    if seen < len(by_file):
        yield from pages(site, index)


def _with_nav(site: LoadedSite, index: SeriesIndex, r: Resolution, page: Page) -> Page:
    context = page.context

    def make() -> Mapping[str, Any]:
        return {**context(), "series_nav": resolution_nav(site, index, r)}

    return Page(page.rel, page.template, make, (*page.depends, resolution_fingerprint(site, index, r)), page.texts)


def series_fields(site: LoadedSite) -> dict[str, dict[str, Any]]:
    """The catalogue's ``predecessor``, ``successor`` and ``series`` of each resolution."""
    index = site_series(site)
    fields: dict[str, dict[str, Any]] = {}
    for r in site.resolutions:
        s = index.series.get(r.canonical)
        fields[r.canonical] = {
            "predecessor": index.predecessor.get(r.canonical),
            "successor": index.successor.get(r.canonical),
            "series": None if s is None else {"id": s.id, "members": list(s.members)},
        }
    return fields
