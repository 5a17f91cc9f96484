"""Citations in both directions: internal links, "Cited by", the citations index, checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, parse_html, resolution

CITING = """\
---
symbol: 58/10
body: ga
title: Follow-up
date: 2003-11-03
meeting: 50
---

*The General Assembly*,

*Recalling* its resolution 57/173 of 18 December 2002 and Security Council resolution 1373 (2001),

1. *Welcomes* the implementation of paragraph 1 of resolution 57/173;

2. *Notes* paragraph 9 of resolution 57/173.
"""


def build(cli: Callable[..., CliResult], site: Path, *extra: str) -> CliResult:
    result = cli("build", "--site", str(site), *extra)
    return result


def test_internal_and_external_links_with_cited_by(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/ga/57-173.md": resolution(), "content/ga/58-10.md": CITING})
    result = build(cli, site)
    assert result.code == 0, result.err
    assert "citations: 4 found, 3 internal, 1 external" in result.out

    citing = parse_html(site / "build" / "ga" / "58-10" / "index.html")
    cites = {(href, a.get("class")) for href, a in citing.links if "data-cite" in a}
    assert ("../57-173/index.html", "cite cite-internal") in cites
    assert ("../57-173/index.html#para_1", "cite cite-internal") in cites
    assert ("https://undocs.org/S/RES/1373(2001)", "cite cite-external") in cites
    external = [a for _, a in citing.links if a.get("data-cite") == "S/RES/1373(2001)"]
    assert external and "S/RES/1373(2001)" in external[0].get("title", "")

    cited = parse_html(site / "build" / "ga" / "57-173" / "index.html")
    back = [href for href, _ in cited.links if href.startswith("../58-10/index.html#")]
    assert back == ["../58-10/index.html#recital_1", "../58-10/index.html#para_1", "../58-10/index.html#para_2"]
    # one entry per citing resolution, its label, title and how often it cites
    assert "General Assembly resolution 58/10" in cited.text and "Follow-up" in cited.text
    assert "cites it 3 times" in cited.text


def test_pinpoint_to_a_missing_paragraph_warns_and_fails_under_strict(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/ga/57-173.md": resolution(), "content/ga/58-10.md": CITING})
    result = build(cli, site)
    assert "content/ga/58-10.md:15: warning: 57/173: resolution 57/173 has no para 9 (#para_9)" in result.err
    strict = build(cli, site, "--strict")
    assert strict.code == 1


def test_citations_index_and_catalogue(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/ga/57-173.md": resolution(), "content/ga/58-10.md": CITING})
    assert build(cli, site).code == 0
    index = (site / "build" / "citations" / "index.html").read_text(encoding="utf-8")
    row = index[index.index('data-cite="A/RES/57/173"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">3</td>' in row and "GA resolution 58/10" in row
    assert 'data-cite="S/RES/1373(2001)"' in index

    data = json.loads((site / "build" / "data" / "resolutions.json").read_text(encoding="utf-8"))
    by_symbol = {r["symbol"]: r for r in data["resolutions"]}
    assert by_symbol["58/10"]["citations"][0] == {
        "symbol": "A/RES/57/173",
        "kind": "resolution",
        "text": "57/173",
        "pinpoint": None,
        "from_paragraph": "recital_1",
        "internal": True,
    }
    assert by_symbol["57/173"]["cited_by"][1] == {
        "symbol": "A/RES/58/10",
        "from_paragraph": "para_1",
        "pinpoint": "para_1",
    }
    assert by_symbol["57/173"]["url"] == "ga/57-173/"
    assert by_symbol["57/173"]["paragraphs"] == ["formula_1", "recital_1", "para_1", "conclusions"]


def test_a_deleted_resolution_turns_links_external(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/ga/57-173.md": resolution(), "content/ga/58-10.md": CITING})
    assert build(cli, site).code == 0
    (site / "content" / "ga" / "57-173.md").unlink()
    assert build(cli, site).code == 0
    assert not (site / "build" / "ga" / "57-173").exists()
    citing = parse_html(site / "build" / "ga" / "58-10" / "index.html")
    assert "https://undocs.org/A/RES/57/173" in [h for h, _ in citing.links]
