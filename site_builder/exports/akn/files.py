"""Writing ``akn.xml`` beside every resolution page.

``write_akn`` writes a resolution's file only when its inputs changed: its
fingerprint is its rendering's key (the file's digest, the configuration, the code
and the resolver answers it used), so an unchanged resolution's ``akn.xml`` is kept
as it is in an in-place build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from site_builder.cache import digest
from site_builder.exports.akn.convert import akn_document
from site_builder.incremental import CachingOutput
from site_builder.links import page_dir
from site_builder.markdown import make_parser
from site_builder.model import Resolution

if TYPE_CHECKING:
    from site_builder.loaded import LoadedSite
    from site_builder.writer import StagedOutput

#: the file written next to each resolution's index.html
AKN_FILE = "akn.xml"


def akn_path(resolution: Resolution) -> str:
    """``ecosoc/2003-22/akn.xml``: the file's path in the output."""
    return page_dir(resolution) + AKN_FILE


def write_akn(site: LoadedSite, output: StagedOutput) -> int:
    """Write ``akn.xml`` beside every resolution page; returns the number of files.

    The XML comes with each rendering (``Rendered.akn``); only a rendering made
    without it (or none at all) is parsed again here. With a :class:`CachingOutput`,
    a file whose fingerprint is unchanged is kept without being made.
    """
    md: MarkdownIt | None = None
    caching = output if isinstance(output, CachingOutput) else None
    for r in site.resolutions:
        rel = akn_path(r)
        fingerprint = akn_fingerprint(site, r)
        if caching is not None and caching.is_fresh(rel, fingerprint):
            continue
        xml = _rendered_akn(site, r)
        if not xml:
            md = md or make_parser(site.config)
            xml = akn_document(r, site.config, md)
        if caching is not None:
            caching.write_text(rel, xml, fingerprint)
        else:
            output.write_text(rel, xml)
    return len(site.resolutions)


def akn_fingerprint(site: LoadedSite, r: Resolution) -> str:
    """What ``akn.xml`` is made of: the rendering's key ("" when there is none)."""
    keys = site.keys
    key = keys.render.get(r.canonical) if keys is not None else None
    return digest("akn.xml", key) if key else ""


def _rendered_akn(site: LoadedSite, r: Resolution) -> str:
    try:
        return site.rendered[r.canonical].akn
    except LookupError:  # not in the build cache: made again by the caller
        return ""
