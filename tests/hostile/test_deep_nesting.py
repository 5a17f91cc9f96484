"""About a thousand levels of nested inline markup (``*``, ``**``, ``_``, ``[...](...)``)
in every part of a resolution: the build gives a correct page and a well-formed
``akn.xml`` holding all of the text, never a traceback or an "internal error"."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, parse_html

LEVELS = 1000

#: (opening, closing) of one level of each kind of nesting
NESTINGS = {
    "strong": ("**", "**"),
    "em-strong": ("*__", "__*"),
    "link": ("[", "](https://example.org/)"),
    "em-in-link": ("[*", "*](https://example.org/)"),
    "link-in-strong": ("**[", "](https://example.org/)**"),
}


def nested(kind: str, text: str) -> str:
    opening, closing = NESTINGS[kind]
    return opening * LEVELS + text + closing * LEVELS


def page(kind: str) -> str:
    """A resolution with the nesting in its formula, a recital, an operative paragraph,
    a subparagraph, a footnote and the adoption record."""
    return f"""\
---
symbol: 57/173
body: ga
title: Deep
date: 2002-12-18
meeting: 77
---

*The General Assembly*,

*Recalling* {nested(kind, "recital-core")},

1. *Decides* {nested(kind, "operative-core")};[^1]

   (a) {nested(kind, "point-core")};

*77th plenary meeting* {nested(kind, "record-core")}  
18 December 2002

[^1]: {nested(kind, "note-core")}.
"""


@pytest.mark.parametrize("kind", sorted(NESTINGS))
def test_deeply_nested_inline_markup_builds_a_whole_page(
    kind: str, make_site: Callable[[dict[str, str | bytes]], Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/57/173.md": page(kind)})
    out = site / "out"
    result = cli("build", "--site", str(site), "--out", str(out), "-q")
    assert result.code == 0, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    cores = ["recital-core", "operative-core", "point-core", "record-core", "note-core"]
    html = parse_html(out / "ga" / "57-173" / "index.html")
    for core in cores:
        assert core in html.text, f"{core} missing from the page"
    assert {"recital_1", "para_1", "para_1__list_1__point_a", "conclusions"} <= set(html.ids)
    root = ET.fromstring((out / "ga" / "57-173" / "akn.xml").read_bytes())  # well-formed
    xml_text = "".join(root.itertext())
    for core in cores:
        assert core in xml_text, f"{core} missing from akn.xml"
    ns = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
    assert root.find(f".//{ns}paragraph[@eId='para_1']") is not None
    assert root.find(f".//{ns}point[@eId='para_1__list_1__point_a']") is not None
