"""The citation graph: what each resolution cites, what cites it, and checks.

Built only after every resolution is loaded (for the resolver) and rendered (for
"cited by" and pinpoint checks), so that nothing depends on the order of files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.citations import CitedDocument
from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.model import Citation, Rendered, Resolution
from site_builder.urls import relative, resolution_dir


def page_dir(resolution: Resolution) -> str:
    return resolution_dir(resolution.body, resolution.number)


@dataclass(frozen=True)
class SiteIndex:
    """The resolutions of the site by canonical symbol, known before rendering."""

    by_symbol: Mapping[str, Resolution]

    @classmethod
    def of(cls, resolutions: list[Resolution]) -> SiteIndex:
        return cls({r.canonical: r for r in resolutions})

    def resolver(self, config: SiteConfig, from_dir: str) -> Callable[[CitedDocument], tuple[str, bool]]:
        """For the citations plugin: a cited document -> (href, internal)."""

        def resolve(cited: CitedDocument) -> tuple[str, bool]:
            target = self.by_symbol.get(cited.target)
            fragment = f"#{cited.pinpoint}" if cited.pinpoint else ""
            if target is not None:
                return relative(from_dir, page_dir(target) + fragment), True
            return config.document_link(cited.target), False

        return resolve


@dataclass(frozen=True)
class CitingParagraph:
    """One place that cites a document: which resolution, which paragraph."""

    resolution: Resolution
    paragraph: str | None
    pinpoint: str | None


@dataclass(frozen=True)
class CitationGraph:
    #: citing resolution canonical -> its citations, in text order
    outgoing: Mapping[str, tuple[Citation, ...]]
    #: cited canonical symbol -> the places citing it (sorted)
    incoming: Mapping[str, tuple[CitingParagraph, ...]]
    #: cited canonical symbol -> kind ("resolution", "decision", "document")
    kinds: Mapping[str, str]


def build_graph(
    resolutions: list[Resolution], rendered: Mapping[str, Rendered], index: SiteIndex, reporter: Reporter
) -> CitationGraph:
    incoming: dict[str, list[CitingParagraph]] = defaultdict(list)
    kinds: dict[str, str] = {}
    outgoing: dict[str, tuple[Citation, ...]] = {}
    anchors = {symbol: {p.eid for p in rendered[symbol].paragraphs} for symbol in rendered}
    for resolution in resolutions:
        citations = rendered[resolution.canonical].citations
        outgoing[resolution.canonical] = citations
        for citation in citations:
            kinds.setdefault(citation.target, citation.kind)
            target = index.by_symbol.get(citation.target)
            if target is not None and citation.pinpoint and citation.pinpoint not in anchors[target.canonical]:
                reporter.warning(
                    resolution.path,
                    citation.line,
                    f"{citation.text}: resolution {target.symbol} has no {citation.pinpoint.replace('_', ' ')} "
                    f"(#{citation.pinpoint})",
                )
            if citation.target == resolution.canonical:
                continue  # a resolution citing itself is not "cited by" itself
            incoming[citation.target].append(CitingParagraph(resolution, citation.from_paragraph, citation.pinpoint))
    frozen = {
        # by citing resolution; within one, in the order of its text (the sort is stable)
        symbol: tuple(sorted(places, key=lambda p: _order(p.resolution)))
        for symbol, places in incoming.items()
    }
    return CitationGraph(outgoing, frozen, kinds)


class _Outgoing(Mapping[str, tuple[Citation, ...]]):
    """``CitationGraph.outgoing`` made from packed citations when asked for."""

    def __init__(self, packed: Mapping[str, Any]) -> None:
        self.packed = packed

    def __getitem__(self, symbol: str) -> tuple[Citation, ...]:
        return tuple(Citation(*c) for c in self.packed[symbol][2])

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


#: a place citing a document: (citing resolution, from paragraph, pinpoint)
RawPlace = tuple[Resolution, str | None, str | None]


class _Incoming(Mapping[str, tuple[CitingParagraph, ...]]):
    """``CitationGraph.incoming`` made from raw places when asked for; ``raw`` for fingerprints."""

    def __init__(self, raw: dict[str, list[RawPlace]]) -> None:
        self.raw = raw
        self._made: dict[str, tuple[CitingParagraph, ...]] = {}

    def __getitem__(self, symbol: str) -> tuple[CitingParagraph, ...]:
        made = self._made.get(symbol)
        if made is None:
            made = self._made[symbol] = tuple(CitingParagraph(*place) for place in self.raw[symbol])
        return made

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


def graph_of_packed(
    resolutions: list[Resolution], packed: Mapping[str, Any], index: SiteIndex, reporter: Reporter
) -> CitationGraph:
    """:func:`build_graph` over packed renderings (``site_builder.cache.pack``): the
    same graph, its records made only when asked for. ``resolutions`` are in the
    order of ``content.sort_key``, so the places citing a document come out sorted
    as :func:`build_graph` sorts them."""
    incoming: dict[str, list[RawPlace]] = {}
    kinds: dict[str, str] = {}
    by_symbol = index.by_symbol
    for resolution in resolutions:
        canonical = resolution.canonical
        for target, kind, text, pinpoint, from_paragraph, line, _ in packed[canonical][2]:
            if target not in kinds:
                kinds[target] = kind
            if pinpoint:
                cited = by_symbol.get(target)
                if cited is not None and pinpoint not in packed[cited.canonical][4]:
                    reporter.warning(
                        resolution.path,
                        line,
                        f"{text}: resolution {cited.symbol} has no {pinpoint.replace('_', ' ')} (#{pinpoint})",
                    )
            if target == canonical:
                continue  # a resolution citing itself is not "cited by" itself
            places = incoming.get(target)
            if places is None:
                places = incoming[target] = []
            places.append((resolution, from_paragraph, pinpoint))
    return CitationGraph(_Outgoing(packed), _Incoming(incoming), kinds)


def _order(resolution: Resolution) -> tuple[str, tuple[int, int, int, str]]:
    return (resolution.body, resolution.number.sort_key)
