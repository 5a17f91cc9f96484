"""The import on texts written here in the shapes real texts take (no ../shared
needed): adoption records of every body, footnote marks in every position, notes
whose mark is nowhere, notes run together, numbering that is off, hostile
headers, plain PDF text of each body as a file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from site_builder.importer import import_files
from site_builder.importer.masthead import adoption
from tests.conftest import REPO

FIXTURES = REPO / "tests/fixtures/import"


def _run(tmp: Path, text: str, name: str = "r.md") -> tuple[int, str, str, Path]:
    source = tmp / name
    source.write_text(text, encoding="utf-8")
    site = tmp / "site"
    out, err = io.StringIO(), io.StringIO()
    code = import_files([source], site=site, body=None, dry_run=False, force=False, out=out, err=err)
    return code, out.getvalue(), err.getvalue(), site


def _extraction(paragraphs: list[str], notes: str, *, record: str = "41st plenary meeting 3 November 2026") -> str:
    """A Markdown extraction in the form of a third-party one (one paragraph a line)."""
    body = "\n\n".join(paragraphs)
    return (
        '---\nsymbol: A/RES/81/5\ntitle: "Cooperation on water :"\n---\n\nUnited Nations\n\n'
        "General Assembly Distr.: General 9 November 2026\n\nEighty-first session Agenda item 9\n\n"
        "Resolution adopted by the General Assembly on 3 November 2026\n\n"
        f"81/5. Cooperation on water\n\nThe General Assembly,\n\n{body}\n\n{record}\n\n---\n\n{notes}\n"
    )


@pytest.mark.parametrize(
    ("text", "meeting", "date"),
    [
        ("44th plenary meeting, 22 July 2003", 44, dt.date(2003, 7, 22)),
        ("18th plenary meeting 14 October 2025", 18, dt.date(2025, 10, 14)),
        ("3rd plenary meeting", 3, None),
        ("Adopted by the Security Council at its 9000th meeting, on 28 September 2023", 9000, dt.date(2023, 9, 28)),
        ("Adopted unanimously by the Security Council at its 9001st meeting on 2 October 2023.", 9001,
         dt.date(2023, 10, 2)),
        ("[Adopted without a vote.] 21st meeting 28 September 2007", 21, dt.date(2007, 9, 28)),
        ("21st meeting 28 September 2007 [Adopted by a recorded vote of 30 to 2, with 15 abstentions.]", 21,
         dt.date(2007, 9, 28)),
        ("21st meeting", 21, None),
    ],
)  # fmt: skip
def test_adoption_records_of_every_body(text: str, meeting: int, date: dt.date | None) -> None:
    found = adoption(text)
    assert found is not None
    assert (found.meeting, found.date) == (meeting, date)


@pytest.mark.parametrize("text", ["44th plenary meeting, 31 February 2003", "Recalling the 21st meeting of 2007,"])
def test_not_adoption_records(text: str) -> None:
    assert adoption(text) is None


def test_date_from_the_masthead_when_the_record_has_none(tmp_path: Path) -> None:
    text = _extraction(["1. Decides to act."], "", record="3rd plenary meeting")
    code, _, err, site = _run(tmp_path, text)
    assert code == 0, err
    md = (site / "content/ga/81/81-5.md").read_text()
    assert "date: 2026-11-03\nmeeting: 3\n" in md


def test_marks_in_every_position(tmp_path: Path) -> None:
    paragraphs = [
        "Recalling the Convention on Chemical Weapons 1and the advisory opinion,",
        "Recalling also the summit held on 16 September 2005 2 and the adoption of the agenda,",
        "Noting the report,3",
        "Noting also its resolution 79/7;4",
        "1. Welcomes the Convention 5 and the Protocol6 to it;",
        "2. Decides to act in 2027.7",
    ]
    notes = "\n".join(f"[^{n}]: See A/81/{n}0." for n in range(1, 8))  # no blank lines between them
    code, _, err, site = _run(tmp_path, _extraction(paragraphs, notes))
    assert code == 0, err
    assert "was not found" not in err
    md = (site / "content/ga/81/81-5.md").read_text()
    for written in ("Weapons[^1] and the", "2005[^2] and the adoption", "report,[^3]", "79/7;[^4]",
                    "Convention[^5] and the Protocol[^6] to it", "in 2027.[^7]"):  # fmt: skip
        assert written in md, written
    assert md.count("\n[^") == 7  # seven notes, none run into another


def test_a_note_without_its_mark_is_kept(tmp_path: Path) -> None:
    paragraphs = ["Recalling its resolution 79/1,1", "1. Decides to act."]
    notes = "[^1]: A/79/1.\n\n[^2]: A/79/2, a note whose mark the extractor lost."
    code, _, err, site = _run(tmp_path, _extraction(paragraphs, notes))
    assert code == 0, err
    assert "footnote 2: its mark was not found in the text of 81/5; the note is kept, marked unplaced" in err
    md = (site / "content/ga/81/81-5.md").read_text()
    assert "[^2]: A/79/2, a note whose mark the extractor lost." in md
    assert "79/1,[^1][^2]" in md


def test_inline_notes_run_together_stay_separate(tmp_path: Path) -> None:
    """A flat extraction leaves a page's notes inline, one a line, no blank between."""
    text = _extraction(
        ["Recalling its resolutions 79/1,1 79/2 2 and 79/3,", "1 A/79/1.\n2 A/79/2.", "1. Decides to act."], ""
    ).replace("\n\n---\n\n\n", "\n")
    code, _, err, site = _run(tmp_path, text, "r.txt")
    assert code == 0, err
    md = (site / "content/ga/81/81-5.md").read_text()
    assert "[^1]: A/79/1.\n\n[^2]: A/79/2." in md


