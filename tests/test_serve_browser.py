"""The live preview in headless Chromium: what an editor sees while saving files.

Debian's chromium, driven by Playwright for Python (never a downloaded browser).
Every wait is bounded; the server runs in a thread on a free loopback port and
serves a copy of a small site in tmp_path.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM
from tests.test_serve import Running, ga, save, small_site

WAIT_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Running]:
    root = small_site(tmp_path / "site")
    for n in range(10):
        save(root / f"content/ga/58-{n + 1}.md", ga(f"58/{n + 1}", f"Burst subject {n}"))
    running = Running(root)  # the default polling interval and quiet period
    yield running
    running.stop()


class Tab:
    """A page of the preview, with the reload messages it received."""

    def __init__(self, browser: Any, live: Running, path: str) -> None:
        self.live = live
        self.page = browser.new_page(viewport={"width": 1000, "height": 700})
        self.page.set_default_timeout(WAIT_MS)
        self.messages: list[dict[str, Any]] = []
        self.page.on("websocket", self._socket)
        self.page.goto(live.url.rstrip("/") + path)
        self.wait_connected()

    def _socket(self, ws: Any) -> None:
        def received(payload: str | bytes) -> None:
            try:
                message = json.loads(payload)
            except ValueError:
                return
            if message.get("command") == "reload":
                self.messages.append(message)

        ws.on("framereceived", received)

    def wait_connected(self) -> None:
        """The live-reload client is connected (and so will hear of the next build)."""
        self.live.wait_for(lambda: bool(self.live.server.hub.sockets), "the browser to connect")
        self.page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol",
            timeout=WAIT_MS,
        )

    def mark(self) -> None:
        """Something a full reload forgets."""
        self.page.evaluate("window.__notReloaded = true")

    def reloaded(self) -> bool:
        return not self.page.evaluate("window.__notReloaded === true")

    def wait_text(self, text: str) -> None:
        self.page.wait_for_function(
            "t => document.body && document.body.innerText.includes(t)", arg=text, timeout=WAIT_MS
        )

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def tab(browser: Any, live: Running) -> Iterator[Any]:
    opened: list[Tab] = []

    def open_tab(path: str) -> Tab:
        t = Tab(browser, live, path)
        opened.append(t)
        return t

    yield open_tab
    for t in opened:
        t.close()


def test_edit_shows_in_the_open_page_at_the_same_scroll_position(tab: Any, live: Running) -> None:
    page = tab("/ga/57-173/")
    page.page.evaluate("window.scrollTo(0, 900)")
    page.page.wait_for_function("() => Math.abs(window.scrollY - 900) < 2")
    page.mark()
    source = live.root / "content/ga/57-173.md"
    save(source, source.read_text("utf-8").replace("report on item 39", "report on item 39 EDITED"))
    page.wait_text("item 39 EDITED")
    assert page.reloaded()
    page.page.wait_for_function("() => Math.abs(window.scrollY - 900) < 2", timeout=3000)
    assert page.page.evaluate("location.pathname") == "/ga/57-173/"


def test_ten_saves_in_a_burst_give_one_rebuild(tab: Any, live: Running) -> None:
    page = tab("/ga/")
    builds = len(live.server.builds)
    for n in range(10):
        path = live.root / f"content/ga/58-{n + 1}.md"
        save(path, path.read_text("utf-8").replace(f"Burst subject {n}", f"Burst renamed {n}"))
    page.wait_text("Burst renamed 9")
    for n in range(10):
        assert f"Burst renamed {n}" in page.page.inner_text("body")
    time.sleep(0.5)  # anything more would have happened by now
    assert len(live.server.builds) == builds + 1
    assert len(live.server.builds[-1].paths) == 10
    assert len(page.messages) == 1


def test_broken_front_matter_shows_the_error_with_its_line_then_the_fix(tab: Any, live: Running) -> None:
    page = tab("/ga/57-174/")
    source = live.root / "content/ga/57-174.md"
    good = source.read_text("utf-8")
    save(source, good.replace("title: Follow-up work", "title: [unclosed"))
    overlay = page.page.locator("#site-builder-errors")
    overlay.wait_for(state="visible")
    text = overlay.inner_text()
    assert "content/ga/57-174.md:5" in text
    assert "YAML does not parse" in text
    assert "title: [unclosed" in text and "date: 2002-12-18" in text  # the lines around it
    assert "Follow-up work" in page.page.inner_text("main")  # the last good page beneath

    save(source, good.replace("Follow-up work", "Follow-up work, mended"))
    page.wait_text("Follow-up work, mended")
    assert page.page.locator("#site-builder-errors").count() == 0


def test_css_change_is_applied_without_a_reload(tab: Any, live: Running) -> None:
    page = tab("/ga/57-174/")
    assert page.page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    page.mark()
    save(live.root / "theme/style.css", "body { color: rgb(1, 2, 3); }\n")
    page.page.wait_for_function("() => getComputedStyle(document.body).color === 'rgb(1, 2, 3)'")
    assert not page.reloaded()
    assert page.messages and all(m["liveCSS"] for m in page.messages)


def test_two_edits_one_second_apart_both_appear(tab: Any, live: Running) -> None:
    page = tab("/ga/57-174/")
    source = live.root / "content/ga/57-174.md"
    text = source.read_text("utf-8")
    first = time.monotonic()
    save(source, text.replace("Follow-up work", "Follow-up work, first edit"))
    page.wait_text("first edit")
    time.sleep(max(0.0, 1.0 - (time.monotonic() - first)))
    save(source, text.replace("Follow-up work", "Follow-up work, second edit"))
    page.wait_text("second edit")
    assert "first edit" not in page.page.inner_text("body")
    assert len(page.messages) == 2


def test_a_new_resolution_appears_in_the_open_index(tab: Any, live: Running) -> None:
    page = tab("/ga/")
    save(live.root / "content/ga/57-180.md", ga("57/180", "A freshly added subject"))
    page.wait_text("A freshly added subject")
    (live.root / "content/ga/57-180.md").unlink()
    page.page.wait_for_function("() => !document.body.innerText.includes('A freshly added subject')", timeout=WAIT_MS)
