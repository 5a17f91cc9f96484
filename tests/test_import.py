"""The import over the real texts in ../shared/sources: every form, imported into
a temporary site, checked field by field and word by word, then built."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.importer import import_files
from site_builder.markdown import make_parser, render_markdown
from site_builder.model import Rendered, Resolution
from tests.conftest import REPO, SHARED, CliResult, parse_html

SOURCES = SHARED / "sources"
pytestmark = pytest.mark.skipif(
    not SOURCES.is_dir(), reason=f"the real source texts are not here: {SOURCES} (CI has ../shared beside the clone)"
)

ECOSOC = "ecosoc-2003-official-records-excerpt.md"

# file -> (symbol, content path, title start, date, meeting, recitals, operative, footnote labels)
EXPECTED: dict[str, list[tuple[str, str, str | None, str, int, int, int, list[str]]]] = {
    ECOSOC: [
        ("2003/21", "content/ecosoc/2003/2003-21.md", None, "2003-07-22", 44, 0, 0, []),
        ("2003/22", "content/ecosoc/2003/2003-22.md", "Strengthening international cooperation and technical "
         "assistance in promoting the implementation of the universal conventions and protocols related to "
         "terrorism within the framework of the activities of the Centre for International Crime Prevention",
         "2003-07-22", 44, 0, 1, ["75"]),
    ],
    "ga-80/ga-80-3.raw.txt": [
        ("80/3", "content/ga/80/80-3.md", "Awaza Political Declaration", "2025-10-14", 18, 1, 2,
         [str(n) for n in range(1, 17)]),
    ],
    "ga-80/ga-80-4.raw.txt": [
        ("80/4", "content/ga/80/80-4.md", "Necessity of ending the economic, commercial and financial embargo "
         "imposed by the United States of America against Cuba", "2025-10-29", 22, 8, 5, ["1"]),
    ],
    "ga-80/ga-80-2.md": [
        ("80/2", "content/ga/80/80-2.md", "Scale of assessments for the apportionment of the expenses of the "
         "United Nations: requests under Article 19 of the Charter", "2025-10-14", 18, 2, 6, ["1"]),
    ],
    "ga-80/ga-80-6.md": [
        ("80/6", "content/ga/80/80-6.md", "Report of the International Criminal Court", "2025-11-11", 35, 14, 32,
         [str(n) for n in range(1, 11)]),
    ],
    "ga-80/ga-80-9.md": [
        ("80/9", "content/ga/80/80-9.md", "2025 Political Declaration on the Implementation of the United "
         "Nations Global Plan of Action to Combat Trafficking in Persons", "2025-11-24", 48, 0, 1,
         [str(n) for n in range(1, 16)]),
    ],
    "ga-80/ga-80-24.md": [
        ("80/24", "content/ga/80/80-24.md", "Nuclear disarmament", "2025-12-01", 52, 35, 23,
         [str(n) for n in range(1, 21)]),
    ],
    "ga-80/ga-80-41.md": [
        ("80/41", "content/ga/80/80-41.md", "Measures to prevent terrorists from acquiring weapons of mass "
         "destruction", "2025-12-01", 52, 18, 6, [str(n) for n in range(1, 8)]),
    ],
    "ga-80/ga-80-11.txt": [
        ("80/11", "content/ga/80/80-11.md", "2025 review of the United Nations peacebuilding architecture",
         "2025-11-26", 51, 16, 30, ["1", "2", "3", "4"]),
    ],
}  # fmt: skip
FORMS = {
    ECOSOC: "Official Records compilation",
    "ga-80/ga-80-3.raw.txt": "text extracted from an official PDF",
    "ga-80/ga-80-4.raw.txt": "text extracted from an official PDF",
    "ga-80/ga-80-11.txt": "flat-text extraction",
}


def _import(files: list[Path], site: Path, **options: bool) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = import_files(
        files,
        site=site,
        body=None,
        dry_run=options.get("dry_run", False),
        force=options.get("force", False),
        out=out,
        err=err,
    )
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imported")
    code, _, err = _import([SOURCES / name for name in EXPECTED], root)
    assert code == 0, err
    assert "word coverage" not in err
    return root


def _load(site: Path, rel: str) -> Resolution:
    reporter = Reporter()
    res = parse_resolution(rel, (site / rel).read_bytes(), SiteConfig(root=site), reporter)
    assert res is not None, reporter.diagnostics
    return res


def _render(site: Path, res: Resolution) -> Rendered:
    config = SiteConfig(root=site)
    return render_markdown(make_parser(config), res)


CASES = [(name, case) for name, cases in EXPECTED.items() for case in cases]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[c[0] for _, c in CASES])
def test_fields_and_counts(
    site: Path, name: str, case: tuple[str, str, str | None, str, int, int, int, list[str]]
) -> None:
    symbol, rel, title, date, meeting, recitals, operative, labels = case
    res = _load(site, rel)
    assert res.symbol == symbol
    assert (res.title or None) == title
    assert res.date.isoformat() == date
    assert res.meeting == meeting
    assert res.partial == (symbol == "2003/21")
    rendered = _render(site, res)
    assert not rendered.problems
    top = [p for p in rendered.paragraphs if "__" not in p.eid]
    assert sum(p.kind == "recital" for p in top) == recitals
    assert sum(p.kind == "para" for p in top) == operative
    assert list(rendered.footnote_labels) == labels


def test_forms_are_said(site: Path) -> None:
    code, out, _ = _import([SOURCES / name for name in FORMS], site, dry_run=True, force=True)
    assert code == 0
    for name, form in FORMS.items():
        assert f"{SOURCES / name}: read as {form}" in out


def test_masthead_fields(site: Path) -> None:
    res = _load(site, "content/ga/80/80-3.md")
    assert (res.session, res.agenda_item, res.draft, res.report) == ("80", "13", "A/80/L.4", None)
    res = _load(site, "content/ga/80/80-41.md")
    assert (res.session, res.agenda_item, res.draft, res.report) == ("80", "99 (t)", None, "A/80/534")


def test_draft_and_partial_ecosoc(site: Path) -> None:
    text = (site / "content/ecosoc/2003/2003-21.md").read_text()
    assert "title:" not in text and "partial: true" in text
    assert text.split("---\n", 2)[2].lstrip().startswith("> “6. *Requests* the Centre")
    rendered = _render(site, _load(site, "content/ecosoc/2003/2003-22.md"))
    eids = [p.eid for p in rendered.paragraphs]
    assert "draft_1__recital_11" in eids and "draft_1__para_12" in eids and "para_1" in eids
    # the paragraph split by the page break is whole again, with its footnote before the break
    md = (site / "content/ecosoc/2003/2003-22.md").read_text()
    assert "on international terrorism and of a draft international convention" in md
    assert "Executive Director,[^75]\n" in md


def test_glued_marks_and_sections(site: Path) -> None:
    md4 = (site / "content/ga/80/80-4.md").read_text()
    assert "resolution 79/7;[^1]" in md4
    assert "12 November 1996, 52/10" in md4  # the citation list split by a page break
    md3 = (site / "content/ga/80/80-3.md").read_text()
    assert "Biological Diversity[^10] and" in md3 and "2014–2024[^3] and" in md3
    assert "\n## Annex\n" in md3 and "\n## II. Implementation of the Awaza" in md3
    assert md3.index("*18th plenary meeting  \n14 October 2025*") < md3.index("## Annex")
    assert "\n   (e) Means of implementation." in md3
    md6 = (site / "content/ga/80/80-6.md").read_text()
    assert "31 July 2013 (S/INF/68)." in md6 and "[^2013]" not in md6
    assert "post-conflict" in md6


def test_editors_notes_where_the_source_lacks(site: Path, tmp_path: Path) -> None:
    """Where the import warns that the source cut a paragraph off, that it completed a
    title or restored a label, the file says so in its editor's notes, at the anchor
    the site gives the place (docs/content-format.md, "Editor's notes")."""
    files = ("content/ga/80/80-24.md", "content/ga/80/80-2.md", "content/ga/80/80-9.md", "content/ga/80/80-4.md")
    notes = {rel: {(at, kind) for at, kind, _ in _load(site, rel).editorial} for rel in files}
    assert notes["content/ga/80/80-24.md"] == {("para_2", "cut"), ("para_10", "cut")}
    assert notes["content/ga/80/80-2.md"] == {("title", "restored-title")}
    assert ("annex_1__para_18__list_1__point_a", "restored-label") in notes["content/ga/80/80-9.md"]
    assert notes["content/ga/80/80-4.md"] == set()
    build = tmp_path / "build"
    assert not [d for d in build_site(site, build).diagnostics if d.level.value == "error"]
    for rel, placed in notes.items():
        page = parse_html(build / "ga" / Path(rel).stem / "index.html")
        assert {at for at, _ in placed if at != "title"} <= set(page.ids), rel


def test_italics_restored(site: Path) -> None:
    md = (site / "content/ga/80/80-4.md").read_text()
    assert "\n*Recalling also* the measures" in md
    assert "\n3. *Once again urges* States" in md
    assert "\n2. *Reiterates its call* upon" in md


def test_no_page_furniture(site: Path) -> None:
    furniture = re.compile(r"^\s*\d{1,3}/\d{1,3}\s*$|\d{2}-\d{5}|^A/RES/80/\d+\s*$|Distr\.|\*\d{7}\*", re.M)
    for rel in sorted(p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md")):
        body = (site / rel).read_text().split("---\n", 2)[2]
        assert not furniture.search(body), rel
        lines = body.splitlines()
        assert "Awaza Political Declaration" not in lines[1:] or rel.endswith("80-3.md")
    md2 = (site / "content/ga/80/80-2.md").read_text()
    assert "\nScale of assessments for the apportionment of the expenses of the\n" not in md2


_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def _words(text: str) -> Counter[str]:
    text = re.sub(r"(?<=\d)\[\^(\d+)\]", r"\1", text)
    return Counter(_TOKEN.findall(re.sub(r"</?sup>", " ", text)))


@pytest.mark.parametrize("name", [n for n in EXPECTED if n.endswith(".md") and n != ECOSOC])
def test_word_coverage_independent(site: Path, name: str) -> None:
    """Every word after the title line of a Markdown extraction is in the output
    (counted here without the importer's own code); the running header of 80/2 aside."""
    lines = (SOURCES / name).read_text().splitlines()
    symbol = EXPECTED[name][0][0]
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{symbol}. ")) + 1
    source = _words("\n".join(line for line in lines[start:] if not line.startswith("Scale of assessments")))
    output = _words((site / EXPECTED[name][0][1]).read_text().split("---\n", 2)[2])
    assert not source - output


def test_bundled_content_is_the_import(tmp_path: Path) -> None:
    code, _, err = _import([SOURCES / ECOSOC], tmp_path)
    assert code == 0, err
    for rel in ("content/ecosoc/2003/2003-21.md", "content/ecosoc/2003/2003-22.md"):
        assert (tmp_path / rel).read_text() == (REPO / rel).read_text()


def test_built_site_has_anchors(site: Path) -> None:
    result = build_site(site, site / "build")
    assert not [d for d in result.diagnostics if d.level.value == "error"]
    page = parse_html(site / "build/ga/80-3/index.html")
    for eid in ("recital_1", "para_1", "para_2", "conclusions", "annex_1", "annex_1__para_1",
                "annex_1__sec_II__para_13__list_1__point_e", "fn_16"):  # fmt: skip
        assert eid in page.ids, eid
    assert "2/5" not in page.text and "25-16680" not in page.text
    page = parse_html(site / "build/ecosoc/2003-22/index.html")
    assert {"draft_1__para_6", "fn_75", "fnref_75"} <= set(page.ids)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    code, out, _ = _import([SOURCES / "ga-80/ga-80-2.md"], tmp_path, dry_run=True)
    assert code == 0
    assert "80/2 -> content/ga/80/80-2.md (2 preambular, 6 operative" in out
    assert "nothing written" in out
    assert not any(tmp_path.iterdir())


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    source = [SOURCES / "ga-80/ga-80-2.md"]
    assert _import(source, tmp_path)[0] == 0
    target = tmp_path / "content/ga/80/80-2.md"
    target.write_text("edited by hand")
    code, _, err = _import(source, tmp_path)
    assert code == 1 and "content/ga/80/80-2.md exists; --force replaces it" in err
    assert target.read_text() == "edited by hand"
    assert _import(source, tmp_path, force=True)[0] == 0
    assert target.read_text().startswith("---\nsymbol: 80/2\n")


def test_cli_import_then_build(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    files = [str(p) for p in sorted((SOURCES / "ga-80").iterdir())]
    result = cli("import", *files, "--site", str(tmp_path))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    result = cli("build", "--site", str(tmp_path))
    assert result.code == 0, result.err
    assert len(list((tmp_path / "content/ga/80").glob("*.md"))) == 8


@pytest.mark.parametrize("number", ["3", "4"])
def test_plain_pdf_text_is_its_raw_twin(tmp_path: Path, number: str) -> None:
    """The PDF text with no header at all imports to the same content as the same
    text behind a YAML header: symbol, body, title, dates all from the masthead."""
    code, out, err = _import([SOURCES / f"pdf-text/ga-80-{number}.txt"], tmp_path / "plain")
    assert code == 0, err
    assert "read as text extracted from an official PDF" in out
    code, _, err = _import([SOURCES / f"ga-80/ga-80-{number}.raw.txt"], tmp_path / "raw")
    assert code == 0, err
    rel = f"content/ga/80/80-{number}.md"
    assert (tmp_path / "plain" / rel).read_text() == (tmp_path / "raw" / rel).read_text()
