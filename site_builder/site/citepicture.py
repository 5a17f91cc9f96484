"""Where the boxes of the citation pictures go: plain numbers for ``_citemap.html``.

A resolution's picture: what it cites on the left, what cites it on the right, each side
grouped by body, then by year or session; one line from each box to the resolution in the
middle. The citations page's picture: the most-cited documents as bars.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from site_builder.config import BodyConfig
from site_builder.indexes.citations import CitationIndexEntry
from site_builder.site.citeview import Cited, CiteGroup, identify

WIDTH = 760
_NODE_W, _NODE_H, _GAP, _ROW = 108, 20, 6, 26
_PERIOD_W = 74
_CENTER_W = 110
#: the longest box text; longer symbols are cut, whole in the box's tooltip
_MAX_TEXT = 16


# Node, Label and Edge are named tuples: ``_citemap.html`` unpacks them in its loops
# (``{% for x1, y1, x2, y2 in p.edges %}``), a site's own may read ``e.x1``


class Node(NamedTuple):
    x: int
    y: int
    href: str
    text: str
    title: str
    internal: bool
    w: int = _NODE_W
    h: int = _NODE_H


class Label(NamedTuple):
    x: int
    y: int
    text: str
    kind: str  # "side", "body", "period", "none"


class Edge(NamedTuple):
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    center: Node
    nodes: tuple[Node, ...]
    labels: tuple[Label, ...]
    edges: tuple[Edge, ...]
    cites: int
    cited_by: int


def _short(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _side(groups: tuple[CiteGroup, ...], x0: int, heading: str, empty: str) -> tuple[list[Node], list[Label], int]:
    nodes: list[Node] = []
    labels = [Label(x0, 14, heading, "side")]
    y = 24
    if not groups:
        labels.append(Label(x0, y + 14, empty, "none"))
        return nodes, labels, y + 24
    per_row = (WIDTH // 2 - _CENTER_W // 2 - 20 - _PERIOD_W) // (_NODE_W + _GAP)
    for group in groups:
        labels.append(Label(x0, y + 14, group.name, "body"))
        y += 20
        periods: dict[str, list[Cited]] = {}
        for entry in group.entries:
            periods.setdefault(entry.period, []).append(entry)
        for period, entries in periods.items():
            labels.append(Label(x0, y + 14, period, "period"))
            for i, entry in enumerate(entries):
                if i and i % per_row == 0:
                    y += _ROW
                x = x0 + _PERIOD_W + (i % per_row) * (_NODE_W + _GAP)
                title = entry.label + (f": {entry.title}" if entry.title else "")
                nodes.append(Node(x, y, entry.href, _short(entry.short), title, entry.internal))
            y += _ROW
        y += 4
    return nodes, labels, y


def picture(cites: tuple[CiteGroup, ...], cited_by: tuple[CiteGroup, ...], symbol: str, title: str) -> Picture:
    """The picture of one resolution's citations, both ways."""
    half = WIDTH // 2 + _CENTER_W // 2 + 20
    left, left_labels, left_h = _side(cites, 0, "Cites", "no citation recognised")
    right, right_labels, right_h = _side(cited_by, half, "Cited by", "no resolution of this site")
    height = max(left_h, right_h, 70) + 6
    cy = height // 2
    center = Node(WIDTH // 2 - _CENTER_W // 2, cy - 18, "#title", _short(symbol), title, True, _CENTER_W, 36)
    edges = [Edge(n.x + n.w, n.y + n.h // 2, center.x, cy) for n in left]
    edges += [Edge(n.x, n.y + n.h // 2, center.x + center.w, cy) for n in right]
    return Picture(
        width=WIDTH,
        height=height,
        center=center,
        nodes=tuple(left + right),
        labels=tuple(left_labels + right_labels),
        edges=tuple(edges),
        cites=sum(len(g.entries) for g in cites),
        cited_by=sum(len(g.entries) for g in cited_by),
    )


@dataclass(frozen=True)
class Bar:
    y: int
    w: int
    href: str
    internal: bool
    label: str
    title: str
    count: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_w: int
    bars: tuple[Bar, ...]


#: how many documents the citations page's picture shows
MOST_CITED = 12


def most_cited(entries: Iterable[CitationIndexEntry], bodies: Mapping[str, BodyConfig]) -> BarChart | None:
    """The most-cited documents of the site, as bars; None when nothing is cited."""
    top = sorted(entries, key=lambda e: -e.count)[:MOST_CITED]
    if not top:
        return None
    label_w, row = 230, 26
    most = max(e.count for e in top)
    span = WIDTH - label_w - 50
    bars = []
    for i, e in enumerate(top):
        found = identify(e.target, e.kind, bodies)
        if found is not None:
            body, number = found
            label = f"{body.short_name} {e.kind} {number.display}"
            title = f"{body.name} {e.kind} {number.display}"
        else:
            label = title = e.target
        bars.append(Bar(i * row + 4, max(4, span * e.count // most), e.href, bool(e.internal), label, title, e.count))
    return BarChart(WIDTH, len(top) * row + 8, label_w, tuple(bars))
