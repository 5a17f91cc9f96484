"""The resolution page as a reader sees it, in Chromium: the outline and the citation
picture link where they say, no permalink takes a line of its own, and screenshots of
the bundled site and of a sectioned General Assembly text (desktop, phone, dark, print)
are written for people to look at (``SITE_SCREENSHOTS=DIR`` keeps them)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site
from site_builder.cli import main
from tests.conftest import SHARED

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
GA80 = SHARED / "sources" / "ga-80" / "ga-80-3.raw.txt"
EXAMPLE = "ga/59-901/index.html"  # sections, an annex, an editor's note; cites 2003/22
RES = "ecosoc/2003-22/index.html"  # cited by the examples

VIEWS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reader") / "out"
    build_site(REPO, out)
    return out


@pytest.fixture(scope="module")
def ga80(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not GA80.exists():
        pytest.skip(f"{GA80} is absent (the shared sources are not in this checkout)")
    root = tmp_path_factory.mktemp("ga80")
    (root / "site.yaml").write_text("title: General Assembly, eightieth session\n", encoding="utf-8")
    assert main(["import", "--site", str(root), str(GA80)]) == 0
    build_site(root, root / "build")
    return root / "build"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keep = os.environ.get("SITE_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    pg = ctx.new_page()
    pg.set_default_timeout(5000)
    yield pg
    ctx.close()


def _open(page: Any, site: Path, rel: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / rel).as_uri())
    return errors


def _targets_exist(page: Any, selector: str) -> list[str]:
    """The hrefs of ``selector`` links (same page) whose target id is missing."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].map(a => a.getAttribute('href'))
             .filter(h => h.startsWith('#') && !document.getElementById(decodeURIComponent(h.slice(1))))""",
        selector,
    )


def test_outline_links_follow_the_parts_of_the_text(page: Any, site: Path) -> None:
    _open(page, site, EXAMPLE)
    hrefs = page.eval_on_selector_all(".outline a", "as => as.map(a => a.getAttribute('href'))")
    for part in ("#sec_I", "#sec_II", "#sec_III", "#annex_1", "#sec_II__para_4", "#formula_1"):
        assert part in hrefs, f"the outline lacks {part}: {hrefs}"
    assert _targets_exist(page, ".outline a") == []
    box = page.locator(".outline").bounding_box()
    text = page.locator(".resolution-text").bounding_box()
    assert box is not None and text is not None
    assert box["x"] + box["width"] <= text["x"], "on a wide screen the outline stands beside the text"
    # it stays in view while reading, and marks the part being read
    page.evaluate("document.getElementById('sec_III__para_2').scrollIntoView({block: 'start'})")
    page.wait_for_function("document.querySelector('.outline a[aria-current]') !== null")
    current = page.eval_on_selector_all(".outline a[aria-current]", "as => as.map(a => a.getAttribute('href'))")
    assert "#sec_III" in current, current
    outline = page.locator(".outline").bounding_box()
    assert outline is not None and outline["y"] >= 0, "the outline is sticky"


def test_outline_is_folded_above_the_text_on_a_phone(browser: Any, site: Path) -> None:
    ctx = browser.new_context(**VIEWS["phone"])
    try:
        pg = ctx.new_page()
        _open(pg, site, EXAMPLE)
        assert pg.evaluate("document.querySelector('.outline details').open") is False
        nav, text = pg.locator(".outline").bounding_box(), pg.locator(".resolution-text").bounding_box()
        assert nav["y"] + nav["height"] <= text["y"]
        pg.locator(".outline summary").click()
        assert pg.locator(".outline a[href='#sec_II']").is_visible()
    finally:
        ctx.close()


def test_short_undivided_text_has_no_outline(page: Any, site: Path) -> None:
    _open(page, site, "ecosoc/2004-901/index.html")
    assert page.locator(".outline").count() == 0


def test_picture_links_to_each_cited_and_citing_document(page: Any, site: Path) -> None:
    _open(page, site, RES)
    nodes = page.eval_on_selector_all(".citemap a.node", "as => as.map(a => a.getAttribute('href'))")
    listed = page.eval_on_selector_all(".cite-columns a.cite", "as => as.map(a => a.getAttribute('href'))")
    assert sorted(nodes) == sorted(listed), "each document of the lists has its box, linked alike"
    assert "../../ga/59-901/index.html" in nodes and "../2004-901/index.html" in nodes, "the examples cite 2003/22"
    assert "https://undocs.org/S/RES/1373(2001)" in nodes
    labels = page.eval_on_selector_all(".cite-columns a.cite", "as => as.map(a => a.textContent)")
    assert "Security Council resolution 1373 (2001)" in labels
    # each box is drawn where it can be clicked, and clicking it follows its link
    page.locator(".citemap a.node[href='../2004-901/index.html']").click()
    page.wait_for_url("**/2004-901/index.html")


def test_cited_by_groups_paragraph_links(page: Any, site: Path) -> None:
    _open(page, site, RES)
    cited_by = page.locator(".cited-by")
    assert "General Assembly resolution 59/901" in cited_by.inner_text()
    where = cited_by.locator("a[href^='../../ga/59-901/index.html#']")
    assert where.count() >= 2, "each citing paragraph is linked"


def test_citations_page_picture_links(page: Any, site: Path) -> None:
    _open(page, site, "citations/index.html")
    bars = page.eval_on_selector_all("#most-cited a.node", "as => as.map(a => a.getAttribute('href'))")
    assert bars and "../ecosoc/2003-22/index.html" in bars


def _lonely_permalinks(page: Any) -> list[str]:
    """Permalinks with no text of their own paragraph on the line they sit on."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.resolution-text .permalink')].filter(a => {
             const box = a.getBoundingClientRect();
             if (!box.height) return false;
             const p = a.parentElement, range = document.createRange();
             const lines = [];
             for (const node of p.childNodes) {
               if (node === a) continue;
               range.selectNodeContents(node);
               for (const r of range.getClientRects()) if (r.width > 1) lines.push(r);
             }
             const mid = box.top + box.height / 2;
             return !lines.some(r => r.top <= mid && mid <= r.bottom);
           }).map(a => a.getAttribute('href'))"""
    )


@pytest.mark.parametrize("view", ["desktop", "phone"])
def test_no_permalink_alone_on_a_line(browser: Any, site: Path, view: str) -> None:
    ctx = browser.new_context(**VIEWS[view])
    try:
        pg = ctx.new_page()
        for rel in (RES, EXAMPLE):
            _open(pg, site, rel)
            # shown, as on hover or focus
            pg.add_style_tag(content=".permalink { opacity: 1 !important; }")
            assert _lonely_permalinks(pg) == [], rel
    finally:
        ctx.close()


def test_editor_notes_are_shown_at_their_place(page: Any, site: Path) -> None:
    _open(page, site, EXAMPLE)
    notes = page.locator("#editor-notes")
    assert "breaks off" in notes.inner_text()
    assert _targets_exist(page, "#editor-notes a") == []
    style = page.locator("#sec_III__para_3").evaluate("e => getComputedStyle(e, '::before').borderLeftStyle")
    assert style == "double", "the paragraph itself is marked"
    assert "Example." in page.locator(".example-notice").inner_text()


def test_session_and_meeting_as_the_document_writes_them(page: Any, site: Path) -> None:
    _open(page, site, EXAMPLE)
    adopted = page.locator(".adopted").inner_text()
    assert "74th plenary meeting" in adopted and "Fifty-ninth session" in adopted


def _shoot(browser: Any, root: Path, rel: str, name: str, shots: Path) -> None:
    for view, options in VIEWS.items():
        ctx = browser.new_context(**options)
        try:
            pg = ctx.new_page()
            errors = _open(pg, root, rel)
            pg.screenshot(path=str(shots / f"{name}-{view}.png"))
            assert errors == [], f"{rel} ({view}): {errors}"
        finally:
            ctx.close()
    ctx = browser.new_context(**VIEWS["desktop"])
    try:
        pg = ctx.new_page()
        _open(pg, root, rel)
        pg.emulate_media(media="print")
        pg.screenshot(path=str(shots / f"{name}-print.png"), full_page=True)
        hidden = pg.evaluate(
            "[...document.querySelectorAll('.formats, .site-search, .outline')]"
            ".every(e => e.getClientRects().length === 0)"
        )
        assert hidden, "formats, search and outline are off paper"
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("rel", "name"),
    [
        (RES, "ecosoc-2003-22"),
        (EXAMPLE, "example-59-901"),
        ("index.html", "home"),
        ("citations/index.html", "citations"),
    ],
)
def test_screenshots_of_the_bundled_site(browser: Any, site: Path, shots: Path, rel: str, name: str) -> None:
    _shoot(browser, site, rel, name, shots)
    assert (shots / f"{name}-desktop.png").stat().st_size > 10_000


def test_screenshots_of_a_sectioned_ga_text(browser: Any, ga80: Path, shots: Path) -> None:
    page = "ga/80-3/index.html"
    _shoot(browser, ga80, page, "ga-80-3", shots)
    ctx = browser.new_context(**VIEWS["desktop"])
    try:
        pg = ctx.new_page()
        _open(pg, ga80, page)
        hrefs = pg.eval_on_selector_all(".outline a", "as => as.map(a => a.getAttribute('href'))")
        assert {"#annex_1", "#annex_1__sec_I", "#annex_1__sec_III"} <= set(hrefs)
        assert "Eightieth session" in pg.locator(".adopted").inner_text()
        assert pg.locator(".metadata a[href='https://undocs.org/A/80/L.4']").count() == 1
    finally:
        ctx.close()
