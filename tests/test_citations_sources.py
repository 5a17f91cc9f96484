"""Citations in the real texts, end to end: import every text of ../shared/sources into
one site, build it, and read the links back from the catalogue and from the HTML.

For each resolution: the exact set of documents it cites; the catalogue and the
HTML agree link by link; a link is ``cite-internal`` exactly when the cited
resolution is a page of the site (relative href to that page, ``#pinpoint`` when
there is one) and ``cite-external`` otherwise (the official document, with a
title); the traps of the sources README are never linked; every internal link and
fragment of the site resolves; "Cited by" and the citations index follow an extra
file citing two of the real resolutions with pinpoints (the real texts cite none
of each other).
"""

from __future__ import annotations

import io
import json
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.build import build_site
from site_builder.importer import import_files
from tests.conftest import REPO
from tests.test_recognise import EXPECTED_GA_80

SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"
ECOSOC = "ecosoc-2003-official-records-excerpt.md"
DOCUMENT_URL = "https://undocs.org/"

# -- what each resolution cites --------------------------------------------------------------

# 2003/22, checked by reading the text: the ten resolutions of the draft it recommends
# to the General Assembly and the six report symbols of its footnote 75.
ECOSOC_2003_22_RESOLUTIONS = {
    "S/RES/1373(2001)", "S/RES/1377(2001)", "S/RES/1456(2003)", "S/RES/1465(2003)",
    "A/RES/56/1", "A/RES/57/27", "A/RES/57/173", "A/RES/57/292", "A/RES/56/261", "A/RES/51/120",
}  # fmt: skip
FOOTNOTE_75 = {
    "A/57/152", "A/57/152/Corr.1", "A/57/152/Add.1", "A/57/152/Add.1/Corr.1", "A/57/152/Add.1/Corr.2",
    "A/57/152/Add.2",
}  # fmt: skip

FILES = {
    "ga-80-2.md": "80/2",
    "ga-80-3.raw.txt": "80/3",
    "ga-80-4.raw.txt": "80/4",
    "ga-80-6.md": "80/6",
    "ga-80-9.md": "80/9",
    "ga-80-11.txt": "80/11",
    "ga-80-24.md": "80/24",
    "ga-80-41.md": "80/41",
}
# tests/test_recognise.py runs the recogniser over the raw lines, masthead included. In the
# site the draft and the report symbols are front-matter fields (shown, not linked) and
# the running header of the raw PDF text (its own symbol) is removed by the importer.
MASTHEAD = {
    "80/2": {"report": "A/80/401"},
    "80/3": {"draft": "A/80/L.4", "header": "A/RES/80/3"},
    "80/4": {"draft": "A/80/L.6", "header": "A/RES/80/4"},
    "80/6": {"draft": "A/80/L.9"},
    "80/9": {"draft": "A/80/L.8"},
    "80/11": {"draft": "A/80/L.15"},
    "80/24": {"report": "A/80/534"},
    "80/41": {"report": "A/80/534"},
}
# Footnote 4 of 80/3 is "See resolution 78/266." Over the raw lines the recogniser sees
# "4 See resolution 78/266.", where the footnote's number makes "See" read like part of a
# proper name ("... Executive Board resolution"), so test_recognise's set lacks it; in the
# site the footnote's text starts at "See" and the citation is linked, as it should be.
FOOTNOTE_NUMBER_IN_FRONT = {"80/3": {"A/RES/78/266"}}

# An extra file (not a real resolution): the real texts cite none of each other.
EXTRA_SYMBOL = "80/999"
EXTRA_CANONICAL = "A/RES/80/999"
EXTRA = """\
---
symbol: 80/999
body: ga
title: Follow-up to resolutions 80/3 and 80/4
date: 2025-12-15
meeting: 60
---

*The General Assembly*,

*Recalling* its resolution 80/4 of 29 October 2025,

1. *Welcomes* the implementation of paragraph 2 of resolution 80/3;

2. *Notes* paragraph 3 of resolution 80/4.

*60th plenary meeting  
15 December 2025*
"""


def expected_targets() -> dict[str, set[str]]:
    expected = {
        "2003/21": set(),  # the end of a draft: no citation
        "2003/22": ECOSOC_2003_22_RESOLUTIONS | FOOTNOTE_75,
        EXTRA_SYMBOL: {"A/RES/80/3", "A/RES/80/4"},
    }
    for name, symbol in FILES.items():
        masthead = set(MASTHEAD[symbol].values())
        assert masthead <= EXPECTED_GA_80[name], name
        expected[symbol] = (EXPECTED_GA_80[name] - masthead) | FOOTNOTE_NUMBER_IN_FRONT.get(symbol, set())
    return expected


