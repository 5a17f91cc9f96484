"""The theme in a real browser: the bundled site opened from disk (file://) in
headless Chromium (Debian's package, driven by Playwright for Python).

Keyboard use (skip link, permalinks shown on focus), phone width without sideways
scrolling, and footnote marks and back links that land where they point.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
RESOLUTION = "ecosoc/2003-22/index.html"  # has footnote 75 and the draft resolution


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "out"
    build_site(REPO, out)
    return out


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # reduced motion: the permalink's fade-in is skipped, so opacity is final at once
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    pg = ctx.new_page()
    pg.set_default_timeout(5000)
    yield pg
    ctx.close()


def _open(page: Any, site: Path, rel: str) -> None:
    page.goto((site / rel).as_uri())


def _active(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName.toLowerCase(), id: e.id || '',
                           cls: e.getAttribute('class') || '', href: e.getAttribute('href') || ''}; }"""
    )


def _in_viewport(page: Any, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.bottom > 0 && r.top < window.innerHeight; }""",
        selector,
    )


def test_skip_link_is_first_focusable_and_moves_focus_to_main(page: Any, site: Path) -> None:
    _open(page, site, RESOLUTION)
    page.keyboard.press("Tab")
    first = _active(page)
    assert "skip-link" in first["cls"], f"first Tab stop is {first}, not the skip link"
    assert first["href"] == "#main"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0, "focused skip link is off screen"
    page.keyboard.press("Enter")
    assert _active(page)["id"] == "main"
    # and the next Tab continues inside main, not back in the header
    page.keyboard.press("Tab")
    inside = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside


def test_tabbing_onto_a_permalink_makes_it_visible(page: Any, site: Path) -> None:
    _open(page, site, RESOLUTION)
    opacity = "getComputedStyle(document.activeElement).opacity"
    first = page.locator(".resolution-text .permalink").first
    assert float(first.evaluate("e => getComputedStyle(e).opacity")) == 0, "hidden until wanted"
    for _ in range(60):
        page.keyboard.press("Tab")
        if "permalink" in _active(page)["cls"]:
            break
    else:
        pytest.fail("no permalink reached within 60 Tab presses")
    assert float(page.evaluate(opacity)) > 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", ""), (
        "a focused permalink shows a focus ring"
    )
    # hovering the paragraph shows it too
    page.evaluate("document.activeElement.blur()")
    para = page.locator(".resolution-text p:has(> .permalink)").nth(3)
    link = para.locator("> .permalink")
    assert float(link.evaluate("e => getComputedStyle(e).opacity")) == 0
    para.hover()
    assert float(link.evaluate("e => getComputedStyle(e).opacity")) > 0


def test_no_horizontal_scroll_at_phone_width(browser: Any, site: Path) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        pg = ctx.new_page()
        for rel in (RESOLUTION, "citations/index.html", "index.html"):
            _open(pg, site, rel)
            sizes = pg.evaluate(
                "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
            )
            assert sizes["scroll"] <= sizes["client"], f"{rel} scrolls sideways at 390 px: {sizes}"
    finally:
        ctx.close()


def test_footnote_mark_and_back_link_land_on_each_other(page: Any, site: Path) -> None:
    _open(page, site, RESOLUTION)
    page.locator("#fnref_75").click()
    page.wait_for_function("location.hash === '#fn_75'")
    assert page.evaluate("document.getElementById('fn_75').matches(':target')")
    assert _in_viewport(page, "#fn_75")
    assert not _in_viewport(page, "#fnref_75")

    page.locator("#fn_75 a.fn-back").first.click()
    page.wait_for_function("location.hash === '#fnref_75'")
    assert page.evaluate("document.getElementById('fnref_75').matches(':target')")
    assert _in_viewport(page, "#fnref_75")
