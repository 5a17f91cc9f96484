"""What the templates receive: one typed context per page kind, made by one function
each. Every context has a ``link`` function that makes a relative URL from the page
being rendered. Contexts hold records, never HTML: markup is the templates' own
(a site overrides any of it by placing a template of the same name in ``templates/``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypedDict, cast

from site_builder.config import BodyConfig, SiteConfig
from site_builder.content import resolution_label
from site_builder.indexes import BodyGroup, BodyListing, YearGroup
from site_builder.indexes.citations import CitationIndexEntry
from site_builder.linking import CitingParagraph, SiteIndex
from site_builder.model import Citation, Paragraph, Rendered, Resolution
from site_builder.site.citepicture import BarChart
from site_builder.site.citeview import SharedView, resolution_view, shared_view
from site_builder.urls import absolute, page_dir, relative, root_prefix

Linker = Callable[[str], str]


class BaseContext(TypedDict):
    """What every template gets."""

    site: SiteConfig
    bodies: Mapping[str, BodyConfig]
    page_title: str
    #: "resolution", "body", "home", "dates", "meetings", "citations", "404"
    page_kind: str
    link: Linker
    #: the way back to the site root ("", "../../"), or the base URL on the 404 page
    root: str
    canonical_url: str | None
    resolution_label: Callable[[Resolution], str]
    page_dir: Callable[[Resolution], str]


class ResolutionContext(BaseContext):
    res: Resolution
    body: BodyConfig
    rendered: Rendered
    document_url: str
    prev: Resolution | None
    next: Resolution | None
    cites: tuple[CitedEntry, ...]
    cited_by: tuple[CitedByEntry, ...]
    #: the reader's view (``site.citeview.resolution_view``): citations by body and their
    #: picture, the outline, the session's name, editor's notes
    cite_groups: object
    cited_by_groups: object
    picture: object
    outline: object
    session_name: object
    editor_notes: object


class BodyContext(BaseContext):
    listing: BodyListing


class HomeContext(BaseContext):
    listings: tuple[BodyListing, ...]
    latest: tuple[Resolution, ...]
    count: int


class DatesContext(BaseContext):
    years: tuple[YearGroup, ...]


class MeetingsContext(BaseContext):
    groups: tuple[BodyGroup, ...]


class CitationsContext(BaseContext):
    entries: tuple[CitationIndexEntry, ...]
    most_cited: BarChart | None


@dataclass(frozen=True, slots=True)
class CitedEntry:
    """A document a resolution cites, once per document."""

    target: str
    label: str
    href: str
    internal: bool
    kind: str
    count: int
    #: the citing paragraphs of this page: (eid, label)
    paragraphs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class CitedByEntry:
    label: str
    title: str
    href: str
    paragraph_label: str


_KIND_NAMES = {
    "recital": "preambular paragraph",
    "para": "paragraph",
    "point": "subparagraph",
    "formula": "formula",
    "conclusions": "adoption record",
    "sec": "section",
    "annex": "annex",
    "p": "paragraph",
}


def paragraph_label(eid: str | None, paragraphs: Mapping[str, Paragraph]) -> str:
    """A reader's name for an anchor: "operative paragraph 6", "preambular paragraph 2"."""
    if not eid:
        return "text"
    if eid.startswith("fn_"):
        return f"footnote {eid[3:]}"
    p = paragraphs.get(eid)
    last = eid.rsplit("__", 1)[-1]
    kind, _, num = last.partition("_")
    name = _KIND_NAMES.get(kind, kind)
    if p is not None and p.kind == "para" and p.num:
        num = p.num
    elif p is not None and p.kind == "point":
        num = f"({p.num})"
    label = f"{name} {num}".strip()
    if "draft_" in eid:
        label += " of the draft resolution"
    if eid.startswith("annex_") and kind != "annex":
        label += " of the annex"
    return label


