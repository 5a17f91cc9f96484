"""Markdown extensions, each with fixture files: title, ``.``, input, ``.``, HTML, ``.``.

The expected HTML is the whole rendered text (body, then the footnote list), so a
change to anchors, classes or footnote ids shows up here first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from site_builder.config import SiteConfig
from site_builder.markdown import make_parser, render_markdown
from site_builder.model import Rendered
from tests.conftest import text_resolution

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def render(text: str, body: str = "ga", doc_id: str | None = None) -> Rendered:
    return render_markdown(make_parser(SiteConfig(root=Path("."))), text_resolution(text, body), doc_id=doc_id)


def cases(name: str) -> list[tuple[int, str, str, str]]:
    return list(read_fixture_file(FIXTURES / name))


@pytest.mark.parametrize(("line", "title", "text", "expected"), cases("structure.md"))
def test_structure(line: int, title: str, text: str, expected: str) -> None:
    out = render(text)
    assert out.html + out.footnotes_html == expected


@pytest.mark.parametrize(("line", "title", "text", "expected"), cases("footnotes.md"))
def test_footnotes(line: int, title: str, text: str, expected: str) -> None:
    out = render(text)
    assert out.html + out.footnotes_html == expected


def test_footnote_ids_are_unique_per_document_on_a_shared_page() -> None:
    a = render("Text.[^75]\n\n[^75]: Note.\n", doc_id="e-2003-21")
    b = render("Text.[^75]\n\n[^75]: Note.\n", doc_id="e-2003-22")
    assert 'id="e-2003-21__fnref_75"' in a.html and 'id="e-2003-22__fnref_75"' in b.html
    assert 'id="e-2003-21__fn_75"' in a.footnotes_html


def test_the_same_text_always_gets_the_same_anchors() -> None:
    text = (FIXTURES.parent.parent.parent / "content" / "ecosoc" / "2003" / "2003-22.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    first = [p.eid for p in render(body, body="ecosoc").paragraphs]
    second = [p.eid for p in render(body, body="ecosoc").paragraphs]
    assert first == second and len(first) == len(set(first))


def test_paragraph_records_carry_lines_and_numbers() -> None:
    out = render("*The General Assembly*,\n\n*Recalling* x,\n\n6. *Requests* y;\n\n   (a) z;\n")
    assert [(p.eid, p.kind, p.num, p.line) for p in out.paragraphs] == [
        ("formula_1", "formula", "", 1),
        ("recital_1", "recital", "", 3),
        ("para_6", "para", "6", 5),
        ("para_6__list_1__point_a", "point", "a", 7),
    ]


@pytest.mark.parametrize(
    "record",
    [
        "*44th plenary meeting  \n22 July 2003*",
        "21st meeting  \n28 September 2007",
        "Adopted by the Security Council at its 4385th meeting, on 28 September 2001",
        "Adopted unanimously by the Security Council at its 9000th meeting, on 1 March 2024",
    ],
)
def test_the_adoption_record_of_every_body_closes_the_text(record: str) -> None:
    out = render(f"*The Security Council*,\n\n1. *Decides* to remain seized of the matter.\n\n{record}\n", body="sc")
    assert [p.kind for p in out.paragraphs][-1] == "conclusions", out.paragraphs
