"""The bundled ECOSOC site, built and read back as a reader's browser would."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.build import build_site
from tests.conftest import REPO, ParsedPage, parse_html


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "build"
    build_site(REPO, out)
    return out


def pages(out: Path) -> dict[Path, ParsedPage]:
    return {p: parse_html(p) for p in sorted(out.rglob("*.html"))}


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    parsed = pages(site)
    checked = 0
    for page, html in parsed.items():
        for href, _ in html.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            assert not href.startswith("/"), f"{page}: root-relative link {href} breaks under a sub-path"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if page.name == "404.html":
                continue
            assert target.is_file(), f"{page.relative_to(site)}: broken link {href}"
            if parts.fragment:
                assert parts.fragment in parsed[target].ids, f"{page.relative_to(site)}: no #{parts.fragment} in {href}"
            checked += 1
    assert checked > 50


def test_footnote_75_keeps_its_number_and_links_both_ways(site: Path) -> None:
    page = site / "ecosoc" / "2003-22" / "index.html"
    html = page.read_text(encoding="utf-8")
    parsed = parse_html(page)
    assert "fn_75" in parsed.ids and "fnref_75" in parsed.ids
    assert re.search(r'<a href="#fn_75" id="fnref_75"[^>]*>75</a>', html)
    assert re.search(r'<li class="footnote" id="fn_75"[^>]*><span class="fn-label">75</span>', html)
    assert re.search(r'<a href="#fnref_75" class="fn-back"', html)
    note = html[html.index('id="fn_75"') :]
    assert "See A/57/152 and Corr.1" in re.sub(r"<[^>]+>", "", note[: note.index("</li>")])


def test_paragraph_anchors_follow_the_akn_grammar(site: Path) -> None:
    ids = parse_html(site / "ecosoc" / "2003-22" / "index.html").ids
    assert "formula_1" in ids and "para_1" in ids and "draft_1" in ids
    assert [i for i in ids if i.startswith("draft_1__recital_")] == [f"draft_1__recital_{n}" for n in range(1, 12)]
    assert [i for i in ids if i.startswith("draft_1__para_")] == [f"draft_1__para_{n}" for n in range(1, 13)]
    assert "conclusions" in ids
    partial = parse_html(site / "ecosoc" / "2003-21" / "index.html")
    assert [i for i in partial.ids if i.startswith("draft_1__para_")] == [f"draft_1__para_{n}" for n in range(6, 10)]
    assert "The source holds only part of this resolution" in partial.text


def test_meeting_index_lists_both_under_the_44th_plenary_meeting(site: Path) -> None:
    html = (site / "meetings" / "index.html").read_text(encoding="utf-8")
    section = html[html.index("44th plenary meeting") :]
    section = section[: section.index("</section>")]
    assert "22 July 2003" in section
    assert section.index("2003/21") < section.index("2003/22")


def test_date_index_lists_both_under_22_july_2003(site: Path) -> None:
    page = parse_html(site / "dates" / "index.html")
    assert "d2003-07-22" in page.ids
    html = (site / "dates" / "index.html").read_text(encoding="utf-8")
    day = html[html.index('id="d2003-07-22"') :]
    day = day[: day.index("</section>")]
    assert "2003/21" in day and "2003/22" in day


def test_resolution_page_metadata(site: Path) -> None:
    page = parse_html(site / "ecosoc" / "2003-22" / "index.html")
    assert "E/RES/2003/22" in page.text
    assert "44th plenary meeting" in page.text
    official = [h for h, _ in page.links if h == "https://undocs.org/E/RES/2003/22"]
    assert official
    prev = [h for h, a in page.links if a.get("rel") == "prev"]
    assert prev == ["../2003-21/index.html"]


def test_the_same_input_gives_byte_identical_output(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(REPO, again)

    def digest(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert digest(site) == digest(again)


def test_sitemap_and_404_exist(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/ecosoc/2003-22/</loc>" in sitemap
    assert (site / "404.html").is_file()


def test_example_texts_are_marked_and_cite_2003_22(site: Path) -> None:
    examples = sorted((REPO / "content" / "examples").glob("*.md"))
    assert len(examples) == 2
    for path in examples:
        assert "\nexample: true\n" in path.read_text(encoding="utf-8"), f"{path.name} is not marked as an example"
    for rel in ("ga/59-901/index.html", "ecosoc/2004-901/index.html"):
        page = parse_html(site / rel)
        assert "It is not a resolution of the United Nations" in page.text
        assert not [h for h, _ in page.links if h.startswith("https://undocs.org/A/RES/59/901")]
    cited = (site / "ecosoc" / "2003-22" / "index.html").read_text(encoding="utf-8")
    cited_by = cited[cited.index('id="cited-by-heading"') :]
    assert "../../ga/59-901/index.html" in cited_by and "../2004-901/index.html" in cited_by
    assert "No resolution in this site cites it" not in cited_by