def cited_entries(
    citations: Iterable[Citation],
    link: Linker,
    index: SiteIndex,
    config: SiteConfig,
    paragraphs: Mapping[str, Paragraph],
) -> tuple[CitedEntry, ...]:
    """Each cited document once, in order of first citation, with the citing paragraphs."""
    first: dict[str, Citation] = {}
    counts: dict[str, int] = {}
    #: by target: its citing paragraphs, in order, each once (a dict keeps order)
    where: dict[str, dict[str, None]] = {}
    for c in citations:
        if c.target in first:
            counts[c.target] += 1
        else:
            first[c.target], counts[c.target], where[c.target] = c, 1, {}
        if c.from_paragraph:
            where[c.target][c.from_paragraph] = None
    entries = []
    for target, c in first.items():
        r = index.by_symbol.get(target)
        if r is not None:
            label = resolution_label(r, config.bodies)
            label, href = (f"{label}: {r.title}" if r.title else label), link(page_dir(r))
        else:
            label, href = target, config.document_link(target)
        entries.append(
            CitedEntry(
                target=target,
                label=label,
                href=href,
                internal=r is not None,
                kind=c.kind,
                count=counts[target],
                paragraphs=tuple((eid, paragraph_label(eid, paragraphs)) for eid in where[target]),
            )
        )
    return tuple(entries)


def cited_by_entries(places: Iterable[CitingParagraph], link: Linker, shared: SharedView) -> tuple[CitedByEntry, ...]:
    """Each place citing this page, with a reader's name for the citing paragraph."""
    bodies = shared.config.bodies
    entries = []
    for place in places:
        r = place.resolution
        href = link(page_dir(r))
        entries.append(
            CitedByEntry(
                label=resolution_label(r, bodies),
                title=r.title,
                href=f"{href}#{place.paragraph}" if place.paragraph else href,
                paragraph_label=paragraph_label(place.paragraph, shared.paragraphs(r.canonical)),
            )
        )
    return tuple(entries)


def base_context(config: SiteConfig, current_dir: str, *, title: str, kind: str) -> BaseContext:
    """What every template gets: the site, the page's title and a ``link`` helper."""

    made: dict[str, str] = {}

    def link(path: str) -> str:
        # index pages link to one page many times: each link is made once
        href = made.get(path)
        if href is None:
            href = made[path] = relative(current_dir, path)
        return href

    bodies = config.bodies
    return {
        "site": config,
        "bodies": bodies,
        "page_title": title,
        "page_kind": kind,
        "link": link,
        "root": root_prefix(current_dir),
        "canonical_url": absolute(config.base_url, current_dir),
        "resolution_label": lambda r: resolution_label(r, bodies),
        "page_dir": page_dir,
    }


def resolution_context(
    r: Resolution,
    rendered: Rendered,
    *,
    config: SiteConfig,
    index: SiteIndex,
    incoming: Iterable[CitingParagraph],
    outlines: Mapping[str, Rendered],
    prev_next: tuple[Resolution | None, Resolution | None],
) -> ResolutionContext:
    current = page_dir(r)
    title = resolution_label(r, config.bodies) + (f": {r.title}" if r.title else "")
    base = base_context(config, current, title=title, kind="resolution")
    link = base["link"]
    paragraphs = {p.eid: p for p in rendered.paragraphs}
    places = tuple(incoming)
    shared = shared_view(index, config, outlines)
    view = resolution_view(r, rendered, link=link, shared=shared, incoming=places, paragraphs=paragraphs)
    ctx = {
        **base,
        "res": r,
        "body": config.bodies[r.body],
        "rendered": rendered,
        "document_url": config.document_link(r.canonical),
        "prev": prev_next[0],
        "next": prev_next[1],
        "cites": cited_entries(rendered.citations, link, index, config, paragraphs),
        "cited_by": cited_by_entries(places, link, shared),
        **view,
    }
    return cast(ResolutionContext, ctx)
