"""Views the templates receive: small read-only records, computed here once.

Each page kind has a context built by one function; templates get a ``link``
function that makes a relative URL from the page being rendered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from site_builder.citeview import resolution_view
from site_builder.config import BodyConfig, SiteConfig
from site_builder.links import CitationGraph, CitingParagraph, SiteIndex, page_dir
from site_builder.model import Citation, Paragraph, Rendered, Resolution
from site_builder.templates import long_date
from site_builder.urls import absolute, relative, root_prefix


def resolution_label(r: Resolution, bodies: Mapping[str, BodyConfig]) -> str:
    """ "ECOSOC resolution 2003/22"."""
    return f"{bodies[r.body].short_name} resolution {r.symbol}"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class CitedByEntry:
    label: str
    title: str
    href: str
    paragraph_label: str


def paragraph_label(eid: str | None, paragraphs: Mapping[str, Paragraph]) -> str:
    """A reader's name for an anchor: "operative paragraph 6", "preambular paragraph 2"."""
    if not eid:
        return "text"
    if eid.startswith("fn_"):
        return f"footnote {eid[3:]}"
    p = paragraphs.get(eid)
    last = eid.rsplit("__", 1)[-1]
    kind, _, num = last.partition("_")
    names = {
        "recital": "preambular paragraph",
        "para": "paragraph",
        "point": "subparagraph",
        "formula": "formula",
        "conclusions": "adoption record",
        "sec": "section",
        "annex": "annex",
        "p": "paragraph",
    }
    name = names.get(kind, kind)
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
    citations: tuple[Citation, ...],
    from_dir: str,
    index: SiteIndex,
    config: SiteConfig,
    paragraphs: Mapping[str, Paragraph],
) -> tuple[CitedEntry, ...]:
    counts = Counter(c.target for c in citations)
    seen: dict[str, list[str]] = {}
    first: dict[str, Citation] = {}
    for c in citations:
        first.setdefault(c.target, c)
        where = seen.setdefault(c.target, [])
        if c.from_paragraph and c.from_paragraph not in where:
            where.append(c.from_paragraph)
    entries = []
    for target, c in first.items():
        r = index.by_symbol.get(target)
        if r is not None:
            label = (
                f"{resolution_label(r, config.bodies)}: {r.title}" if r.title else resolution_label(r, config.bodies)
            )
            href = relative(from_dir, page_dir(r))
        else:
            label = target
            href = config.document_link(target)
        entries.append(
            CitedEntry(
                target=target,
                label=label,
                href=href,
                internal=r is not None,
                kind=c.kind,
                count=counts[target],
                paragraphs=tuple((eid, paragraph_label(eid, paragraphs)) for eid in seen[target]),
            )
        )
    return tuple(entries)


def cited_by_entries(
    places: tuple[CitingParagraph, ...],
    from_dir: str,
    config: SiteConfig,
    rendered: Mapping[str, Rendered],
) -> tuple[CitedByEntry, ...]:
    entries = []
    for place in places:
        r = place.resolution
        paragraphs = {p.eid: p for p in rendered[r.canonical].paragraphs}
        fragment = f"#{place.paragraph}" if place.paragraph else ""
        entries.append(
            CitedByEntry(
                label=resolution_label(r, config.bodies),
                title=r.title,
                href=relative(from_dir, page_dir(r) + fragment),
                paragraph_label=paragraph_label(place.paragraph, paragraphs),
            )
        )
    return tuple(entries)


def base_context(config: SiteConfig, current_dir: str, *, title: str, kind: str) -> dict[str, Any]:
    """What every template gets: the site, the page's title and a ``link`` helper."""

    made: dict[str, str] = {}

    def link(path: str) -> str:
        # index pages link to one page many times: each link is made once
        href = made.get(path)
        if href is None:
            href = made[path] = relative(current_dir, path)
        return href

    bodies = config.bodies

    def list_item(r: Resolution, show_date: bool = True) -> Markup:
        """One resolution in a list (``_list.html``'s ``item``), made here rather than in
        Jinja: index pages list every resolution, some of them several times."""
        href = link(page_dir(r))
        title = f": {escape(r.title)}" if r.title else ""
        partial = ' <span class="tag">partial text</span>' if r.partial else ""
        date = ""
        if show_date:
            date = (
                f' <span class="date">(<time datetime="{escape(r.date.isoformat())}">'
                f"{escape(long_date(r.date))}</time>)</span>"
            )
        return Markup(
            f'<li><a href="{escape(href)}"><span class="symbol">{escape(resolution_label(r, bodies))}</span>'
            f"{title}</a>{partial}{date}</li>"
        )

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
        "list_item": list_item,
    }


def resolution_context(
    r: Resolution,
    rendered: Rendered,
    *,
    config: SiteConfig,
    index: SiteIndex,
    graph: CitationGraph,
    all_rendered: Mapping[str, Rendered],
    prev_next: tuple[Resolution | None, Resolution | None],
) -> dict[str, Any]:
    current = page_dir(r)
    body = config.bodies[r.body]
    title = f"{resolution_label(r, config.bodies)}" + (f": {r.title}" if r.title else "")
    ctx = base_context(config, current, title=title, kind="resolution")
    paragraphs = {p.eid: p for p in rendered.paragraphs}
    ctx.update(
        res=r,
        body=body,
        rendered=rendered,
        document_url=config.document_link(r.canonical),
        prev=prev_next[0],
        next=prev_next[1],
        cites=cited_entries(rendered.citations, current, index, config, paragraphs),
        cited_by=cited_by_entries(graph.incoming.get(r.canonical, ()), current, config, all_rendered),
    )
    ctx.update(
        resolution_view(
            r,
            rendered,
            config=config,
            index=index,
            incoming=graph.incoming.get(r.canonical, ()),
            all_rendered=all_rendered,
        )
    )
    return ctx


Linker = Callable[[str], str]
