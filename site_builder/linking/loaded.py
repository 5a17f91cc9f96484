"""What the build knows once a site is loaded, rendered and linked: the one input of
the page list (``site``) and of every export (``exports``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from site_builder.config import SiteConfig
from site_builder.model import Rendered, Resolution

if TYPE_CHECKING:
    from site_builder.linking import CitationGraph, SiteIndex


@dataclass(frozen=True, slots=True)
class PageKeys:
    """Digests of what each resolution is made of, for the pages' fingerprints: a page
    is made again only when one of the inputs it shows changed."""

    #: the configuration and every template
    base: str
    #: by canonical symbol: the rendering's key (its file, and the resolver answers it used)
    render: Mapping[str, str]
    #: by canonical symbol: every field but those that change with the text
    meta: Mapping[str, str]
    #: by canonical symbol: its citations (less their lines)
    cites: Mapping[str, str]
    #: by canonical symbol: its anchors and footnote labels
    anchors: Mapping[str, str]


@dataclass(frozen=True, slots=True, weakref_slot=True)  # series detection keys on it
class LoadedSite:
    """Everything known once the site is loaded, rendered and linked."""

    config: SiteConfig
    #: in site order (``content.sort_key``)
    resolutions: list[Resolution]
    #: each resolution's full rendering, made (or read back) when asked for
    rendered: Mapping[str, Rendered]
    #: each resolution's rendering without HTML or paragraph text: what other pages need
    outlines: Mapping[str, Rendered]
    index: SiteIndex
    graph: CitationGraph
    keys: PageKeys
