"""The one place for output paths and URLs.

A resolution's page is ``{body}/{number slug}/index.html``: ``ecosoc/2003-22/``,
``ga/57-173/``, ``sc/1373-2001/``, ``ga/68-247b/``, ``ga/2625-xxv/``. The path is
made from the body key and the number as cited, so it never changes for a given
symbol, whatever the file is called or wherever it sits under ``content/``.

Links between pages are relative and name ``index.html`` explicitly, so the site
works on any static host, under any sub-path, and opened from disk (``file://``).
"""

from __future__ import annotations

import functools
import posixpath
from typing import Protocol

from site_builder.numbering import ResolutionNumber

#: every name the site writes at the top of its output besides one folder per body
#: (``{body}/``), so that no body key can be one of them (``config`` refuses it)
SITE_NAMES = (
    "index.html",  # the home page
    "404.html",
    "sitemap.xml",
    "feed.xml",  # the site's Atom feed
    "dates",  # the index by date
    "meetings",  # the index by meeting
    "citations",  # every cited document
    "data",  # the catalogue, data/resolutions.json
    "search",  # the symbol map, search/symbols/
    "pagefind",  # the search index
    "theme",  # the stylesheets and scripts
    "series",  # the pages of resolution series
)


class _Numbered(Protocol):
    @property
    def body(self) -> str: ...
    @property
    def number(self) -> ResolutionNumber: ...


def resolution_dir(body: str, number: ResolutionNumber) -> str:
    """The page's folder, relative to the site root, with a trailing slash."""
    return f"{body}/{number.slug}/"


def page_dir(resolution: _Numbered) -> str:
    """A resolution's page folder: ``ecosoc/2003-22/``."""
    return resolution_dir(resolution.body, resolution.number)


def page_file(page_dir: str) -> str:
    """The file written for a page folder ("" is the home page)."""
    return f"{page_dir}index.html"


def relative(from_dir: str, to_path: str) -> str:
    """A link from a page in ``from_dir`` to ``to_path`` (both site-relative).

    ``to_path`` ending in "/" is a page folder and gets ``index.html``.
    """
    path, mark, fragment = to_path.partition("#")
    if not path or path[-1] == "/":
        path = page_file(path)
    return _relpath(path, from_dir.rstrip("/") or ".") + mark + fragment


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths, without its ``getcwd`` calls."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    base = _parts(start)  # pages link from a handful of folders: split each once
    to = path.split("/")
    if "" in to or "." in to:
        to = [p for p in to if p and p != "."]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    up = len(base) - common
    rest = "/".join(to[common:]) if common else "/".join(to)
    if not up:
        return rest or "."
    return "../" * up + rest if rest else "../" * (up - 1) + ".."


@functools.lru_cache(maxsize=4096)
def _parts(start: str) -> tuple[str, ...]:
    return tuple(p for p in start.split("/") if p and p != ".")


def root_prefix(from_dir: str) -> str:
    """The way back to the site root from ``from_dir``: "" or "../../"."""
    depth = len([part for part in from_dir.split("/") if part])
    return "../" * depth


def absolute(base_url: str | None, path: str) -> str | None:
    """The public URL of a site path, when the site has a base URL."""
    if not base_url:
        return None
    return base_url.rstrip("/") + "/" + path.lstrip("/")
