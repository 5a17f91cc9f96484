"""Every bad input gets its message as ``path:line: message`` and leaves build/ untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, resolution

GOOD = resolution()


def build_fails(cli: Callable[..., CliResult], site: Path) -> list[str]:
    """Build once successfully, break nothing else, and return the failure's lines."""
    result = cli("build", "--site", str(site))
    assert result.code == 1, result.out + result.err
    assert "Build failed" in result.err
    assert "Traceback" not in result.err
    return [line for line in result.err.splitlines() if not line.startswith("Build failed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\nsymbol: 57/173\nbody: ga\ntitle: [unclosed\ndate: 2002-12-18\nmeeting: 77\n---\n\nText.\n",
            "content/a.md:5: YAML does not parse: while parsing a flow sequence, expected ',' or ']', but got ':'",
        ),
        (
            "---\nsymbol: 57/173\nbody: ga\ntitle: T\ndate: 18 Dec\nmeeting: 77\n---\n\nText.\n",
            'content/a.md:5: date: expected YYYY-MM-DD, got "18 Dec"',
        ),
        (
            "---\nsymbol: 57/173\nbody: ga\ntitle: T\ndate: 2023-13-01\nmeeting: 77\n---\n\nText.\n",
            'content/a.md:5: date: expected YYYY-MM-DD, got "2023-13-01"',
        ),
        (
            "---\nsymbol: 57/173\nbody: ga\ntitle: T\ndate: 2002-12-18\n---\n\nText.\n",
            "content/a.md:2: missing field 'meeting' (the number of the (plenary) meeting that adopted it)",
        ),
        (
            "---\nsymbol: 57/173\nbody: ga\ntitle: T\ndate: 2002-12-18\nmeeting: seventy\n---\n\nText.\n",
            'content/a.md:6: meeting: expected a meeting number such as 44, got "seventy"',
        ),
        (
            "---\nsymbol: 57/173\nbody: ecosoc\ntitle: T\ndate: 2002-12-18\nmeeting: 7\n---\n\nText.\n",
            'content/a.md:2: symbol: "57/173" does not fit the numbering of the Economic and Social Council: '
            "year (2003/22), roman (2625 (XXV))",
        ),
        (
            "---\nsymbol: 57/173\nbody: ga\ntitel: T\ndate: 2002-12-18\nmeeting: 7\n---\n\nText.\n",
            "content/a.md:4: unknown field 'titel' (did you mean 'title'?); fields are symbol, body, title, date, "
            "meeting, session, agenda_item, document, topics, vote, partial, draft, report, lint, example, editorial, "
            "predecessor",
        ),
        (
            "---\nsymbol: 57/173\nbody: un\ntitle: T\ndate: 2002-12-18\nmeeting: 7\n---\n\nText.\n",
            'content/a.md:3: body: unknown body "un"; bodies are ga, ecosoc, sc, hrc, chr',
        ),
        (
            "symbol: 57/173\n\nText.\n",
            "content/a.md:1: no front matter: the file must begin with a '---' line",
        ),
        (
            GOOD + "\nSee the note.[^4]\n",
            "content/a.md:18: footnote mark [^4] has no note ([^4]: ...)",
        ),
        (
            GOOD + "\n[^9]: A note nobody marks.\n",
            "content/a.md:18: footnote 9 is never marked in the text",
        ),
    ],
    ids=[
        "yaml",
        "date-text",
        "date-invalid",
        "missing-field",
        "meeting-type",
        "symbol-numbering",
        "unknown-field",
        "unknown-body",
        "no-front-matter",
        "mark-without-note",
        "note-never-marked",
    ],
)
def test_bad_content_file(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], text: str, expected: str
) -> None:
    site = make_site({"content/a.md": text})
    lines = build_fails(cli, site)
    if "titel" in text:  # the typo also leaves the title missing: both are said
        assert lines[0].startswith("content/a.md:2: missing field 'title'")
        lines = lines[1:]
    assert lines == [expected]
    assert not (site / "build").exists()


