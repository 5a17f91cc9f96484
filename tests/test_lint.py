"""Drafting checks (``site_builder.lint``) as an editor meets them: ``site-builder check``.

Each rule has a failing and a passing example written here; the texts are made up
for the tests, in the shape the spec describes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED, CliResult, write_site

Site = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., CliResult]


@pytest.fixture
def make_site(tmp_path: Path) -> Site:
    """A new site folder at each call (a test may check several sites)."""
    count = iter(range(1000))

    def make(files: dict[str, str | bytes]) -> Path:
        return write_site(tmp_path / f"site{next(count)}", files)

    return make


HEAD = """\
---
symbol: {symbol}
body: ga
title: A test resolution
date: {date}
meeting: 60
{extra}---

"""

#: a resolution drafted by the book: no rule finds anything in it
CLEAN = """\
*The General Assembly*,

*Recalling* its resolution 79/6,

*Deeply concerned* about the situation,

*Having considered* the report of the Secretary-General,[^3]

1. *Requests* the Secretary-General:

   (a) To report on the matter;

   (b) To consult Member States;

2. *Also requests* the Secretary-General to act;[^4]

3. *Takes note* of the report,[^3] and *decides* to remain seized of the matter.

*60th plenary meeting  
1 December 2025*

[^3]: A/80/1.