# (cited symbol, pinpoint) for every citation with a pinpoint, per citing resolution
PINPOINTS: dict[str, set[tuple[str, str]]] = {
    "2003/22": {("A/RES/57/292", "sec_IV")},
    "80/3": {
        ("A/RES/79/233", "annex_1"), ("A/RES/69/137", "annex_II"), ("A/RES/69/283", "annex_II"),
        ("A/RES/71/256", "annex_1"), ("A/RES/79/323", "annex_1"), ("A/RES/69/313", "annex_1"),
        ("A/RES/63/239", "annex_1"),
    },
    "80/9": {
        ("A/RES/76/7", "annex_1"), ("A/RES/73/195", "annex_1"), ("A/RES/48/134", "annex_1"),
        ("A/RES/79/243", "annex_1"),
    },
    "80/41": {("A/RES/79/42", "para_5")},
    EXTRA_SYMBOL: {("A/RES/80/3", "para_2"), ("A/RES/80/4", "para_3")},
}  # fmt: skip

# -- reading the HTML --------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Element:
    tag: str
    classes: frozenset[str]
    id: str | None


@dataclass
class Anchor:
    attrs: dict[str, str]
    ancestors: tuple[Element, ...]
    row: int | None
    text: str = ""

    @property
    def href(self) -> str:
        return self.attrs.get("href", "")

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def within(self, cls: str) -> bool:
        return any(cls in e.classes for e in self.ancestors)

    @property
    def in_text(self) -> bool:
        """A link of the resolution's text or notes, not of the "Cites"/"Cited by" lists."""
        return not self.within("citations")

    @property
    def paragraph(self) -> str | None:
        return next((e.id for e in reversed(self.ancestors) if e.id), None)


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    anchors: list[Anchor] = field(default_factory=list)
    #: every href of an <a> or <link>
    hrefs: list[str] = field(default_factory=list)
    text: str = ""
    #: table row -> the text of its cells
    rows: dict[int, list[str]] = field(default_factory=dict)

    def cites(self) -> list[Anchor]:
        return [a for a in self.anchors if "data-cite" in a.attrs]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[Element] = []
        self._open: list[Anchor] = []
        self._text: list[str] = []
        self._row: int | None = None
        self._rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag in ("a", "link") and "href" in a:
            self.page.hrefs.append(a["href"])
        if tag == "tr":
            self._row = self._rows = self._rows + 1
            self.page.rows[self._row] = []
        elif tag in ("td", "th") and self._row is not None:
            self.page.rows[self._row].append("")
        if tag in _VOID:
            return
        if tag == "a":
            anchor = Anchor(a, tuple(self._stack), self._row)
            self.page.anchors.append(anchor)
            self._open.append(anchor)
        self._stack.append(Element(tag, frozenset(a.get("class", "").split()), a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self._open.pop()
        if tag == "tr":
            self._row = None
        if any(e.tag == tag for e in self._stack):
            while self._stack and self._stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        for anchor in self._open:
            anchor.text += data
        if self._row is not None and self.page.rows[self._row]:
            self.page.rows[self._row][-1] += data


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    page = reader.page
    page.text = " ".join("".join(reader._text).split())
    for anchor in page.anchors:
        anchor.text = " ".join(anchor.text.split())
    page.rows = {n: [" ".join(c.split()) for c in cells] for n, cells in page.rows.items()}
    return page


# -- the site ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    site: Path
    out: Path
    #: symbol as cited -> its catalogue entry
    catalogue: dict[str, dict[str, Any]]
    pages: dict[Path, Page]
    diagnostics: list[Any]

    def page_of(self, symbol: str) -> Page:
        return self.pages[self.file_of(symbol)]

    def file_of(self, symbol: str) -> Path:
        return (self.out / self.catalogue[symbol]["url"] / "index.html").resolve()

    @property
    def by_canonical(self) -> dict[str, dict[str, Any]]:
        return {r["canonical"]: r for r in self.catalogue.values()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not (SOURCES / ECOSOC).is_file() or not (SOURCES / "ga-80").is_dir():
        pytest.skip(f"the real source texts are not here: {SOURCES} (they live beside the repository, in ../shared)")
    root = tmp_path_factory.mktemp("sources")
    site = root / "site"
    site.mkdir()
    (site / "site.yaml").write_text("title: The real texts\n", encoding="utf-8")
    files = [SOURCES / ECOSOC, *(SOURCES / "ga-80" / name for name in FILES)]
    out, err = io.StringIO(), io.StringIO()
    code = import_files(files, site=site, body=None, dry_run=False, force=False, out=out, err=err)
    assert code == 0, err.getvalue()
    extra = site / "content" / "extra" / "80-999.md"
    extra.parent.mkdir(parents=True)
    extra.write_text(EXTRA, encoding="utf-8")
    result = build_site(site, root / "out")
    data = json.loads((root / "out" / "data" / "resolutions.json").read_text(encoding="utf-8"))
    catalogue = {r["symbol"]: r for r in data["resolutions"]}
    pages = {p.resolve(): read_page(p) for p in sorted((root / "out").rglob("*.html"))}
    return Built(site, (root / "out").resolve(), catalogue, pages, result.diagnostics)


def test_the_site_is_the_real_texts_and_the_bundled_content(built: Built) -> None:
    assert set(built.catalogue) == set(expected_targets())
    # the repository's bundled ECOSOC content is the import of the ECOSOC excerpt
    for rel in ("content/ecosoc/2003/2003-21.md", "content/ecosoc/2003/2003-22.md"):
        assert (built.site / rel).read_text(encoding="utf-8") == (REPO / rel).read_text(encoding="utf-8"), rel
    assert not [d for d in built.diagnostics if d.level.value == "error"]
    # no pinpoint points at a paragraph its target lacks
    assert not [d.format() for d in built.diagnostics if "(#" in d.message]


def test_masthead_symbols_are_fields_not_links(built: Built) -> None:
    for symbol, fields in MASTHEAD.items():
        entry = built.catalogue[symbol]
        assert entry["draft"] == fields.get("draft"), symbol
        assert entry["report"] == fields.get("report"), symbol
        assert fields.get("header", entry["canonical"]) == entry["canonical"]


@pytest.mark.parametrize("symbol", sorted(expected_targets()))
def test_each_resolution_cites_exactly(built: Built, symbol: str) -> None:
    expected = expected_targets()[symbol]
    entry = built.catalogue[symbol]
    assert {c["symbol"] for c in entry["citations"]} == expected
    page = built.page_of(symbol)
    assert {a.attrs["data-cite"] for a in page.cites() if a.in_text} == expected
    # the "Cites" list names each once
    listed = [a.attrs["data-cite"] for a in page.cites() if a.within("citations") and not a.within("cited-by")]
    assert sorted(listed) == sorted(expected)
    pinned = {(c["symbol"], c["pinpoint"]) for c in entry["citations"] if c["pinpoint"]}
    assert pinned == PINPOINTS.get(symbol, set())


@pytest.mark.parametrize("symbol", sorted(expected_targets()))
def test_html_and_catalogue_agree_link_by_link(built: Built, symbol: str) -> None:
    entry = built.catalogue[symbol]
    site_pages = built.by_canonical
    page_url = entry["url"]
    expected: Counter[tuple[str, str, str, str | None, str]] = Counter()
    for c in entry["citations"]:
        target = site_pages.get(c["symbol"])
        assert c["internal"] == (target is not None), c
        if target is not None:
            href = posixpath.relpath(target["url"] + "index.html", page_url)
            href += f"#{c['pinpoint']}" if c["pinpoint"] else ""
            kind = "cite-internal"
        else:
            href, kind = DOCUMENT_URL + c["symbol"], "cite-external"
        expected[(c["symbol"], c["text"], href, c["from_paragraph"], kind)] += 1
    page = built.page_of(symbol)
    links = [a for a in page.cites() if a.in_text]
    got: Counter[tuple[str, str, str, str | None, str]] = Counter()
    for a in links:
        kinds = a.classes & {"cite-internal", "cite-external"}
        assert len(kinds) == 1, a.attrs
        got[(a.attrs["data-cite"], a.text, a.href, a.paragraph, kinds.pop())] += 1
    assert got == expected


def test_internal_exactly_when_the_target_is_a_page_here(built: Built) -> None:
    internal = 0
    for page_file, page in built.pages.items():
        for a in page.cites():
            target = a.attrs["data-cite"]
            here = built.by_canonical.get(target)
            if here is not None:
                assert "cite-internal" in a.classes and "cite-external" not in a.classes, a.attrs
                parts = urlsplit(a.href)
                assert not parts.scheme and not a.href.startswith("/"), a.href
                linked = (page_file.parent / unquote(parts.path)).resolve()
                assert linked == built.file_of(here["symbol"]) and linked.is_file(), a.href
                if parts.fragment:
                    assert parts.fragment in built.pages[linked].ids, a.href
                internal += 1
            else:
                assert "cite-external" in a.classes and "cite-internal" not in a.classes, a.attrs
                assert a.href == DOCUMENT_URL + target, a.href
                if a.in_text:
                    assert target in a.attrs.get("title", ""), a.attrs
    assert internal >= 3  # the extra file's three citations, at least


def test_internal_links_carry_the_pinpoint(built: Built) -> None:
    links = {(a.href, a.paragraph) for a in built.page_of(EXTRA_SYMBOL).cites() if a.in_text}
    assert links == {
        ("../80-4/index.html", "recital_1"),
        ("../80-3/index.html#para_2", "para_1"),
        ("../80-4/index.html#para_3", "para_2"),
    }


def test_ecosoc_2003_22_links_its_ten_resolutions_and_footnote_75(built: Built) -> None:
    page = built.page_of("2003/22")
    text_links = [a for a in page.cites() if a.in_text]
    resolutions = {a.attrs["data-cite"] for a in text_links if a.within("resolution-text")}
    notes = {a.attrs["data-cite"] for a in text_links if a.within("footnotes")}
    assert resolutions == ECOSOC_2003_22_RESOLUTIONS
    assert notes == FOOTNOTE_75
    assert {a.paragraph for a in text_links if a.within("footnotes")} == {"fn_75"}
    assert all(a.href == DOCUMENT_URL + a.attrs["data-cite"] for a in text_links)
    pinned = [a for a in text_links if a.attrs["data-cite"] == "A/RES/57/292"]
    assert [a.paragraph for a in pinned] == ["draft_1__recital_4"]
    # "Security Council resolutions 1373 (2001), 1377 (2001) and 1456 (2003)": each number is a link
    assert [a.text for a in text_links if a.paragraph == "draft_1__recital_1"] == [
        "1373 (2001)",
        "1377 (2001)",
        "1456 (2003)",
    ]
    assert [a.text for a in text_links if a.paragraph == "fn_75"] == [
        "A/57/152",
        "Corr.1",
        "A/57/152/Add.1",
        "Corr.1",
        "2",
        "A/57/152/Add.2",
    ]


# link texts that must never be links: page counters, year ranges, "his/her", another
# organisation's decision, another organisation's symbols
TRAP_TEXTS = {
    "1/5", "2/5", "3/5", "4/5", "5/5", "1/2", "2/2", "2023/24", "2024/25", "2025/26", "his/her", "and/or",
    "15/4", "1/CP.21", "CBD/COP/15/17", "FCCC/CP/2015/10/Add.1", "CD/1999", "CD/2067", "CD/8/Rev.9",
    "CEDAW/C/GC/38", "NPT/CONF.2000/28", "25-16680",
}  # fmt: skip


def test_no_trap_is_linked(built: Built) -> None:
    by_url = {r["url"]: r for r in built.catalogue.values()}
    for page_file, page in built.pages.items():
        where = page_file.relative_to(built.out)
        for a in page.anchors:
            assert a.text not in TRAP_TEXTS, f"{where}: {a.text!r} is linked ({a.href})"
        for a in page.cites():
            target = a.attrs["data-cite"]
            assert not target.startswith(("CBD", "FCCC", "NPT", "CD/", "CEDAW")), f"{where}: {target}"
            assert target != "A/DEC/15/4", where
            # "A/80/534"-style symbols (a report, a draft "A/79/L.8") are never resolutions
            assert not (target.startswith("A/RES/") and "/L." in target), f"{where}: {target}"
            assert not target.startswith("A/RES/80/") or target in built.by_canonical, f"{where}: {target}"
            # the running header of the raw PDF text (the page's own symbol) is not a citation
            own = by_url.get(f"{where.parent.as_posix()}/")
            assert own is None or target != own["canonical"], f"{where}: links its own symbol"


def test_traps_are_in_the_text_unlinked(built: Built) -> None:
    """The traps that the real texts do hold are there, as text."""
    page = built.page_of("80/3")
    assert "document CBD/COP/15/17, decision 15/4, annex." in page.text
    assert "decision 1/CP.21" in page.text
    assert "25-16680" not in page.text and " 2/5 " not in page.text
    page = built.page_of("80/6")
    assert "for 2024/25;" in page.text and "for 2025/26," in page.text
    for symbol in ("80/24", "80/41"):
        page = built.page_of(symbol)
        assert "A/80/534" in page.text  # the report, in the metadata
        # linked as the report (the metadata links every symbol), never as a resolution
        assert not [a for a in page.anchors if "RES/80/534" in a.href]
        assert [a.href for a in page.anchors if "A/80/534" in a.href] == ["https://undocs.org/A/80/534"]


def test_every_internal_link_and_fragment_resolves(built: Built) -> None:
    checked = 0
    for page_file, page in built.pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            where = page_file.relative_to(built.out)
            assert not href.startswith("/"), f"{where}: root-relative link {href}"
            target = (page_file.parent / unquote(parts.path)).resolve() if parts.path else page_file
            assert target.is_file(), f"{where}: broken link {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in built.pages[target].ids, f"{where}: no #{parts.fragment} for {href}"
            checked += 1
    assert checked > 500


def test_cited_by_in_catalogue(built: Built) -> None:
    cited_by = {symbol: r["cited_by"] for symbol, r in built.catalogue.items() if r["cited_by"]}
    assert cited_by == {
        "80/3": [{"symbol": EXTRA_CANONICAL, "from_paragraph": "para_1", "pinpoint": "para_2"}],
        "80/4": [
            {"symbol": EXTRA_CANONICAL, "from_paragraph": "recital_1", "pinpoint": None},
            {"symbol": EXTRA_CANONICAL, "from_paragraph": "para_2", "pinpoint": "para_3"},
        ],
    }


def test_cited_by_on_the_pages(built: Built) -> None:
    extra = built.file_of(EXTRA_SYMBOL)
    for symbol, paragraphs in (("80/3", ["para_1"]), ("80/4", ["recital_1", "para_2"])):
        page_file = built.file_of(symbol)
        page = built.pages[page_file]
        back = [a for a in page.anchors if a.within("cited-by") and urlsplit(a.href).fragment]
        assert [a.href for a in back] == [
            posixpath.relpath(extra.as_posix(), page_file.parent.as_posix()) + f"#{p}" for p in paragraphs
        ]
        entry = [a for a in page.anchors if a.within("cited-by") and not urlsplit(a.href).fragment]
        assert [a.text for a in entry] == [f"General Assembly resolution {EXTRA_SYMBOL}"]
        for a in back:
            assert urlsplit(a.href).fragment in built.pages[extra].ids
    # the real resolutions cite none of each other: every other page's "Cited by" is empty
    for symbol in set(built.catalogue) - {"80/3", "80/4"}:
        assert not [a for a in built.page_of(symbol).anchors if a.within("cited-by")], symbol


def test_citations_index(built: Built) -> None:
    index_file = (built.out / "citations" / "index.html").resolve()
    index = built.pages[index_file]
    counts: Counter[str] = Counter()
    citing: dict[str, set[str]] = {}
    for r in built.catalogue.values():
        for c in r["citations"]:
            counts[c["symbol"]] += 1
            citing.setdefault(c["symbol"], set()).add(r["url"])
    rows = {a.attrs["data-cite"]: a for a in index.cites()}
    assert set(rows) == set(counts)
    for target, head in rows.items():
        assert head.row is not None
        cells = index.rows[head.row]
        assert cells[2] == str(counts[target]), target
        by = {
            posixpath.relpath((index_file.parent / a.href).resolve().parent.as_posix(), built.out.as_posix()) + "/"
            for a in index.anchors
            if a.row == head.row and "data-cite" not in a.attrs
        }
        assert by == citing[target], target
    # the rows of the two cited real resolutions: internal, counted, cited by the extra file
    for target, count in (("A/RES/80/3", 1), ("A/RES/80/4", 2)):
        head = rows[target]
        assert "cite-internal" in head.classes
        assert (index_file.parent / head.href).resolve() == built.file_of(built.by_canonical[target]["symbol"])
        cells = index.rows[head.row or 0]
        assert cells[0] == target and cells[2] == str(count)
        assert "in this site" in cells[1]
        assert cells[3] == f"GA resolution {EXTRA_SYMBOL}" + (f" ({count})" if count > 1 else "")
    assert "cite-external" in rows["S/RES/1373(2001)"].classes and counts["S/RES/1373(2001)"] == 4
