"""The citations index page: every cited document, who cites it and how often."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from site_builder.links import page_dir
from site_builder.loaded import LoadedSite
from site_builder.model import Resolution
from site_builder.pages import resolution_label
from site_builder.urls import relative


@dataclass(frozen=True)
class CitationIndexEntry:
    target: str
    kind: str
    internal: Resolution | None
    href: str
    count: int
    citing: tuple[tuple[Resolution, int], ...]
    #: ``citing`` as the shipped template shows it: a link to each citing resolution (from
    #: ``citations/``), with the times it cites when more than once, separated by commas
    citing_html: Markup


def citation_index(site: LoadedSite, from_dir: str = "citations/") -> tuple[CitationIndexEntry, ...]:
    """Every cited document, with the resolutions citing it and how often."""
    entries = []
    incoming = getattr(site.graph.incoming, "raw", None)
    if incoming is None:
        incoming = {t: [(p.resolution,) for p in ps] for t, ps in site.graph.incoming.items()}
    bodies = site.config.bodies
    by_symbol = site.index.by_symbol
    kinds = site.graph.kinds
    document_link = site.config.document_link
    #: by citing resolution: its link, made once
    anchors: dict[str, str] = {}
    for target, places in incoming.items():
        counts: dict[str, int] = {}
        citing_by: dict[str, Resolution] = {}
        for place in places:
            citing = place[0]
            canonical = citing.canonical
            if canonical in counts:
                counts[canonical] += 1
            else:
                counts[canonical] = 1
                citing_by[canonical] = citing
        links = []
        for canonical, n in counts.items():
            anchor = anchors.get(canonical)
            if anchor is None:
                citing = citing_by[canonical]
                link = escape(relative(from_dir, page_dir(citing)))
                anchor = anchors[canonical] = f'<a href="{link}">{escape(resolution_label(citing, bodies))}</a>'
            links.append(anchor if n == 1 else f"{anchor} ({n})")
        internal = by_symbol.get(target)
        href = page_dir(internal) if internal else document_link(target)
        entries.append(
            CitationIndexEntry(
                target=target,
                kind=kinds.get(target, "document"),
                internal=internal,
                href=href,
                count=len(places),
                citing=tuple((citing_by[s], n) for s, n in counts.items()),
                citing_html=Markup(", ".join(links)),
            )
        )
    kind_order = {"resolution": 0, "decision": 1, "document": 2}
    return tuple(sorted(entries, key=lambda e: (kind_order.get(e.kind, 3), _natural(e.target))))


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))