[^4]: A/80/2.
"""


def resolution(body: str = CLEAN, *, symbol: str = "80/50", date: str = "2025-12-01", extra: str = "") -> str:
    return HEAD.format(symbol=symbol, date=date, extra=extra) + body


def check(make_site: Site, cli: Cli, files: dict[str, str | bytes], *args: str) -> list[str]:
    """The drafting findings of ``site-builder check`` (the lines naming a rule)."""
    site = make_site(files)
    result = cli("check", "--site", str(site), *args)
    assert result.code == 0, result.err
    rules = ("numbering:", "punctuation:", "opening-words:", "metadata:", "citations-in-time:", "footnotes:")
    return [line for line in result.err.splitlines() if any(r in line for r in rules)]


def one(make_site: Site, cli: Cli, body: str, **kw: str) -> list[str]:
    return check(make_site, cli, {"content/r.md": resolution(body, **kw)})


def test_a_resolution_drafted_by_the_book_has_no_findings(make_site: Site, cli: Cli) -> None:
    assert one(make_site, cli, CLEAN) == []


# ----- numbering -------------------------------------------------------------------


def test_numbering_gap_repeat_and_letters(make_site: Site, cli: Cli) -> None:
    body = CLEAN.replace("2. *Also requests*", "4. *Also requests*").replace("3. *Takes", "4. *Takes")
    body = body.replace("(b) To consult", "(c) To consult")
    found = one(make_site, cli, body)
    assert any("r.md:23: warning: numbering: paragraph 4 follows 1: expected 2 [#para_4]" in f for f in found), found
    assert any(":25:" in f and "paragraph 4 repeats" in f for f in found), found
    assert any(":21:" in f and "subparagraph (c) follows (a): expected (b)" in f for f in found), found
    assert len(found) == 3, found
    skipped = one(make_site, cli, CLEAN.replace("(b) To consult", "(e) To consult"))
    assert len(skipped) == 1 and "subparagraph (e) where (b) comes next" in skipped[0], skipped


def test_numbering_restarts_or_goes_on_in_sections(make_site: Site, cli: Cli) -> None:
    restart = (
        "*The General Assembly*,\n\n## I\n\n1. *Decides* one;\n\n2. *Decides* two;\n\n## II\n\n1. *Decides* three.\n"
    )
    goes_on = restart.replace("1. *Decides* three.", "3. *Decides* three.")
    assert one(make_site, cli, restart) == []
    assert one(make_site, cli, goes_on) == []
    wrong = restart.replace("1. *Decides* three.", "5. *Decides* three.")
    found = one(make_site, cli, wrong)
    assert len(found) == 1 and "the first paragraph is 5 in section II: expected 1" in found[0], found


def test_numbering_roman_items(make_site: Site, cli: Cli) -> None:
    good = CLEAN.replace("(a) To report on the matter;", "(a) To report on:\n\n   (i) one;\n\n   (ii) two;")
    assert one(make_site, cli, good) == []
    bad = good.replace("(ii) two;", "(iii) two;")
    found = one(make_site, cli, bad)
    assert len(found) == 1 and "subparagraph (iii) where (ii) comes next" in found[0], found


# ----- punctuation -------------------------------------------------------------------


def test_punctuation_of_each_kind_of_paragraph(make_site: Site, cli: Cli) -> None:
    body = (
        CLEAN.replace("*The General Assembly*,", "*The General Assembly*")
        .replace("*Deeply concerned* about the situation,", "*Deeply concerned* about the situation.")
        .replace("to act;[^4]", "to act.[^4]")
        .replace("seized of the matter.", "seized of the matter;")
        .replace("(a) To report on the matter;", "(a) To report on the matter,")
    )
    found = one(make_site, cli, body)
    text = "\n".join(found)
    assert "r.md:9: warning: punctuation: the formula ends without a comma before the preamble" in text
    assert ':13: warning: punctuation: preambular paragraph ends with ".", not a comma' in text
    assert ':23: warning: punctuation: operative paragraph ends with ".", not a semicolon' in text
    assert ':25: warning: punctuation: the last operative paragraph ends with ";", not a full stop' in text
    assert len(found) == 4, found  # one list item alone sets no pattern for the others


def test_punctuation_of_a_list_and_a_formula_before_an_operative_paragraph(make_site: Site, cli: Cli) -> None:
    # no preamble: the formula stands without a comma (as in a resolution adopting a text)
    assert one(make_site, cli, "*The General Assembly*\n\n*Adopts* the declaration annexed hereto.\n") == []
    items = "1. *Requests*:\n\n   (a) one;\n\n   (b) two,\n\n   (c) three; and\n\n   (d) four.\n"
    found = one(make_site, cli, "*The General Assembly*,\n\n" + items)
    assert len(found) == 1 and 'subparagraph (b) ends with "," where the list uses ";"' in found[0], found


def test_a_paragraph_the_source_cuts_off_is_not_held_to_its_punctuation(make_site: Site, cli: Cli) -> None:
    cut = "*The General Assembly*,\n\n1. *Requests* a report;\n\n2. *Decides* to consider at that session the\n"
    found = one(make_site, cli, cut)
    assert len(found) == 1 and "the last operative paragraph ends with no punctuation, not a full stop" in found[0]
    noted = "editorial:\n  - {at: para_2, kind: cut}\n"
    assert one(make_site, cli, cut, extra=noted) == []


# ----- opening words -------------------------------------------------------------------


def test_opening_words(make_site: Site, cli: Cli) -> None:
    body = (
        CLEAN.replace("*Recalling* its resolution 79/6,", "*Decides* that its resolution 79/6 stands,")
        .replace("2. *Also requests*", "2. Also requests")
        .replace("3. *Takes note* of", "3. *Noting* with thanks")
    )
    found = one(make_site, cli, body)
    text = "\n".join(found)
    assert ':11: warning: opening-words: preambular paragraph opens with the operative verb "Decides"' in text
    assert ':23: warning: opening-words: operative paragraph opens with "Also requests" in roman, not italics' in text
    assert (
        ':25: warning: opening-words: operative paragraph opens with "Noting", not a verb in the third person' in text
    )
    assert len(found) == 3, found


def test_opening_words_by_their_grammar_not_a_list(make_site: Site, cli: Cli) -> None:
    # made-up but well-formed openings: the form of the head word decides
    body = (
        CLEAN.replace("*Recalling*", "*Gravely perturbed*")
        .replace("*Deeply concerned*", "*Mindful*")
        .replace("*Also requests*", "*Once again enjoins*")
        .replace("*Takes note* of", "*Conveys* its thanks for")
    )
    assert one(make_site, cli, body) == []
    roman = CLEAN.replace("*Deeply concerned* about", "Deeply concerned about")
    found = one(make_site, cli, roman)
    assert len(found) == 1 and 'preambular paragraph opens with "Deeply concerned" in roman' in found[0], found


# ----- metadata -------------------------------------------------------------------


def test_metadata_against_the_text(make_site: Site, cli: Cli) -> None:
    body = CLEAN.replace("*The General Assembly*,", "*The Security Council*,").replace(
        "*60th plenary meeting  \n1 December 2025*", "*61st plenary meeting  \n2 December 2025*"
    )
    found = one(make_site, cli, body, symbol="79/50")
    text = "\n".join(found)
    assert 'r.md:9: warning: metadata: the formula names "The Security Council" but the body is ga' in text
    assert "front matter says meeting 60, the adoption record meeting 61" in text
    assert "front matter says date 2025-12-01, the adoption record 2025-12-02" in text
    assert "r.md:5: warning: metadata: 79/50 is of the 79th session (2024-09-01 to 2025-09-30), but the date is" in text
    assert len(found) == 4, found


def test_metadata_session_years_and_the_ecosoc_year(make_site: Site, cli: Cli) -> None:
    # the 80th session runs from September 2025 into September 2026
    assert one(make_site, cli, CLEAN.replace("1 December 2025", "8 September 2026"), date="2026-09-08") == []
    ecosoc = resolution(CLEAN.replace("General Assembly", "Economic and Social Council"), symbol="2024/3")
    found = check(make_site, cli, {"content/r.md": ecosoc.replace("body: ga", "body: ecosoc")})
    assert len(found) == 1 and "2024/3 is of the year 2024" in found[0], found


# ----- citations in time -------------------------------------------------------------------


def test_citing_a_resolution_adopted_later(make_site: Site, cli: Cli) -> None:
    later = resolution(CLEAN.replace("1 December 2025", "10 December 2025"), symbol="80/60", date="2025-12-10")
    citing = resolution(CLEAN.replace("its resolution 79/6", "its resolution 80/60"))
    found = check(make_site, cli, {"content/a.md": citing, "content/b.md": later})
    assert len(found) == 1, found
    assert "a.md:11: warning: citations-in-time: cites resolution 80/60, adopted 2025-12-10, after this one" in found[0]
    # the other way round is how it should be
    earlier = resolution(
        CLEAN.replace("its resolution 79/6", "its resolution 80/50"), symbol="80/60", date="2025-12-10"
    )
    earlier = earlier.replace("1 December 2025", "10 December 2025")
    assert check(make_site, cli, {"content/a.md": resolution(), "content/b.md": earlier}) == []


def test_a_decision_cited_as_a_resolution(make_site: Site, cli: Cli) -> None:
    knows = resolution(CLEAN.replace("its resolution 79/6", "its decision 79/501"), symbol="80/60")
    wrong = resolution(CLEAN.replace("its resolution 79/6", "its resolution 79/501"))
    found = check(make_site, cli, {"content/a.md": wrong, "content/b.md": knows})
    assert len(found) == 1 and "cites resolution 79/501, which the site knows as decision A/DEC/79/501" in found[0]
    assert check(make_site, cli, {"content/a.md": wrong}) == []  # the site knows nothing of 79/501


# ----- footnotes -------------------------------------------------------------------


def test_footnote_numbers_never_go_down_or_repeat(make_site: Site, cli: Cli) -> None:
    down = CLEAN.replace("report of the Secretary-General,[^3]", "report of the Secretary-General,[^4]")
    down = down.replace("to act;[^4]", "to act;[^3]").replace("of the report,[^3]", "of the report,[^4]")
    found = one(make_site, cli, down)
    assert len(found) == 1 and "r.md:23: warning: footnotes: footnote 3 is marked after footnote 4" in found[0]
    twice = CLEAN + "\n[^3]: A/80/3.\n"
    found = one(make_site, cli, twice)
    assert any("footnotes: footnote 3 is defined twice" in f for f in found), found
    # gaps are normal: the numbers run through a whole volume
    assert one(make_site, cli, CLEAN.replace("[^4]", "[^75]")) == []


# ----- switches, --strict, the build -------------------------------------------------------------


BAD = CLEAN.replace("to act;[^4]", "to act.[^4]")


def test_rules_switch_off_in_site_yaml_and_front_matter(make_site: Site, cli: Cli) -> None:
    assert len(one(make_site, cli, BAD)) == 1
    files: dict[str, str | bytes] = {
        "site.yaml": "title: T\nlint:\n  punctuation: off\n",
        "content/r.md": resolution(BAD),
    }
    assert check(make_site, cli, files) == []
    in_file = resolution(BAD, extra="lint: {punctuation: off}\n")
    assert check(make_site, cli, {"content/r.md": in_file}) == []
    back_on = {
        "site.yaml": "title: T\nlint: {punctuation: off}\n",
        "content/r.md": resolution(BAD, extra="lint: {punctuation: on}\n"),
    }
    assert len(check(make_site, cli, back_on)) == 1


def test_an_unknown_rule_is_an_error_with_its_line(make_site: Site, cli: Cli) -> None:
    site = make_site({"site.yaml": "title: T\nlint:\n  punctation: off\n", "content/r.md": resolution()})
    result = cli("check", "--site", str(site))
    assert result.code == 1
    assert "site.yaml:3: lint: unknown rule 'punctation' (did you mean 'punctuation'?)" in result.err


def test_strict_makes_findings_errors_and_the_build_warns(make_site: Site, cli: Cli) -> None:
    site = make_site({"content/r.md": resolution(BAD)})
    strict = cli("check", "--site", str(site), "--strict")
    assert strict.code == 1
    assert "r.md:23: punctuation: operative paragraph ends with" in strict.err  # no "warning:": an error
    built = cli("build", "--site", str(site))
    assert built.code == 0, built.err
    assert "r.md:23: warning: punctuation:" in built.err
    assert (site / "build" / "ga" / "80-50" / "index.html").is_file()


# ----- --format json -------------------------------------------------------------------


def test_check_format_json(make_site: Site, cli: Cli) -> None:
    site = make_site({"content/r.md": resolution(BAD), "content/s.md": resolution(symbol="80/51")})
    result = cli("check", "--site", str(site), "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["ok"] is True and data["strict"] is False and data["resolutions"] == 2
    assert data["counts"] == {"errors": 0, "warnings": 1}
    assert data["problems"] == [
        {
            "path": "content/r.md",
            "line": 23,
            "level": "warning",
            "rule": "punctuation",
            "anchor": "para_2",
            "message": 'operative paragraph ends with ".", not a semicolon',
        }
    ]
    failed = cli("check", "--site", str(site), "--format", "json", "--strict")
    assert failed.code == 1
    data = json.loads(failed.out)
    assert data["ok"] is False and data["counts"] == {"errors": 1, "warnings": 0}
    assert data["problems"][0]["level"] == "error" and data["problems"][0]["rule"] == "punctuation"
    # a problem that is not a drafting finding has no rule
    broken = make_site({"content/r.md": resolution().replace("date: 2025-12-01", "date: 1 Dec")})
    data = json.loads(cli("check", "--site", str(broken), "--format", "json").out)
    assert data["ok"] is False
    assert data["problems"][0]["rule"] is None and "date" in data["problems"][0]["message"]


# ----- the bundled site and the real sources ----------------------------------------------------


def test_the_bundled_site_has_no_findings(cli: Cli) -> None:
    result = cli("check", "--site", str(REPO), "--format", "json")
    assert json.loads(result.out)["problems"] == []


SOURCES = SHARED / "sources" / "ga-80"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not here (CI runs without it)")
def test_the_imported_sources_report_only_what_the_sources_lack(cli: Cli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yaml").write_text("title: GA 80\n", encoding="utf-8")
    imported = cli("import", *sorted(str(p) for p in SOURCES.iterdir()), "--site", str(site))
    assert imported.code == 0, imported.err
    data = json.loads(cli("check", "--site", str(site), "--format", "json").out)
    found = {(p["path"].rsplit("/", 1)[-1], p["rule"], p["anchor"]) for p in data["problems"]}
    # resolution 80/24's source text stops mid-sentence in paragraphs 2 and 10 (the
    # extraction lost their ends): the import notes them as cut (editor's notes), so
    # they are not held to their punctuation
    assert found == set(), data
    notes = (site / "content/ga/80/80-24.md").read_text(encoding="utf-8").split("---\n", 2)[1]
    assert "- at: para_2\n  kind: cut\n- at: para_10\n  kind: cut\n" in notes


def test_a_file_setting_names_a_known_rule(make_site: Site, cli: Cli) -> None:
    site = make_site({"content/r.md": resolution(extra="lint:\n  numbers: off\n")})
    result = cli("check", "--site", str(site))
    assert result.code == 1
    assert "content/r.md:8: lint: unknown rule 'numbers'" in result.err
    site = make_site({"content/r.md": resolution(extra="lint: {numbering: maybe}\n")})
    assert "content/r.md:7: lint.numbering: expected off or on, got 'maybe'" in cli("check", "--site", str(site)).err


def test_a_note_never_marked_is_already_an_error_of_the_build(make_site: Site, cli: Cli) -> None:
    site = make_site({"content/r.md": resolution(CLEAN + "\n[^9]: A/80/9.\n")})
    result = cli("check", "--site", str(site))
    assert result.code == 1 and "footnote 9 is never marked in the text" in result.err


@pytest.mark.parametrize(
    ("opening", "operative", "preambular"),
    [
        # invented words: only their form can decide
        ("Frobnicates", True, False),
        ("Also frobnicates", True, False),
        ("Frobnicating", False, True),
        ("Gravely frobnicated", False, True),
        ("Frobnicful", False, True),
        ("Frobnicious", False, True),
        ("Frobniss", False, False),
    ],
)
def test_opening_grammar_reads_the_form_of_the_head_word(opening: str, operative: bool, preambular: bool) -> None:
    from site_builder.lint.grammar import is_operative, is_preambular

    assert is_operative(opening) is operative
    assert is_preambular(opening) is preambular
