"""What resolution pages show of citations, outline and session, over sites written here:
the generated HTML is read back (no browser)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.site.sessions import session_name, spelled_ordinal
from tests.conftest import CliResult

CITED = """\
---
symbol: 58/10
body: ga
title: The cited one
date: 2003-11-03
meeting: 40
session: 58
---

*The General Assembly*,

1. *Decides* something;

2. *Decides* something else.
"""

CITING = """\
---
symbol: 58/20
body: ga
title: The citing one
date: 2003-12-01
meeting: 60
session: 58
draft: A/58/L.9
report: A/58/400
editorial:
  - at: para_2
    kind: cut
  - at: title
    kind: restored-title
---

*The General Assembly*,

*Recalling* its resolution 58/10 and Security Council resolution 1373 (2001),

1. *Recalls* paragraph 1 of resolution 58/10 and Security Council resolutions 1373 (2001) and 1377 (2001);

2. *Decides* to remain seized of the matter, recalling resolution 58/10 and the
"""


@pytest.fixture
def built(make_site: Callable[[dict[str, str | bytes]], Path]) -> Path:
    root = make_site({"content/a.md": CITED, "content/b.md": CITING})
    out = root / "build"
    build_site(root, out)
    return out


def _text(html: str) -> str:
    inline = re.sub(r"</?(?:a|time)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def test_sessions_are_named_as_the_records_write_them() -> None:
    assert [spelled_ordinal(n) for n in (1, 12, 20, 58, 80, 101)] == [
        "first",
        "twelfth",
        "twentieth",
        "fifty-eighth",
        "eightieth",
        "one hundred and first",
    ]
    assert session_name("58") == "Fifty-eighth session"
    assert session_name("S-10") == "Tenth special session"
    assert session_name("ES-11") == "Eleventh emergency special session"
    assert session_name("substantive session of 2003") == "Substantive session of 2003"
    assert session_name(None) is None


def test_cites_grouped_by_body_with_labels_counts_and_places(built: Path) -> None:
    html = (built / "ga" / "58-20" / "index.html").read_text(encoding="utf-8")
    cites = html[html.index('id="cites-heading"') : html.index('id="cited-by-heading"')]
    text = _text(cites)
    assert text.index("General Assembly (1 document)") < text.index("Security Council (2 documents)")
    assert "General Assembly resolution 58/10 The cited one 3 November 2003 · cited 3 times" in text
    assert "Security Council resolution 1373 (2001)" in text and "cited 2 times" in text
    assert "Security Council resolution 1377 (2001) cited 1 time: paragraph 1" in text
    assert 'href="#recital_1"' in cites and 'href="#para_1"' in cites and 'href="#para_2"' in cites
    # one entry per document, not one per place
    assert cites.count('data-cite="A/RES/58/10"') == 1


def test_cited_by_lists_the_citing_resolution_and_its_paragraphs(built: Path) -> None:
    html = (built / "ga" / "58-10" / "index.html").read_text(encoding="utf-8")
    cited_by = _text(html[html.index('id="cited-by-heading"') :])
    assert "General Assembly resolution 58/20 The citing one" in cited_by
    assert "cites it 3 times: preambular paragraph 1; paragraphs 1, 2" in cited_by
    assert 'href="../58-20/index.html#para_2"' in html


def test_picture_has_a_linked_box_per_document_and_a_text_equivalent(built: Path) -> None:
    html = (built / "ga" / "58-20" / "index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg") : html.index("</svg>")]
    boxes = re.findall(r'<a href="([^"]+)" tabindex="-1" class="node', svg)
    assert sorted(boxes) == sorted(
        ["../58-10/index.html", "https://undocs.org/S/RES/1373(2001)", "https://undocs.org/S/RES/1377(2001)"]
    )
    assert "2001" in svg and "58th session" in svg, "grouped by year or session"
    assert 'aria-hidden="true"' in svg[:200]
    assert "The same documents are listed under" in html


def test_metadata_names_session_meeting_and_links_every_symbol(built: Path) -> None:
    html = (built / "ga" / "58-20" / "index.html").read_text(encoding="utf-8")
    assert "at the 60th plenary meeting · Fifty-eighth session" in _text(html)
    for symbol in ("A/RES/58/20", "A/58/L.9", "A/58/400"):
        assert f'href="https://undocs.org/{symbol}"' in html


def test_editor_notes_are_shown(built: Path) -> None:
    html = (built / "ga" / "58-20" / "index.html").read_text(encoding="utf-8")
    notes = _text(html[html.index('id="editor-notes"') : html.index("</aside>")])
    assert "Paragraph 2: The source breaks off in this paragraph" in notes
    assert "Title: The title is not printed in full in the source" in notes
    assert '#main [id="para_2"]' in html, "the paragraph itself is marked"


def test_short_text_has_no_outline_long_one_has(
    make_site: Callable[[dict[str, str | bytes]], Path],
) -> None:
    paras = "\n\n".join(f"{n}. *Decides* item {n};" for n in range(1, 13))
    root = make_site({"content/a.md": CITED, "content/long.md": CITED.replace("58/10", "58/11") + "\n" + paras})
    build_site(root, root / "build")
    assert 'class="outline"' not in (root / "build" / "ga" / "58-10" / "index.html").read_text(encoding="utf-8")
    long = (root / "build" / "ga" / "58-11" / "index.html").read_text(encoding="utf-8")
    assert 'class="outline"' in long and 'href="#para_12"' in long


def test_bad_editorial_front_matter_is_an_error(
    make_site: Callable[[dict[str, str | bytes]], Path], cli: Callable[..., CliResult]
) -> None:
    bad = CITED.replace("session: 58\n", "session: 58\neditorial:\n  - at: para_1\n    kind: typo\n")
    root = make_site({"content/a.md": bad})
    result = cli("build", "--site", str(root))
    assert result.code == 1
    assert "content/a.md:8: editorial: expected" in result.err
