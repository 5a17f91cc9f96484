"""``akn.xml`` beside every resolution page, as the build's output files.

Each file depends on its rendering's key (the file's digest, the configuration, the
code and the resolver answers it used), so an unchanged resolution's ``akn.xml`` is
kept as it is in an in-place build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from site_builder.model import OutFile, Resolution
from site_builder.urls import page_dir

if TYPE_CHECKING:
    from site_builder.linking import LoadedSite

#: the file written next to each resolution's index.html
AKN_FILE = "akn.xml"


def akn_path(resolution: Resolution) -> str:
    """``ecosoc/2003-22/akn.xml``: the file's path in the output."""
    return page_dir(resolution) + AKN_FILE


def akn_files(site: LoadedSite) -> list[OutFile]:
    """``akn.xml`` beside every resolution page. The XML comes with each rendering
    (``Rendered.akn``, made from the render stage's tokens), made only for the files the
    build writes again."""

    def xml(r: Resolution) -> Callable[[], str]:
        return lambda: site.rendered[r.canonical].akn

    return [OutFile(akn_path(r), xml(r), ("akn.xml", site.keys.render[r.canonical])) for r in site.resolutions]
