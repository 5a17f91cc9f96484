"""Resolution series: detection, the comparison and series pages, the catalogue fields and
``site-builder compare``, over a yearly series written for these tests (``series_site.py``)."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.model import Paragraph
from site_builder.series.align import compare, structure_class, word_diff
from tests.conftest import CliResult, parse_html, write_site
from tests.series_site import FILES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("series") / "site", dict(FILES))
    build_site(site)
    return site / "build"


def _catalogue(out: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out / "data" / "resolutions.json").read_text(encoding="utf-8"))
    return {r["symbol"]: r for r in data["resolutions"]}


def _rows(page: Path) -> list[tuple[str, str, str]]:
    """(row id, status words, paragraph text as shown) of a comparison page."""
    html = page.read_text(encoding="utf-8")
    rows = []
    for m in re.finditer(r'<li id="([^"]+)" class="cmp-row[^"]*">(.*?)</li>', html, re.S):
        status = re.search(r'<strong class="cmp-status">([^<]+)</strong>', m.group(2))
        assert status is not None
        rows.append((m.group(1), status.group(1), m.group(2)))
    return rows


def test_the_catalogue_has_predecessor_successor_and_series(built: Path) -> None:
    cat = _catalogue(built)
    members = ["A/RES/78/7", "A/RES/79/7", "A/RES/80/7"]
    assert cat["78/7"]["predecessor"] is None and cat["78/7"]["successor"] == "A/RES/79/7"
    assert cat["79/7"]["predecessor"] == "A/RES/78/7" and cat["79/7"]["successor"] == "A/RES/80/7"
    assert cat["80/7"]["predecessor"] == "A/RES/79/7" and cat["80/7"]["successor"] is None
    for symbol in ("78/7", "79/7", "80/7"):
        assert cat[symbol]["series"] == {"id": "ga-78-7", "members": members}
    # cites 79/7 first thing in its preamble, but shares neither title nor agenda item
    assert cat["80/9"]["predecessor"] is None and cat["80/9"]["series"] is None


def test_comparison_pages_exist_only_where_there_is_a_predecessor(built: Path) -> None:
    assert (built / "ga/79-7/compare/index.html").is_file()
    assert (built / "ga/80-7/compare/index.html").is_file()
    assert not (built / "ga/78-7/compare").exists()
    assert not (built / "ga/80-9/compare").exists()


def test_the_sitemap_lists_the_comparison_and_series_pages(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/ga/79-7/compare/</loc>" in sitemap and "<loc>/ga/80-7/compare/</loc>" in sitemap
    assert "<loc>/ga/78-7/compare/</loc>" not in sitemap
    assert "<loc>/series/ga-78-7/</loc>" in sitemap


def test_a_new_paragraph_a_removed_one_and_a_renumbering(built: Path) -> None:
    page = built / "ga/79-7/compare/index.html"
    text = parse_html(page).text
    assert "1 paragraph new, 1 removed, 1 changed, 0 moved; 9 unchanged." in text
    rows = _rows(page)
    statuses = {row_id: status for row_id, status, _ in rows}
    assert statuses["new-para_2"] == "New"
    assert statuses["old-recital_3"] == "Removed"
    assert statuses["new-recital_1"] == "Changed"
    # renumbered paragraphs are matched by their words, not their numbers
    for old, new in ((2, 3), (3, 4), (4, 5), (5, 6)):
        assert statuses[f"new-para_{new}"] == "Unchanged"
        row = next(body for row_id, _, body in rows if row_id == f"new-para_{new}")
        assert f'href="../../78-7/index.html#para_{old}"' in row and f'href="../index.html#para_{new}"' in row
        assert "(renumbered)" in row
    # the removed paragraph sits where it stood, and reads as deleted without colour
    ids = [row_id for row_id, _, _ in rows]
    assert ids.index("new-recital_2") < ids.index("old-recital_3") < ids.index("new-para_1")
    removed = next(body for row_id, _, body in rows if row_id == "old-recital_3")
    assert '<del><span class="visually-hidden">(deleted: </span>Concerned about' in removed
    table = re.search(r'<table class="cmp-renumbering">(.*?)</table>', page.read_text(encoding="utf-8"), re.S)
    assert table is not None
    pairs = re.findall(r"#para_(\d+)\">paragraph \d+</a></td>\s*<td>.*?#para_(\d+)\"", table.group(1), re.S)
    assert pairs == [("2", "3"), ("3", "4"), ("4", "5"), ("5", "6")]


def test_a_reworded_paragraph_shows_its_words(built: Path) -> None:
    page = built / "ga/80-7/compare/index.html"
    assert "0 paragraphs new, 1 removed, 3 changed, 0 moved; 7 unchanged." in parse_html(page).text
    rows = {row_id: (status, body) for row_id, status, body in _rows(page)}
    status, body = rows["new-para_4"]
    assert status == "Changed"
    hidden = '<span class="visually-hidden">'
    assert f"Calls upon all States <ins>{hidden}(inserted: </span>and international organizations " in body
    assert f"to cooperate <ins>{hidden}(inserted: </span>closely " in body
    assert rows["new-para_3__list_1__point_b"][0] == "Changed"
    assert rows["old-para_5"][0] == "Removed"
    assert rows["new-para_5"][0] == "Unchanged" and "(renumbered)" in rows["new-para_5"][1]


def test_every_comparison_link_reaches_a_paragraph(built: Path) -> None:
    page = built / "ga/80-7/compare/index.html"
    links = [href for href, _ in parse_html(page).links if "#" in href and not href.startswith("#")]
    assert len(links) > 20
    for href in links:
        path, fragment = href.split("#")
        target = (page.parent / path).resolve()
        assert fragment in parse_html(target).ids, href
    own = parse_html(page)
    for href, _ in own.links:
        if href.startswith("#"):
            assert href[1:] in own.ids


def test_resolution_pages_link_to_their_comparison_and_series(built: Path) -> None:
    links = [href for href, _ in parse_html(built / "ga/79-7/index.html").links]
    assert "compare/index.html" in links
    assert "../../series/ga-78-7/index.html" in links
    assert "../78-7/index.html" in links and "../80-7/index.html" in links
    first = [href for href, _ in parse_html(built / "ga/78-7/index.html").links]
    assert "compare/index.html" not in first and "../../series/ga-78-7/index.html" in first
    assert "series" not in (built / "ga/80-9/index.html").read_text(encoding="utf-8").split("<main", 1)[1]


def test_the_series_page(built: Path) -> None:
    page = built / "series/ga-78-7/index.html"
    html = page.read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    marks = re.findall(r'<a href="([^"]+)">\s*<title>([^<]+)</title>', svg.group(0))
    assert marks == [
        ("../../ga/78-7/index.html", "Resolution 78/7, 2 November 2023"),
        ("../../ga/79-7/index.html", "Resolution 79/7, 5 November 2024"),
        ("../../ga/80-7/index.html", "Resolution 80/7, 30 October 2025"),
    ]
    xs = [float(x) for x in re.findall(r'<circle class="tl-mark" cx="([\d.]+)"', svg.group(0))]
    assert xs == sorted(xs) and len(xs) == 3
    text = parse_html(page).text
    assert "Adopted without a vote" in text
    assert "Adopted by a recorded vote of 150 in favour, 2 against, 10 abstentions" in text
    assert "1 new, 1 removed, 1 changed (compare)" in text
    assert "0 new, 1 removed, 3 changed (compare)" in text


def test_front_matter_predecessor_overrides_and_none_stops(make_site: Callable[..., Path]) -> None:
    files = dict(FILES)
    files["content/ga/80-9.md"] = files["content/ga/80-9.md"].replace(
        "agenda_item:", "predecessor: A/RES/80/7\nagenda_item:"
    )
    files["content/ga/79-7.md"] = files["content/ga/79-7.md"].replace("agenda_item:", "predecessor: none\nagenda_item:")
    site = make_site(files)
    build_site(site)
    cat = _catalogue(site / "build")
    assert cat["79/7"]["predecessor"] is None and cat["78/7"]["series"] is None
    assert cat["80/9"]["predecessor"] == "A/RES/80/7"
    assert cat["80/9"]["series"] == {"id": "ga-79-7", "members": ["A/RES/79/7", "A/RES/80/7", "A/RES/80/9"]}
    assert (site / "build/ga/80-9/compare/index.html").is_file()


def test_a_bad_predecessor_is_an_error_with_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = dict(FILES)
    files["content/ga/80-7.md"] = files["content/ga/80-7.md"].replace(
        "meeting: 35", "meeting: 35\npredecessor: last year"
    )
    site = make_site(files)
    result = cli("build", "--site", str(site))
    assert result.code == 1
    assert (
        'content/ga/80-7.md:7: predecessor: expected a resolution number such as 79/7, or none, got "last year"'
        in result.err
    )


# the alignment itself, over paragraphs made here


def _p(eid: str, text: str) -> Paragraph:
    last = eid.rsplit("__", 1)[-1]
    kind, _, num = last.partition("_")
    kind = {"point": "point", "para": "para", "recital": "recital"}.get(kind, kind)
    return Paragraph(eid, kind, num if kind in ("para", "point") else "", text, 1)


TEXT = [
    _p("formula_1", "The General Assembly,"),
    _p("recital_1", "Recalling its resolution 77/7,"),
    _p("recital_2", "Noting the report of the Secretary-General,"),
    _p("recital_3", "Concerned about the shortage of widgets,"),
    _p("para_1", "Welcomes the report;"),
    _p("para_2", "Requests the Secretary-General:"),
    _p("para_2__list_1__point_a", "(a) To report on widgets;"),
    _p("para_2__list_1__point_b", "(b) To consult Member States;"),
    _p("para_3", "Calls upon all States to cooperate;"),
    _p("para_4", "Encourages donors to give;"),
    _p("sec_I__para_1", "Invites the regional commissions to act;"),
    _p("para_5", "Decides to remain seized of the matter."),
]


def test_structure_classes() -> None:
    assert structure_class("para_6__list_1__point_a") == "para/point"
    assert structure_class("sec_II__para_3") == "sec/para"
    assert structure_class("draft_1__recital_2") == "draft/recital"
    assert structure_class("recital_12") == "recital"


def test_pairs_are_made_by_content_within_their_kind() -> None:
    new = [
        _p("formula_1", "The General Assembly,"),
        _p("recital_1", "Recalling its resolutions 77/7 and 78/7,"),
        _p("recital_2", "Noting the report of the Secretary-General,"),
        _p("para_1", "Welcomes the report;"),
        _p("para_2", "Notes the price of widgets;"),
        _p("para_3", "Requests the Secretary-General:"),
        _p("para_3__list_1__point_a", "(a) To report on widgets;"),
        _p("para_3__list_1__point_b", "(b) To consult Member States and others;"),
        _p("para_4", "Calls upon all States and organizations to cooperate;"),
        _p("sec_I__para_1", "Invites the regional commissions to act;"),
        _p("para_5", "Decides to remain seized of the matter."),
    ]
    c = compare(TEXT, new)
    pairs = [(p.old.eid if p.old else None, p.new.eid if p.new else None, p.status) for p in c.pairs]
    assert pairs == [
        ("formula_1", "formula_1", "same"),
        ("recital_1", "recital_1", "changed"),
        ("recital_2", "recital_2", "same"),
        ("recital_3", None, "removed"),
        ("para_1", "para_1", "same"),
        (None, "para_2", "new"),
        ("para_2", "para_3", "same"),
        ("para_2__list_1__point_a", "para_3__list_1__point_a", "same"),
        ("para_2__list_1__point_b", "para_3__list_1__point_b", "changed"),
        ("para_3", "para_4", "changed"),
        ("para_4", None, "removed"),
        ("sec_I__para_1", "sec_I__para_1", "same"),
        ("para_5", "para_5", "same"),
    ]
    assert (c.new, c.removed, c.changed, c.moved) == (1, 2, 3, 0)
    assert [(p.old.num, p.new.num) for p in c.renumbering if p.old and p.new] == [("2", "3"), ("3", "4")]


def test_a_text_compared_with_itself_shows_no_change() -> None:
    c = compare(TEXT, TEXT)
    assert c.unchanged and (c.new, c.removed, c.changed, c.moved) == (0, 0, 0, 0)
    assert not c.renumbering and len(c.pairs) == len(TEXT)


@pytest.mark.parametrize("seed", range(12))
def test_a_shuffled_copy_shows_only_moves(seed: int) -> None:
    rng = random.Random(seed)
    shuffled = list(TEXT)
    rng.shuffle(shuffled)
    c = compare(TEXT, shuffled)
    assert (c.new, c.removed, c.changed) == (0, 0, 0)
    assert {p.status for p in c.pairs} <= {"same", "moved"}
    assert all(p.old == p.new for p in c.pairs)  # each paragraph found itself
    assert len(c.pairs) == len(TEXT)
    if shuffled != TEXT:
        assert c.moved > 0
    # the paragraphs not marked moved keep their relative order in both texts
    kept = [p.old for p in c.pairs if p.status == "same"]
    assert kept == [p for p in TEXT if p in kept]


def test_word_diff_is_minimal_and_keeps_the_words() -> None:
    old = "Calls upon all States to cooperate on widgets;"
    new = "Calls upon all States and international organizations to cooperate closely on widgets;"
    segments = word_diff(old, new)
    assert [(s.op, s.words.strip()) for s in segments if s.op != "equal"] == [
        ("insert", "and international organizations"),
        ("insert", "closely"),
    ]
    assert "".join(s.words for s in segments if s.op != "delete") == new


# the command line


def test_compare_command_prints_a_unified_listing(built: Path, cli: Callable[..., CliResult]) -> None:
    site = built.parent
    result = cli("compare", "79/7", "A/RES/80/7", "--site", str(site))
    assert result.code == 0, result.err
    out = result.out.splitlines()
    assert out[0] == "--- GA resolution 79/7 (2024-11-05)" and out[1] == "+++ GA resolution 80/7 (2025-10-30)"
    assert out[2] == "0 new, 1 removed, 3 changed, 0 moved, 7 unchanged"
    assert "renumbered: paragraph 6 -> paragraph 5" in out
    assert "- [paragraph 5] (removed)" in out
    assert "~ [paragraph 4] (changed)" in out
    assert "~   Calls upon all States {+and international organizations+} to cooperate {+closely+} on widgets;" in out
    same = cli("compare", "79/7", "79/7", "--site", str(site))
    assert "0 new, 0 removed, 0 changed, 0 moved, 11 unchanged" in same.out
    assert not any(line[:1] in "+-~>" for line in same.out.splitlines()[3:])


def test_compare_command_writes_one_html_page(built: Path, cli: Callable[..., CliResult], tmp_path: Path) -> None:
    out = tmp_path / "diff.html"
    result = cli("compare", "78/7", "80/7", "--site", str(built.parent), "--format", "html", "--out", str(out))
    assert result.code == 0, result.err
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<ins>" in html and "<del>" in html
    assert "What changed from GA resolution 78/7 to GA resolution 80/7" in parse_html(out).text
    # no base_url: a loose file links only within itself
    assert re.findall(r'href="([^#"][^"]*)"', html) == []


def test_compare_command_names_what_it_cannot_find(built: Path, cli: Callable[..., CliResult]) -> None:
    result = cli("compare", "79/7", "99/1", "--site", str(built.parent))
    assert result.code == 1 and "'99/1' is not in this site" in result.err


# the real 80th-session texts, with predecessors written for this test


SHARED_GA80 = Path(__file__).resolve().parents[2] / "shared" / "sources" / "ga-80"

#: small stand-ins for the 79th-session resolutions the 80th-session texts recall (same
#: title, agenda item and body; the text is ours)
PREDECESSORS = {
    "79-7": (
        "79/7",
        "Necessity of ending the economic, commercial and financial embargo imposed by the United States of "
        "America against Cuba",
        "38",
    ),
    "79-6": ("79/6", "Report of the International Criminal Court", "74"),
    "79-50": ("79/50", "Nuclear disarmament", "99 (b)"),
    "79-42": ("79/42", "Measures to prevent terrorists from acquiring weapons of mass destruction", "99 (t)"),
}


@pytest.mark.skipif(not SHARED_GA80.is_dir(), reason="../shared/sources/ga-80 is not present")
def test_80th_session_texts_link_to_a_predecessor_in_the_site(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = tmp_path / "ga80"
    write_site(site, {})
    sources = sorted(str(p) for p in SHARED_GA80.iterdir())
    assert cli("import", *sources, "--site", str(site)).code == 0
    for name, (symbol, title, item) in PREDECESSORS.items():
        (site / "content" / "ga" / "79").mkdir(parents=True, exist_ok=True)
        (site / "content" / "ga" / "79" / f"{name}.md").write_text(
            f'---\nsymbol: "{symbol}"\nbody: ga\ntitle: "{title}"\ndate: 2024-12-02\nmeeting: 50\n'
            f'agenda_item: "{item}"\n---\n\n'
            "*The General Assembly*,\n\n*Recalling* its earlier resolutions,\n\n"
            + "".join(f"{n}. *Decides* to continue, step {n};\n\n" for n in range(1, 9)),
            encoding="utf-8",
        )
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    cat = _catalogue(site / "build")
    assert {s: cat[s]["predecessor"] for s in ("80/4", "80/6", "80/24", "80/41")} == {
        "80/4": "A/RES/79/7",
        "80/6": "A/RES/79/6",
        "80/24": "A/RES/79/50",
        "80/41": "A/RES/79/42",
    }
    for slug in ("80-4", "80-6", "80-24", "80-41"):
        links = [href for href, _ in parse_html(site / "build" / "ga" / slug / "index.html").links]
        assert "compare/index.html" in links
        assert (site / "build" / "ga" / slug / "compare" / "index.html").is_file()
    # the texts that recall nothing in the site get nothing
    assert all(cat[s]["predecessor"] is None for s in ("80/2", "80/3", "80/9", "80/11"))


def test_series_pages_pass_the_nu_html_checker(built: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    from tests.test_html_valid import _describe, _java, _vnu_jar

    java, jar = _java(), _vnu_jar()
    loose = tmp_path / "compare.html"
    assert (
        cli("compare", "78/7", "80/7", "--site", str(built.parent), "--format", "html", "--out", str(loose)).code == 0
    )
    pages = [*sorted(built.rglob("compare/index.html")), *sorted((built / "series").rglob("*.html")), loose]
    pages += [built / "ga/79-7/index.html", built / "theme/compare.css"]
    import subprocess

    proc = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--also-check-css", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(proc.stderr or "{}")
    errors = [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(_describe(m, built) for m in errors)


def test_a_copy_of_the_site_builds_the_same_bytes(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built.parent, copy, ignore=shutil.ignore_patterns("build", ".site-builder-cache"))
    build_site(copy, incremental=False)
    for rel in ("ga/79-7/compare/index.html", "series/ga-78-7/index.html", "data/resolutions.json"):
        assert (copy / "build" / rel).read_bytes() == (built / rel).read_bytes()
