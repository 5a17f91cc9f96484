"""``sitemap.xml`` (sitemaps.org 0.9): the home page, the index pages, every body's and
every resolution's page, every comparison page and every series page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from site_builder.linking import LoadedSite
from site_builder.model import OutFile
from site_builder.series.site import compare_dir, series_dir, site_series
from site_builder.urls import absolute, page_dir

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(site: LoadedSite) -> str:
    base = site.config.base_url
    paths = ["", "dates/", "meetings/", "citations/"]
    paths += [f"{key}/" for key in sorted({r.body for r in site.resolutions})]
    paths += [page_dir(r) for r in site.resolutions]
    series = site_series(site)
    paths += [compare_dir(r) for r in site.resolutions if r.canonical in series.predecessor]
    paths += [series_dir(s) for s in series.all_series()]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for path in paths:
        # without a base URL the sitemap holds root-relative paths; with one, full URLs
        loc = ET.Element("loc")
        loc.text = absolute(base, path) or ("/" + path)
        lines.append(f"  <url>{ET.tostring(loc, encoding='unicode')}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_files(site: LoadedSite) -> list[OutFile]:
    return [OutFile("sitemap.xml", lambda: sitemap(site))]
