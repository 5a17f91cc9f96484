"""The live preview's rebuild in two steps: the saved page first (served, the browser
reloaded), the rest of the site and the exports after it; a newer save takes over
from exports still being written; an error found after the first step still reaches
the page.

The exports are held back by an extra export that waits for the test before it makes
its file, so that each step is observed while the next has not happened (no timing).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM
from site_builder.build import write
from site_builder.linking import LoadedSite
from site_builder.model import OutFile
from tests.test_serve import Running, save, small_site

RELOAD = {"command": "reload", "path": "/", "liveCSS": False, "liveImg": False}


class HeldExport:
    """An export (``held.txt``) that, once ``armed``, waits before making its file
    until the test lets one build through (``let_one_through``)."""

    def __init__(self) -> None:
        self.armed = False
        self.waiting = threading.Event()  # a build waits in this export now
        self._gate = threading.Semaphore(0)

    def files(self, site: LoadedSite) -> Iterable[OutFile]:
        yield OutFile("held.txt", self._make)

    def _make(self) -> str:
        if self.armed:
            self.waiting.set()
            assert self._gate.acquire(timeout=60), "the test never let the build through"
        return "held\n"

    def let_one_through(self) -> None:
        self.waiting.clear()
        self._gate.release()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldExport]:
    export = HeldExport()
    monkeypatch.setattr(write, "EXPORTS", (*write.EXPORTS, export.files))
    yield export
    for _ in range(4):  # never leave a build waiting
        export.let_one_through()


@pytest.fixture
def live(tmp_path: Path, held: HeldExport) -> Iterator[Running]:
    running = Running(small_site(tmp_path / "site"))
    held.armed = True
    yield running
    running.stop()


def catalogue_titles(live: Running) -> list[str]:
    """The titles in the catalogue export as it is on disk."""
    data = json.loads((live.server.state.out / "data" / "resolutions.json").read_text("utf-8"))
    return sorted(r["title"] for r in data["resolutions"])


def retitle(live: Running, title: str) -> None:
    page = live.root / "content/ga/57-174.md"
    text = page.read_text("utf-8")
    save(page, text.replace(text.split("title: ", 1)[1].split("\n", 1)[0], title))


def test_the_saved_page_shows_before_the_exports_which_land_after(live: Running, held: HeldExport) -> None:
    retitle(live, "Follow-up work, revised")
    live.wait_for(held.waiting.is_set, "the build to reach the exports")
    # the browser is told, and the page shows the edit, while the exports wait
    assert live.server.hub.sent == [RELOAD]
    assert "Follow-up work, revised" in live.get("/ga/57-174/")[1]
    assert "Follow-up work, revised" not in catalogue_titles(live)
    # a page not made yet is never served as it was: its request waits for the build
    index: list[tuple[int, str]] = []
    reader = threading.Thread(target=lambda: index.append(live.get("/ga/")))
    reader.start()
    held.let_one_through()
    reader.join(30)
    assert index and index[0][0] == 200 and "Follow-up work, revised" in index[0][1]
    live.wait_for(lambda: "Follow-up work, revised" in catalogue_titles(live), "the catalogue")
    assert (live.server.state.out / "held.txt").read_text("utf-8") == "held\n"
    assert live.server.hub.sent == [RELOAD]  # one reload: the exports change nothing shown


def test_a_newer_save_takes_over_from_exports_in_progress(live: Running, held: HeldExport) -> None:
    retitle(live, "First version")
    live.wait_for(held.waiting.is_set, "the first build to reach the exports")
    assert "First version" in live.get("/ga/57-174/")[1]
    retitle(live, "Second version")
    live.wait_for(live.server.builder.pending.waiting, "the second save to be noticed")
    held.let_one_through()  # the first build gives way before it writes anything more
    live.wait_for(held.waiting.is_set, "the second build to reach the exports")
    assert "Second version" in live.get("/ga/57-174/")[1]
    # the first build's exports never landed: the catalogue is still that of the start
    assert "First version" not in catalogue_titles(live)
    assert "Follow-up work" in catalogue_titles(live)
    held.let_one_through()
    live.wait_for(lambda: "Second version" in catalogue_titles(live), "the second build's catalogue")
    assert "First version" not in catalogue_titles(live)
    assert "exports give way to a newer save" in live.out.getvalue()
    assert live.server.hub.sent == [RELOAD, RELOAD]


def test_an_error_in_a_page_made_after_the_reload_reaches_the_page(live: Running, held: HeldExport) -> None:
    held.armed = False
    home = live.root / "templates/home.html"
    # one burst: the saved page renders (its template is fine), the home page does not
    save(home, '{% extends "base.html" %}\n{% block main %}\n{{ broken( }}\n{% endblock %}\n')
    retitle(live, "Follow-up work, revised")
    live.wait_for(lambda: "site-builder-errors" in live.get("/ga/57-174/")[1], "the overlay")
    body = live.get("/ga/57-174/")[1]
    assert "templates/home.html:3" in body
    # beneath it, the last good build, not the first page of the build that failed
    assert "Follow-up work, revised" not in body and "Follow-up work" in body
    home.unlink()
    live.wait_for(lambda: "site-builder-errors" not in live.get("/ga/57-174/")[1], "recovery")
    assert "Follow-up work, revised" in live.get("/ga/57-174/")[1]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_chromium_shows_the_edit_while_the_exports_are_still_held(
    browser: Any, live: Running, held: HeldExport
) -> None:
    page = browser.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live.url + "ga/57-174/")
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol")
        page.evaluate("window.__notReloaded = true")
        retitle(live, "Follow-up work, seen at once")
        page.wait_for_function("t => document.body.innerText.includes(t)", arg="Follow-up work, seen at once")
        assert page.evaluate("window.__notReloaded !== true")  # a full reload, with the stylesheet
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        live.wait_for(held.waiting.is_set, "the exports")
        assert "Follow-up work, seen at once" not in catalogue_titles(live)
        held.let_one_through()
        live.wait_for(lambda: "Follow-up work, seen at once" in catalogue_titles(live), "the catalogue")
    finally:
        page.close()
