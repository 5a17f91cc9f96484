"""End to end: which body a citation names, read from the built pages' ``data-cite``.

An HRC resolution cites its own resolution 5/1 bare and by "its", and a General
Assembly resolution by "the General Assembly by its resolution 60/251": the bare
number is the speaker's (the HRC numbers by session like the GA), "its" after the
Assembly named as acting is the Assembly's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, parse_html

HRC_6_15 = """\
---
symbol: 6/15
body: hrc
title: Forum on Minority Issues
date: 2007-09-28
meeting: 21
---

*The Human Rights Council*,

*Recalling* the Declaration adopted by the General Assembly by its resolution 47/135 of 18 December 1992,

*Recalling also* that the Council was established by the General Assembly in its resolution 60/251 of 15 March 2006,

*Bearing in mind* its resolutions 5/1 and 5/2 of 18 June 2007, Security Council resolution 1325 (2000) and
General Assembly resolutions 36/87 A to C of 9 December 1981,

1. *Decides* to act in accordance with resolution 5/1, page 2/5 of the report for 2023/24 and/or his/her views;
"""

HRC_5_1 = """\
---
symbol: 5/1
body: hrc
title: Institution-building
date: 2007-06-18
meeting: 9
---

*The Human Rights Council*,

1. *Adopts* the text.
"""

GA_60_251 = """\
---
symbol: 60/251
body: ga
title: Human Rights Council
date: 2006-03-15
meeting: 72
---

*The General Assembly*,

1. *Decides* to establish the Council.
"""


def test_hrc_text_cites_its_own_and_the_assemblys(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"content/hrc/6-15.md": HRC_6_15, "content/hrc/5-1.md": HRC_5_1, "content/ga/60-251.md": GA_60_251}
    )
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    pages = list((site / "build").rglob("index.html"))
    page = next(p for p in pages if p.parent.name == "6-15")
    links = [(a.get("data-cite"), a.get("class"), href) for href, a in parse_html(page).links if "data-cite" in a]
    cites = [cite for cite, _, _ in links]
    # the text's links, in order, then the page's "Cites" list (with the part the range stands for)
    in_text = [
        "A/RES/47/135",
        "A/RES/60/251",
        "A/HRC/RES/5/1",
        "A/HRC/RES/5/2",
        "S/RES/1325(2000)",
        "A/RES/36/87A",
        "A/RES/36/87C",
        "A/HRC/RES/5/1",
    ]
    assert cites[: len(in_text)] == in_text
    assert set(cites[len(in_text) :]) == {*in_text, "A/RES/36/87B"}
    internal = {cite: href for cite, cls, href in links if cls == "cite cite-internal"}
    assert set(internal) == {"A/RES/60/251", "A/HRC/RES/5/1"}
    assert internal["A/RES/60/251"].endswith("60-251/index.html")
    assert internal["A/HRC/RES/5/1"].endswith("5-1/index.html")
    # the range's end stands for the part between
    also = [a.get("data-cite-also") for _, a in parse_html(page).links if a.get("data-cite") == "A/RES/36/87C"]
    assert also[0] == "A/RES/36/87B"
    # the traps stay text
    text = parse_html(page).text
    assert "page 2/5 of the report for 2023/24 and/or his/her views" in text
    # "Cited by" on the cited pages comes back to the HRC text
    cited = next(p for p in pages if p.parent.name == "60-251")
    assert any("6-15/index.html#recital_2" in href for href, _ in parse_html(cited).links)
