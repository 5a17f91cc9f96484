"""The citations markdown-it plugin: fixture files of Markdown and the HTML it renders to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.footnote import footnote_plugin

from site_builder.citations import CitedDocument, Recogniser
from site_builder.config import DEFAULT_BARE_NUMBERS, DEFAULT_BODIES
from site_builder.markdown.citations import citations_plugin
from site_builder.model import Citation

FIXTURES = Path(__file__).parent / "fixtures" / "citations"
CASES = [
    pytest.param(path, title, text, expected, id=f"{path.stem}:{line}")
    for path in sorted(FIXTURES.glob("*.md"))
    for line, title, text, expected in read_fixture_file(path)
]


def parser() -> MarkdownIt:
    recogniser = Recogniser(DEFAULT_BODIES, DEFAULT_BARE_NUMBERS)
    return MarkdownIt("commonmark").use(footnote_plugin).use(citations_plugin, recogniser=recogniser)


def env() -> dict[str, Any]:
    return {"speaker": "ecosoc", "document_url": "https://undocs.org/{symbol}"}


@pytest.mark.parametrize(("path", "title", "text", "expected"), CASES)
def test_fixture(path: Path, title: str, text: str, expected: str) -> None:
    assert parser().render(text, env()) == expected, title


def test_fixtures_are_there() -> None:
    assert len(CASES) >= 6


def test_rule_is_last_in_the_core_chain() -> None:
    assert parser().core.ruler.get_all_rules()[-1] == "citations"


def test_citation_records() -> None:
    e = env()
    e["line_offset"] = 7
    text = (
        "*Recalling* its resolution 2003/21 and paragraph 6 of resolution 57/292,\n"
        "and Security Council resolution 1373\n"
        "(2001),[^75]\n"
        "\n"
        "[^75]: See A/57/152 and Corr.1.\n"
    )
    parser().render(text, e)
    assert e["citations"] == [
        Citation("E/RES/2003/21", "resolution", "2003/21", None, None, 8),
        Citation("A/RES/57/292", "resolution", "57/292", "para_6", None, 8),
        Citation("S/RES/1373(2001)", "resolution", "1373 (2001)", None, None, 8),
        Citation("A/57/152", "document", "A/57/152", None, None, 12),
        Citation("A/57/152/Corr.1", "document", "Corr.1", None, None, 12),
    ]


def _structure(state: StateCore) -> None:
    """Stands in for the structure rule: every paragraph an eId, the draft the GA's."""
    count = 0
    for token in state.tokens:
        if token.type == "inline":
            count += 1
            token.meta["eid"] = f"draft_1__recital_{count}"
            token.meta["speaker"] = "ga"


def test_paragraph_and_speaker_from_token_meta() -> None:
    md = parser()
    md.core.ruler.before("citations", "structure", _structure)
    e = env()
    html = md.render("“*Recalling also* its resolutions 56/1 and 57/27,\n", e)
    assert 'data-cite="A/RES/56/1"' in html
    assert [(c.target, c.from_paragraph) for c in e["citations"]] == [
        ("A/RES/56/1", "draft_1__recital_1"),
        ("A/RES/57/27", "draft_1__recital_1"),
    ]


def test_resolver_decides_href_and_internal() -> None:
    seen: list[CitedDocument] = []

    def resolve(cited: CitedDocument) -> tuple[str, bool]:
        seen.append(cited)
        if cited.target == "E/RES/2003/21":
            return f"/ecosoc/2003-21/#{cited.pinpoint}", True
        return "https://docs.un.org/en/" + cited.target, False

    e = env()
    e["resolve_citation"] = resolve
    html = parser().render("paragraph 6 of its resolution 2003/21 and A/57/152\n", e)
    assert html == (
        '<p>paragraph 6 of its resolution <a href="/ecosoc/2003-21/#para_6" '
        'class="cite cite-internal" data-cite="E/RES/2003/21">2003/21</a> and '
        '<a href="https://docs.un.org/en/A/57/152" class="cite cite-external" '
        'data-cite="A/57/152" title="A/57/152, official document">A/57/152</a></p>\n'
    )
    assert [c.target for c in seen] == ["E/RES/2003/21", "A/57/152"]
    assert [c.internal for c in e["citations"]] == [True, False]


def test_without_speaker_or_url_in_env() -> None:
    e: dict[str, Any] = {}
    html = parser().render("resolution 57/173\n", e)
    assert 'href="https://undocs.org/A/RES/57/173"' in html
    assert e["citations"][0].target == "A/RES/57/173"


def test_nothing_to_link_leaves_tokens_alone() -> None:
    e = env()
    tokens = parser().parse("The report for 2023/24, page 2/5.\n", e)
    assert [t.type for t in tokens[1].children or []] == ["text"]
    assert e.get("citations", []) == []