def test_numbering_gap_disorder_and_lost_number(tmp_path: Path) -> None:
    paragraphs = ["1. Decides to act;", "2. Requests a report;", "7. Invites States;", "4. Urges all;",
                  "Also decides to remain seized of the matter."]  # fmt: skip
    code, _, err, _ = _run(tmp_path, _extraction(paragraphs, ""))
    assert code == 0, err
    lines = {line.split(": warning: ", 1)[1]: line.split(": warning: ", 1)[0] for line in err.splitlines()
             if ": warning: " in line}  # fmt: skip
    assert lines["operative paragraph 7 of 81/5 follows 2: no paragraph 3 to 6"].endswith("r.md:22")
    assert lines["operative paragraph 4 of 81/5 comes after 7"].endswith("r.md:24")
    assert lines["an operative paragraph of 81/5 without its number (after 4)"].endswith("r.md:26")


def test_header_aliases_refused_and_values_not_printed(tmp_path: Path) -> None:
    bomb = "\n".join(["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                     + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
                        for i in range(8)] + ["symbol: *i", "---", "text"])  # fmt: skip
    code, _, err, _ = _run(tmp_path, bomb, "bomb.txt")
    assert code == 1
    assert "bomb.txt:2: refused: the YAML header uses an anchor (& or *): not allowed here" in err
    huge = "x" * 100_000
    code, _, err, _ = _run(tmp_path, f"---\nsymbol: {huge}\n---\ntext\n", "huge.txt")
    assert code == 1
    assert "is not the symbol of a resolution of a known body" in err
    assert len(err) < 1000


PLAIN = sorted(FIXTURES.glob("plain-*.txt"))


@pytest.mark.parametrize("path", PLAIN, ids=[p.stem for p in PLAIN])
def test_plain_pdf_text_of_each_body(tmp_path: Path, path: Path) -> None:
    """Examples of each body's layout as a PDF-to-text tool gives them, no header."""
    code, out, err, site = _run(tmp_path, path.read_text(encoding="utf-8"), path.name)
    assert code == 0, err
    assert "read as text extracted from an official PDF" in out
    written = list((site / "content").rglob("*.md"))
    assert len(written) == 1
    head = written[0].read_text().split("---\n")[1]
    for field in ("symbol:", "body:", "title:", "date:", "meeting:"):
        assert field in head, (field, head)


def test_security_council_and_hrc_extractions(tmp_path: Path) -> None:
    """Title lines 'Resolution 2799 (2026)' and 'Resolution 6/15. Title'; the Council's
    record above the text goes to its end, the HRC's vote statement after the record."""
    site = tmp_path / "site"
    out, err = io.StringIO(), io.StringIO()
    files = [FIXTURES / "extraction-sc.md", FIXTURES / "extraction-hrc.md"]
    code = import_files(files, site=site, body=None, dry_run=False, force=False, out=out, err=err)
    assert code == 0, err.getvalue()
    sc = (site / "content/sc/2026/2799-2026.md").read_text()
    assert "title: Resolution 2799 (2026)\ndate: 2026-03-12\nmeeting: 10112\n" in sc
    assert sc.index("1. *Decides*") < sc.index("Adopted by the Security Council at its 10112th meeting")
    hrc = (site / "content/hrc/6/6-15.md").read_text()
    assert "title: Forum on Minority Issues\ndate: 2007-09-28\nmeeting: 21\nsession: 6\n" in hrc
    assert hrc.index("*21st meeting  \n28 September 2007*") < hrc.index("\\[Adopted without a vote.\\]")


def test_extraction_sections_and_a_cut_paragraph(tmp_path: Path) -> None:
    """In a Markdown extraction too: sections numbered from 1 each, a paragraph the
    source cut off before a heading, the record before the annex."""
    paragraphs = [
        "Recalling its resolution 80/5,1",
        "I. Water data",
        "1. Requests the Secretary-General to report;",
        "2. Encourages Member States to share the data of the",
        "Data of transboundary basins",
        "3. Invites the regional commissions to help;",
        "II. Follow-up",
        "1. Decides to remain seized of the matter.",
    ]
    text = _extraction(paragraphs, "[^1]: See A/80/1.", record="41st plenary meeting 3 November 2026")
    text = text.replace("\n\n---\n\n[^1]", "\n\nAnnex\n\nTerms of reference\n\n1. The group shall meet.\n\n[^1]")
    code, _, err, site = _run(tmp_path, text)
    assert code == 0, err
    body = (site / "content/ga/81/81-5.md").read_text().split("---\n", 2)
    assert "editorial:\n- at: sec_I__para_2\n  kind: cut\n" in body[1]
    chunks = body[2].strip().split("\n\n")
    for chunk in ("## I. Water data", "2. *Encourages* Member States to share the data of the",
                  "### Data of transboundary basins", "## II. Follow-up", "*41st plenary meeting  \n3 November 2026*",
                  "## Annex", "### Terms of reference", "1. The group shall meet."):  # fmt: skip
        assert chunk in chunks, (chunk, chunks)
    assert chunks.index("## Annex") == chunks.index("*41st plenary meeting  \n3 November 2026*") + 1
    line = text.splitlines().index(paragraphs[3]) + 1
    assert f"r.md:{line}: warning: paragraph 2 of 81/5 ends without punctuation" in err, err
    assert "comes after" not in err, err
