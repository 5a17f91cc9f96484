"""The citations index: every cited document, who cites it and how often."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from site_builder.linking import LoadedSite
from site_builder.model import Resolution
from site_builder.urls import page_dir


@dataclass(frozen=True, slots=True)
class CitationIndexEntry:
    target: str
    kind: str
    #: the cited resolution when it is a page of this site
    internal: Resolution | None
    #: its page folder in this site, else the official document's URL
    href: str
    count: int
    #: each citing resolution (in site order) with the times it cites the document
    citing: tuple[tuple[Resolution, int], ...]


def citation_index(site: LoadedSite) -> tuple[CitationIndexEntry, ...]:
    """Every cited document, with the resolutions citing it and how often: resolutions
    first, then decisions, then other documents, each by symbol in natural order."""
    entries = []
    by_symbol = site.index.by_symbol
    kinds = site.graph.kinds
    document_link = site.config.document_link
    for target, places in site.graph.incoming.items():
        counts: dict[str, int] = {}
        citing_by: dict[str, Resolution] = {}
        for place in places:
            canonical = place.resolution.canonical
            if canonical in counts:
                counts[canonical] += 1
            else:
                counts[canonical] = 1
                citing_by[canonical] = place.resolution
        internal = by_symbol.get(target)
        entries.append(
            CitationIndexEntry(
                target=target,
                kind=kinds.get(target, "document"),
                internal=internal,
                href=page_dir(internal) if internal else document_link(target),
                count=len(places),
                citing=tuple((citing_by[s], n) for s, n in counts.items()),
            )
        )
    kind_order = {"resolution": 0, "decision": 1, "document": 2}
    return tuple(sorted(entries, key=lambda e: (kind_order.get(e.kind, 3), _natural(e.target))))


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))
