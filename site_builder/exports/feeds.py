"""Atom feeds (RFC 4287) of the latest resolutions: ``feed.xml`` for the whole
site and ``{body}/feed.xml`` for each body that has resolutions.

An entry is a resolution: its title, its page (``rel="alternate"``), its Akoma
Ntoso file (``rel="alternate"``, ``type="application/akn+xml"``), the official
document (``rel="related"``), the adoption date as ``published`` and
``updated``, the adopting body as author and category. Ids are permanent: the
page's URL when ``site.yaml`` has a ``base_url``, else a ``urn:uuid`` made from
the official symbol, so they never change between builds. Without a base URL
the links are relative, resolved against the feed's own address (RFC 4287 §1.2
allows this; feed readers that fetched the feed know that address).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from site_builder import indexes
from site_builder.config import SiteConfig
from site_builder.content import resolution_label
from site_builder.exports.akn import AKN_FILE, MEDIA_TYPE
from site_builder.linking import LoadedSite
from site_builder.model import OutFile, Resolution
from site_builder.numbering import ordinal
from site_builder.urls import absolute, page_dir, relative

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
#: the site's feed, relative to the root; each body's is ``{key}/feed.xml``
SITE_FEED = "feed.xml"
#: how many of the latest resolutions a feed holds
FEED_SIZE = 50
_ID_NAMESPACE = uuid.UUID("6b1f6a4e-3c1d-5a53-9d0e-1c7c0e0d5b21")


def body_feed(body: str) -> str:
    return f"{body}/feed.xml"


def feed_files(site: LoadedSite) -> list[OutFile]:
    """The site's feed and one per body with resolutions."""
    config = site.config
    title = f"{config.title}: latest resolutions"
    files = [OutFile(SITE_FEED, lambda: atom_feed(config, site.resolutions, SITE_FEED, title))]
    by_body: dict[str, list[Resolution]] = {}
    for r in site.resolutions:
        by_body.setdefault(r.body, []).append(r)
    for key, mine in sorted(by_body.items()):

        def feed(key: str = key, mine: list[Resolution] = mine) -> str:
            title = f"{config.bodies[key].name}: latest resolutions"
            return atom_feed(config, mine, body_feed(key), title, body=key)

        files.append(OutFile(body_feed(key), feed))
    return files


def _iso(r: Resolution) -> str:
    return r.date.isoformat() + "T00:00:00Z"


def _id(config: SiteConfig, path: str, key: str) -> str:
    url = absolute(config.base_url, path)
    if url:
        return url
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, key)}"


def atom_feed(
    config: SiteConfig,
    resolutions: Sequence[Resolution],
    feed_path: str,
    title: str,
    *,
    body: str | None = None,
    size: int = FEED_SIZE,
) -> str:
    """An Atom feed of the latest ``size`` resolutions; ``feed_path`` is where it is written."""
    feed_dir = feed_path.rsplit("/", 1)[0] + "/" if "/" in feed_path else ""
    latest = indexes.latest(resolutions, size)

    def href(path: str) -> str:
        return absolute(config.base_url, path) or relative(feed_dir, path)

    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": config.language})
    ET.SubElement(feed, "id").text = _id(config, feed_path, f"feed:{config.title}:{body or ''}")
    ET.SubElement(feed, "title").text = title
    if config.description:
        ET.SubElement(feed, "subtitle").text = config.description
    # the newest adoption date: the feed changes only when its content does
    ET.SubElement(feed, "updated").text = _iso(latest[0]) if latest else "1970-01-01T00:00:00Z"
    ET.SubElement(feed, "link", {"rel": "self", "type": ATOM_TYPE, "href": href(feed_path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": href(f"{body}/" if body else "")})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = config.bodies[body].name if body else config.title
    ET.SubElement(feed, "generator", {"uri": "https://pypi.org/project/site_builder/"}).text = "site_builder"
    for r in latest:
        feed.append(_entry(config, r, href))
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(config: SiteConfig, r: Resolution, href: Callable[[str], str]) -> ET.Element:
    body = config.bodies[r.body]
    label = resolution_label(r, config.bodies)
    entry = ET.Element("entry")
    ET.SubElement(entry, "id").text = _id(config, page_dir(r), f"resolution:{r.canonical}")
    ET.SubElement(entry, "title").text = f"{label}: {r.title}" if r.title else label
    ET.SubElement(entry, "updated").text = _iso(r)
    ET.SubElement(entry, "published").text = _iso(r)
    author = ET.SubElement(entry, "author")
    ET.SubElement(author, "name").text = body.name
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": href(page_dir(r))})
    ET.SubElement(
        entry,
        "link",
        {"rel": "alternate", "type": MEDIA_TYPE, "href": href(page_dir(r) + AKN_FILE), "title": "Akoma Ntoso XML"},
    )
    ET.SubElement(
        entry, "link", {"rel": "related", "href": config.document_link(r.canonical), "title": f"{r.document}"}
    )
    ET.SubElement(entry, "category", {"term": r.body, "label": body.name})
    meeting = f", {ordinal(r.meeting)} {body.meeting_name}" if r.meeting else ""
    summary = f"{r.document}, adopted on {r.date.day} {r.date.strftime('%B')} {r.date.year}{meeting}."
    if r.partial:
        summary += " The source holds only part of the text."
    ET.SubElement(entry, "summary").text = summary
    return entry
