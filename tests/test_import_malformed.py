"""Malformed inputs to the import: each gives a clear ``path:line: message``,
never a traceback; the file is refused on its own (nothing of it written) while
the good files given in the same run are written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from site_builder.importer import import_files
from tests.conftest import REPO

FIXTURES = REPO / "tests/fixtures/import"

CASES = {
    "empty.md": "empty.md: refused: empty file",
    "binary.txt": "binary.txt:1: refused: binary data, not a text file",
    "binary.pdf": "binary.pdf:1: refused: a PDF file: extract its text first",
    "no-form.txt": "no-form.txt:1: refused: not a form the import knows",
    "unclosed-header.txt": "unclosed-header.txt:1: refused: the YAML header is not closed (file truncated?)",
    "truncated.md": "truncated.md:9: 2003/30: no adoption record",
    "empty-heading.md": "empty-heading.md:12: 2003/32: a heading with no text",
    "missing-footnote.md": "missing-footnote.md:7: footnote mark 12 has no footnote text in the source",
}


def _run(files: list[Path], site: Path, *, body: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = import_files(files, site=site, body=body, dry_run=False, force=False, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_input_is_refused(tmp_path: Path, name: str) -> None:
    code, _, err = _run([FIXTURES / name], tmp_path)
    assert code == 1
    assert CASES[name] in err
    assert "Traceback" not in err
    assert "import: 1 file(s) refused, nothing written from them:" in err
    assert f"  {FIXTURES / name}: " in err
    assert not (tmp_path / "content").exists()


GOOD = (
    "## **2003/31**\n\n### **A title**\n\n*The Economic and Social Council*,\n\n"
    "1. *Decides* to act.\n\n*45th plenary meeting  \n23 July 2003*\n"
)


def test_a_refused_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    half = FIXTURES / "empty-heading.md"  # 2003/31 in it is fine; 2003/32 is not: the whole file is refused
    site = tmp_path / "site"
    code, out, err = _run([half, FIXTURES / "empty.md", good], site)
    assert code == 1
    assert "import: 2 file(s) refused, nothing written from them:" in err
    assert f"  {half}: line 12: 2003/32: a heading with no text" in err
    assert f"  {FIXTURES / 'empty.md'}: refused: empty file" in err
    assert "imported 1 resolution(s)" in out
    assert [p.name for p in (site / "content/ecosoc/2003").iterdir()] == ["2003-31.md"]
    assert "1. *Decides* to act." in (site / "content/ecosoc/2003/2003-31.md").read_text()


def test_unknown_body(tmp_path: Path) -> None:
    code, _, err = _run([FIXTURES / "missing-footnote.md"], tmp_path, body="unesco")
    assert code == 1
    assert "--body: unknown body 'unesco'; bodies are ga, ecosoc, sc, hrc, chr" in err


def test_body_given_for_an_or_compilation(tmp_path: Path) -> None:
    source = tmp_path / "or.md"
    source.write_text(
        "## **2003/31**\n\n### **A title**\n\n*The Economic and Social Council*,\n\n"
        "1. *Decides* to act; see A/58/1 \\* and <b>.\n\n*45th plenary meeting  \n23 July 2003*\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    code, _, err = _run([source], site, body="ecosoc")
    assert code == 0, err
    text = (site / "content/ecosoc/2003/2003-31.md").read_text()
    assert "1. *Decides* to act; see A/58/1 \\* and \\<b>." in text
    assert (site / "site.yaml").is_file()
