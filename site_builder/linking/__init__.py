"""Linking: which resolutions the site holds, and the citation graph between them.

The index (``SiteIndex``) is known once every file is loaded, before rendering (the
citations plugin asks it where a cited document lives); the graph is made after
every resolution is rendered (for "Cited by" and the pinpoint checks), so nothing
depends on the order of files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from site_builder.citations import CitedDocument
from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.linking.loaded import LoadedSite, PageKeys
from site_builder.model import Citation, Rendered, Resolution
from site_builder.urls import page_dir, relative

__all__ = ["CitationGraph", "CitingParagraph", "LoadedSite", "PageKeys", "SiteIndex", "build_graph"]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class CitingParagraph:
    """One place that cites a document: which resolution, which paragraph."""

    resolution: Resolution
    paragraph: str | None
    pinpoint: str | None


@dataclass(frozen=True, slots=True)
class CitationGraph:
    #: citing resolution canonical -> its citations, in text order
    outgoing: Mapping[str, tuple[Citation, ...]]
    #: cited canonical symbol -> the places citing it, by citing resolution in site order
    incoming: Mapping[str, tuple[CitingParagraph, ...]]
    #: cited canonical symbol -> kind ("resolution", "decision", "document")
    kinds: Mapping[str, str]


def build_graph(
    resolutions: list[Resolution],
    citations_of: Mapping[str, tuple[Citation, ...]],
    outlines: Mapping[str, Rendered],
    index: SiteIndex,
    reporter: Reporter,
) -> CitationGraph:
    """The graph of ``resolutions`` (in site order, ``content.sort_key``) from their
    citations (by canonical symbol); a pinpoint to an anchor the cited page does not
    have (its outline's paragraphs: asked for only of resolutions cited with a
    pinpoint) is a warning."""
    incoming: dict[str, list[CitingParagraph]] = {}
    kinds: dict[str, str] = {}
    outgoing: dict[str, tuple[Citation, ...]] = {}
    anchors: dict[str, frozenset[str]] = {}
    by_symbol = index.by_symbol
    for resolution in resolutions:
        canonical = resolution.canonical
        citations = citations_of[canonical]
        outgoing[canonical] = citations
        for c in citations:
            kinds.setdefault(c.target, c.kind)
            if c.pinpoint:
                cited = by_symbol.get(c.target)
                if cited is not None:
                    known = anchors.get(cited.canonical)
                    if known is None:
                        known = anchors[cited.canonical] = frozenset(
                            p.eid for p in outlines[cited.canonical].paragraphs
                        )
                    if c.pinpoint not in known:
                        where = c.pinpoint.replace("_", " ")
                        message = f"{c.text}: resolution {cited.symbol} has no {where} (#{c.pinpoint})"
                        reporter.warning(resolution.path, c.line, message)
            if c.target == canonical:
                continue  # a resolution citing itself is not "cited by" itself
            incoming.setdefault(c.target, []).append(CitingParagraph(resolution, c.from_paragraph, c.pinpoint))
    return CitationGraph(outgoing, {t: tuple(places) for t, places in incoming.items()}, kinds)
