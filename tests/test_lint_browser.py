"""Drafting findings in the live preview, in headless Chromium: beside the paragraph,
listed in a corner box, the page itself untouched underneath."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM
from tests.conftest import write_site
from tests.test_serve import Running, ga, save

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

WAIT_MS = 10_000


def _good(symbol: str, title: str) -> str:
    # the fixture's last paragraph ends with a semicolon; a drafted text ends with a full stop
    text = ga(symbol, title, paragraphs=3)
    head, _, tail = text.rpartition(";")
    return head + "." + tail


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Running]:
    root = write_site(
        tmp_path / "site",
        {
            "content/ga/57-173.md": _good("57/173", "Cooperation").replace("item 2 of cooperation;", "item 2."),
            "content/ga/57-174.md": _good("57/174", "Follow-up work"),
        },
    )
    running = Running(root)
    yield running
    running.stop()


def test_a_finding_shows_beside_its_paragraph_and_goes_when_fixed(browser: Any, live: Running) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto(live.url + "ga/57-173/")
        note = page.locator("#para_2 .site-builder-lint-note")
        note.wait_for(state="visible")
        assert 'punctuation: operative paragraph ends with ".", not a semicolon' in note.inner_text()
        assert "content/ga/57-173.md:" in note.inner_text()
        box = page.locator("#site-builder-lint")
        assert box.is_visible() and "Drafting checks: 1 on this page" in box.inner_text()
        assert page.locator("#site-builder-errors").count() == 0  # no build error panel over the page
        assert page.locator("#para_1").is_visible() and "item 1" in page.inner_text("main")
        # another page has nothing to show
        page.goto(live.url + "ga/57-174/index.html")
        page.locator("#para_1").wait_for(state="visible")
        assert page.locator(".site-builder-lint-note").count() == 0
        assert page.locator("#site-builder-lint").count() == 0
        # the fix: the note is gone after the rebuild
        page.goto(live.url + "ga/57-173/")
        note.wait_for(state="visible")
        source = live.root / "content/ga/57-173.md"
        builds = len(live.server.builds)
        save(source, source.read_text("utf-8").replace("item 2.", "item 2;"))
        live.wait_for(lambda: len(live.server.builds) > builds, "the rebuild")
        page.wait_for_function("() => !document.querySelector('.site-builder-lint-note')", timeout=WAIT_MS)
    finally:
        page.close()
