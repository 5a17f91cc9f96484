"""Search in headless Chromium: symbol lookup, results merged from several shards
of the index, a phrase that lands on a paragraph with the words marked, the body
and year filters, and the message from file://."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site
from site_builder.exports.pagefind import pagefind_executable
from tests.conftest import REPO, write_site

pytestmark = pytest.mark.browser


GA = """\
---
symbol: 57/173
body: ga
title: Cooperation against wildlife trafficking
date: 2002-12-18
meeting: 77
---

*The General Assembly*,

*Recalling* its resolution 56/1 of 12 September 2001,

1. *Requests* the Secretary-General to report on pangolin trafficking;

2. *Decides* to remain seized of the matter.

*77th plenary meeting  
18 December 2002*
"""

SC = """\
---
symbol: 1373 (2001)
body: sc
title: Threats to international peace and security caused by terrorist acts
date: 2001-09-28
meeting: 4385
---

*The Security Council*,

*Reaffirming* its resolution 1269 (1999) of 19 October 1999,

1. *Decides* that all States shall prevent and suppress the financing of terrorist acts;

2. *Decides also* that all States shall refrain from supporting pangolin smugglers.

Adopted by the Security Council at its 4385th meeting, on 28 September 2001
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    root = tmp_path_factory.mktemp("search") / "site"
    files: dict[str, str | bytes] = {
        f"content/ecosoc/{p.name}": p.read_text(encoding="utf-8") for p in (REPO / "content/ecosoc/2003").glob("*.md")
    }
    files.update({"content/ga.md": GA, "content/sc.md": SC})
    write_site(root, files)
    build_site(root)
    return root / "build"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert not errors, errors


def search(page: Any, query: str) -> list[Any]:
    page.fill("#search-q", query)
    page.wait_for_function(
        "q => document.querySelector('#search-results').getAttribute('data-query') === q", arg=query, timeout=15000
    )
    return list(page.query_selector_all("#search-results > li"))


def first_link(item: Any) -> str:
    return str(item.query_selector("a").get_attribute("href"))


@pytest.mark.parametrize(
    ("typed", "page_dir"),
    [
        ("57/173", "ga/57-173/"),
        ("A/RES/57/173", "ga/57-173/"),
        ("1373 (2001)", "sc/1373-2001/"),
        ("S/RES/1373(2001)", "sc/1373-2001/"),
        ("e/res/2003/22", "ecosoc/2003-22/"),
    ],
)
def test_a_typed_symbol_offers_that_resolution_first(server: str, page: Any, typed: str, page_dir: str) -> None:
    page.goto(server + "ecosoc/index.html")
    results = search(page, typed)
    assert results, f"no result for {typed}"
    assert first_link(results[0]) == server + page_dir + "index.html"
    assert "search-symbol" in (results[0].get_attribute("class") or "")


def test_one_query_finds_results_in_several_shards(built: Path, server: str, page: Any) -> None:
    index = json.loads((built / "pagefind/shards.json").read_text())
    assert {"ga-57", "sc-2001", "ecosoc-2003"} <= set(index["shards"])
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(server + "index.html")
    results = search(page, "pangolin")
    assert sorted(first_link(r) for r in results) == [
        server + "ga/57-173/index.html?highlight=pangolin#para_1",
        server + "sc/1373-2001/index.html?highlight=pangolin#para_2",
    ]
    for shard in ("ga-57", "sc-2001"):  # each shard's own index answered
        assert any(f"/pagefind/{shard}/index/" in url for url in fetched), shard
    results = search(page, "S/RES/1373 (2001)")
    assert first_link(results[0]) == server + "sc/1373-2001/index.html"


def test_a_phrase_lands_on_its_paragraph_with_the_words_marked(server: str, page: Any) -> None:
    page.goto(server + "index.html")
    results = search(page, "legislative guide")
    assert results
    href = first_link(results[0])
    assert href.startswith(server + "ecosoc/2003-22/index.html?highlight=")
    assert href.endswith("#draft_1__para_4")
    sub = results[0].query_selector(".search-paragraphs a")
    assert sub is not None and "Paragraph 4" in sub.text_content()
    assert sub.query_selector("mark") is not None
    results[0].query_selector("a").click()
    page.wait_for_selector("#draft_1__para_4 mark.search-hit")
    marked = [m.text_content().lower() for m in page.query_selector_all("#draft_1__para_4 mark.search-hit")]
    assert "legislative" in marked and "guide" in marked
    assert "search-target" in (page.get_attribute("#draft_1__para_4", "class") or "")


def test_the_filters_narrow_by_body_and_year(server: str, page: Any) -> None:
    page.goto(server + "index.html")
    page.focus("#search-q")
    page.wait_for_selector("#search-body option[value='Security Council']", state="attached", timeout=15000)
    both = search(page, "pangolin")
    assert {first_link(r).split("/")[3] for r in both} == {"ga", "sc"}
    page.select_option("#search-body", "Security Council")
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length === 1")
    assert "/sc/1373-2001/" in first_link(page.query_selector("#search-results > li"))
    page.select_option("#search-body", "")
    page.select_option("#search-year", "2002")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results > li > a')].every(a => a.href.includes('/ga/'))"
    )
    assert len(page.query_selector_all("#search-results > li")) == 1
    years = [o.get_attribute("value") for o in page.query_selector_all("#search-year option")]
    assert years == ["", "2003", "2002", "2001"]


GA_PAGE = """\
---
symbol: {symbol}
body: ga
title: Resolution {symbol}
date: {date}
meeting: 1
---

*The General Assembly*,

1. *Decides* to remain seized of the matter.
"""


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two GA sessions, their dates interleaved: a shard each."""
    if pagefind_executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    root = tmp_path_factory.mktemp("sessions") / "site"
    dates = {"56/1": "2001-12-20", "56/2": "2002-06-01", "56/3": "2002-07-01", "57/1": "2002-09-20"}
    dates["57/2"] = "2002-12-18"
    files: dict[str, str | bytes] = {
        f"content/{s.replace('/', '-')}.md": GA_PAGE.format(symbol=s, date=d) for s, d in dates.items()
    }
    write_site(root, files)
    build_site(root)
    handler = functools.partial(_Quiet, directory=str(root / "build"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


def test_a_filter_alone_lists_the_newest_first_across_shards(sessions: str, page: Any) -> None:
    page.goto(sessions + "index.html")
    page.focus("#search-q")
    page.wait_for_selector("#search-year option[value='2002']", state="attached", timeout=15000)
    page.select_option("#search-body", "General Assembly")
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length === 5")
    links = [first_link(r).split("/")[4] for r in page.query_selector_all("#search-results > li")]
    assert links == ["57-2", "57-1", "56-3", "56-2", "56-1"]


def test_opened_from_a_file_the_box_says_search_needs_a_server(built: Path, page: Any) -> None:
    page.goto((built / "ecosoc" / "2003-22" / "index.html").as_uri())
    page.fill("#search-q", "terrorism")
    status = page.wait_for_selector("#search-status:not(:empty)")
    text = status.text_content()
    assert "opened from a file" in text and "HTTP" in text
    assert page.is_visible("#search-status")
