"""Atom feeds: one for the site, one per body, valid Atom, linked from every page's head."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.build import build_site
from tests.conftest import REPO, parse_html, resolution, write_site

A = "{http://www.w3.org/2005/Atom}"
ATOM = "application/atom+xml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled ECOSOC texts plus a GA and an SC resolution: three bodies."""
    root = tmp_path_factory.mktemp("feeds") / "site"
    files: dict[str, str | bytes] = {
        f"content/ecosoc/{p.name}": p.read_text(encoding="utf-8") for p in (REPO / "content/ecosoc/2003").glob("*.md")
    }
    files["content/ga.md"] = resolution("57/173", "ga", "Cooperation & assistance", "2002-12-18", 77)
    files["content/sc.md"] = resolution("1373 (2001)", "sc", "Threats", "2001-09-28", 4385)
    write_site(root, files)
    build_site(root)
    return root / "build"


def _rfc3339(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_atom(path: Path) -> ET.Element:
    """The RFC 4287 rules a validator checks first: required elements, ids, dates, links."""
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, f"feed needs exactly one {name}"
    assert feed.findtext(f"{A}id", "").startswith(("urn:uuid:", "http://", "https://"))
    updated = _rfc3339(feed.findtext(f"{A}updated", ""))
    selfs = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].get("type") == ATOM
    entries = feed.findall(f"{A}entry")
    has_feed_author = feed.find(f"{A}author/{A}name") is not None
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, f"entry needs exactly one {name}"
        assert has_feed_author or entry.find(f"{A}author/{A}name") is not None
        ids.add(entry.findtext(f"{A}id"))
        assert _rfc3339(entry.findtext(f"{A}updated", "")) <= updated
        alternates = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        kinds = [(link.get("type"), link.get("hreflang")) for link in alternates]
        assert len(kinds) == len(set(kinds)), "two alternate links with the same type"
        assert any(link.get("type") == "text/html" for link in alternates)
        assert entry.find(f"{A}summary") is not None or entry.find(f"{A}content") is not None
    assert len(ids) == len(entries), "entry ids must be unique"
    return feed


def test_site_feed_holds_every_resolution_newest_first(site: Path) -> None:
    feed = check_atom(site / "feed.xml")
    titles = [e.findtext(f"{A}title", "") for e in feed.findall(f"{A}entry")]
    assert titles[0].startswith("ECOSOC resolution 2003/22: Strengthening international cooperation")
    assert "GA resolution 57/173: Cooperation & assistance" in titles
    assert titles[-1] == "SC resolution 1373 (2001): Threats"
    assert feed.findtext(f"{A}updated") == "2003-07-22T00:00:00Z"


def test_one_feed_per_body_with_only_its_resolutions(site: Path) -> None:
    for body, count in (("ecosoc", 2), ("ga", 1), ("sc", 1)):
        feed = check_atom(site / body / "feed.xml")
        entries = feed.findall(f"{A}entry")
        assert len(entries) == count
        assert {e.find(f"{A}category").get("term") for e in entries} == {body}  # type: ignore[union-attr]


def test_entry_links_resolve_to_the_page_and_the_akn_file(site: Path) -> None:
    feed = ET.parse(site / "ecosoc" / "feed.xml").getroot()
    entry = next(e for e in feed.findall(f"{A}entry") if "2003/22" in (e.findtext(f"{A}title") or ""))
    links = {link.get("type") or link.get("rel"): link.get("href") for link in entry.findall(f"{A}link")}
    assert links["text/html"] == "2003-22/index.html"
    assert links["application/akn+xml"] == "2003-22/akn.xml"
    assert links["related"] == "https://undocs.org/E/RES/2003/22"
    for rel in ("2003-22/index.html", "2003-22/akn.xml"):
        assert (site / "ecosoc" / rel).is_file()


def test_ids_are_stable_across_builds(site: Path, tmp_path: Path) -> None:
    first = (site / "feed.xml").read_bytes()
    build_site(site.parent, tmp_path / "again")
    assert (tmp_path / "again" / "feed.xml").read_bytes() == first


def test_pages_link_their_feeds_in_the_head(site: Path) -> None:
    def feeds(page: Path) -> set[str]:
        return {href for href, attrs in parse_html(page).links if attrs.get("type") == ATOM}

    assert feeds(site / "index.html") == {"feed.xml"}
    assert feeds(site / "ecosoc" / "index.html") == {"../feed.xml", "../ecosoc/feed.xml"}
    assert feeds(site / "sc" / "1373-2001" / "index.html") == {"../../feed.xml", "../../sc/feed.xml"}
    akn = [href for href, attrs in parse_html(site / "sc/1373-2001/index.html").links if "akn" in attrs.get("type", "")]
    assert akn and all(h == "akn.xml" for h in akn)


def test_with_a_base_url_ids_and_links_are_absolute(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {"site.yaml": "title: T\nbase_url: https://example.org/res/\n", "content/a.md": resolution()},
    )
    build_site(root)
    feed = check_atom(root / "build" / "ga" / "feed.xml")
    entry = feed.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}id") == "https://example.org/res/ga/57-173/"
    assert feed.findtext(f"{A}id") == "https://example.org/res/ga/feed.xml"