def test_non_utf8_file(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    data = GOOD.encode("utf-8").replace(b"earlier work", b"earlier w\xe9rk")
    site = make_site({"content/a.md": data})
    assert build_fails(cli, site) == ["content/a.md:11: not UTF-8 text: byte 0xe9 at offset 137"]


def test_duplicate_symbol_names_both_files(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/a.md": GOOD, "content/old/b.md": GOOD})
    assert build_fails(cli, site) == [
        "content/a.md:2: symbol 57/173 (A/RES/57/173) is also used by content/old/b.md",
        "content/old/b.md:2: symbol 57/173 (A/RES/57/173) is also used by content/a.md",
    ]


def test_every_problem_of_every_file_in_one_run(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/a.md": GOOD.replace("date: 2002-12-18", "date: 18 Dec").replace("meeting: 77", "meeting: x"),
            "content/b.md": resolution(symbol="57/174").replace("body: ga", "body: nobody"),
        }
    )
    lines = build_fails(cli, site)
    assert lines == [
        'content/a.md:5: date: expected YYYY-MM-DD, got "18 Dec"',
        'content/a.md:6: meeting: expected a meeting number such as 44, got "x"',
        'content/b.md:3: body: unknown body "nobody"; bodies are ga, ecosoc, sc, hrc, chr',
    ]


def test_config_errors_name_key_and_line(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "site.yaml": "title: T\ntitel: typo\nbodies:\n  ga:\n    numbering: decimal\nlanguage: 5\n",
            "content/a.md": GOOD,
        }
    )
    assert build_fails(cli, site) == [
        "site.yaml:2: unknown key 'titel' (did you mean 'title'?); known keys: title, description, base_url, "
        "language, document_url, bodies, bare_numbers, lint",
        "site.yaml:5: bodies.ga.numbering: expected a list or a string, got 'decimal'"
        if False
        else "site.yaml:5: bodies.ga.numbering: unknown form decimal; forms are session, year, number-year, roman",
        "site.yaml:6: language: expected a string, got 5",
    ]


def test_template_error_names_template_and_line(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/a.md": GOOD,
            "templates/home.html": '{% extends "base.html" %}\n{% block main %}\n{{ no_such_thing }}\n{% endblock %}\n',
        }
    )
    assert build_fails(cli, site) == ["templates/home.html:3: template error: 'no_such_thing' is undefined"]


def test_failed_build_leaves_previous_output(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/a.md": GOOD})
    assert cli("build", "--site", str(site)).code == 0
    page = site / "build" / "ga" / "57-173" / "index.html"
    before = page.read_bytes()
    (site / "content" / "a.md").write_text(GOOD.replace("meeting: 77", "meeting: x"), encoding="utf-8")
    build_fails(cli, site)
    assert page.read_bytes() == before
    # no staging left (the build cache, .site-builder-cache/, is not output)
    assert sorted(p.name for p in site.iterdir() if p.name != ".site-builder-cache") == [
        "build",
        "content",
        "site.yaml",
    ]


def test_strict_turns_warnings_into_errors(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    text = GOOD.replace("1. *Decides* to act.", "1. *Decides* to act.\n\n2. *Decides* again.\n\n1. *Repeats* a number.")
    # the drafting checks would find the punctuation and numbering too: this is about the anchor
    site = make_site({"content/a.md": text, "site.yaml": "title: T\nlint: {punctuation: off, numbering: off}\n"})
    result = cli("build", "--site", str(site))
    assert result.code == 0
    assert "content/a.md:17: warning: paragraph 1 appears twice; the second gets another anchor" in result.err
    assert build_fails_strict(cli, site) == [
        "content/a.md:17: warning: paragraph 1 appears twice; the second gets another anchor"
    ]


def build_fails_strict(cli: Callable[..., CliResult], site: Path) -> list[str]:
    result = cli("build", "--site", str(site), "--strict")
    assert result.code == 1
    return [line for line in result.err.splitlines() if not line.startswith("Build failed")]


@pytest.mark.parametrize("target", [".", "content", "templates"])
def test_out_may_not_overwrite_the_site(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], target: str
) -> None:
    site = make_site({"content/a.md": GOOD, "templates/.keep": ""})
    result = cli("build", "--site", str(site), "--out", str(site / target))
    assert result.code == 1
    assert "would overwrite the site's own" in result.err or "inside the site's" in result.err
    assert (site / "content" / "a.md").read_text(encoding="utf-8") == GOOD


def test_out_never_deletes_a_foreign_folder(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site({"content/a.md": GOOD})
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = cli("build", "--site", str(site), "--out", str(precious))
    assert result.code == 1
    assert "was not made by site-builder; it is left alone" in result.err
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_not_a_site_folder(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("build", "--site", str(tmp_path))
    assert result.code == 1
    assert "no site.yaml" in result.err
