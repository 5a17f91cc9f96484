"""What the build knows once a site is loaded, rendered and linked.

Its own module so that the exports (AKN, feeds, search, the catalogue, the
citations index) can name it without importing the orchestrator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.cache import State
from site_builder.config import SiteConfig
from site_builder.links import CitationGraph, SiteIndex
from site_builder.model import Rendered, Resolution


@dataclass(frozen=True)
class PageKeys:
    """What page fingerprints are made of (see ``site_builder.cache``)."""

    #: the configuration and every template
    base: str
    #: by canonical symbol: the rendering's key (its file, and the resolver answers it used)
    render: Mapping[str, str]
    #: by canonical symbol: every field but the text (what other pages may show)
    meta: Mapping[str, str]
    #: by canonical symbol: its citations (less their lines)
    cites: Mapping[str, str]
    #: by canonical symbol: its anchors and footnote labels
    anchors: Mapping[str, str]
    #: whether a template may read a resolution's text (then other pages depend on it too)
    reads_text: bool


@dataclass(frozen=True)
class LoadedSite:
    """Everything known once the site is loaded, rendered and linked."""

    config: SiteConfig
    resolutions: list[Resolution]
    #: each resolution's full rendering (read from the build cache when asked for)
    rendered: Mapping[str, Rendered]
    index: SiteIndex
    graph: CitationGraph
    #: each resolution's rendering without HTML and paragraph text, for the graph and other pages
    light: Mapping[str, Rendered] | None = None
    keys: PageKeys | None = None
    #: what the build cache will hold after this build
    cache_state: State | None = None
