"""The layout round trip: a resolution (written here for each body, or made at
random) laid out as official-PDF text by ``tests.layout`` in hundreds of seeded
layouts, then imported: the import must give back the same resolution
(metadata, paragraphs, footnotes, words). Needs nothing outside the clone."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path

import pytest

from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.importer import import_files
from tests.conftest import REPO
from tests.layout import Layout, Para, Resolution, from_content

GA = Resolution(
    body="ga",
    number="81/17",
    title="Cooperation between the United Nations and regional organizations on water",
    adopted=dt.date(2026, 11, 3),
    meeting=41,
    session=81,
    agenda_item="27 (b)",
    paras=[
        Para("recital", "Recalling its resolutions 70/1 of 25 September 2015, 77/334 of 1 September 2023 and "
             "79/18 of 2 December 2024 on the water action agenda,[^1]"),
        Para("recital", "Noting with concern that the Convention on the Law of the Non-Navigational Uses of "
             "International Watercourses[^2] has entered into force for some Member States only since "
             "17 August 2014[^3] and that the gaps in its application remain wide,"),
        Para("recital", "Welcoming the report of the Secretary-General,[^4]"),
        Para("op", "Requests the Secretary-General to submit to it at its eighty-third session a report on "
             "the implementation of the present resolution, including on the water-related targets of the "
             "Sustainable Development Goals;", "1"),
        Para("op", "Encourages regional organizations to share good practices in the management of "
             "transboundary basins, in particular:", "2"),
        Para("point", "Data on ground water and the rivers that cross borders;", "a"),
        Para("point", "Early warning for floods and droughts;[^5]", "b"),
        Para("op", "Decides to include in the provisional agenda of its eighty-third session the item "
             "entitled “Cooperation between the United Nations and regional and other organizations”.", "3"),
    ],
    notes={
        "1": "See A/81/120.",
        "2": "United Nations, Treaty Series, vol. 2999, No. 52106.",
        "3": "See A/69/PV.4.",
        "4": "A/81/304.",
        "5": "See also resolution 79/18, para. 4.",
    },
)  # fmt: skip

SC = Resolution(
    body="sc",
    number="2799 (2026)",
    title="",
    adopted=dt.date(2026, 3, 12),
    meeting=10112,
    paras=[
        Para("recital", "Recalling its resolutions 2719 (2023) and 1373 (2001) and the statements of its "
             "President, including S/PRST/2025/4,[^1]"),
        Para("recital", "Reaffirming its strong commitment to the sovereignty, independence and territorial "
             "integrity of all States in the region,"),
        Para("op", "Decides to extend the mandate of the mission until 15 March 2027;", "1"),
        Para("op", "Requests the Secretary-General to report to the Council every 90 days on the "
             "implementation of the present resolution;[^2]", "2"),
        Para("op", "Decides to remain actively seized of the matter.", "3"),
    ],
    notes={"1": "S/PRST/2025/4.", "2": "See S/2026/101."},
)  # fmt: skip

HRC = Resolution(
    body="hrc",
    number="61/9",
    title="Forum on the rights of persons living in rural areas",
    adopted=dt.date(2026, 4, 2),
    meeting=21,
    session=61,
    vote="[Adopted without a vote.]",
    paras=[
        Para("recital", "Recalling General Assembly resolution 60/251 of 15 March 2006 and its own "
             "resolutions 5/1 and 5/2 of 18 June 2007,[^1]"),
        Para("recital", "Bearing in mind the Declaration on the Rights of Peasants,[^2]"),
        Para("op", "Decides to establish a forum on the rights of persons living in rural areas, to meet "
             "annually for two working days;", "1"),
        Para("op", "Requests the Office of the High Commissioner to support the forum and to report "
             "thereon to the Council at its sixty-fourth session.", "2"),
    ],
    notes={"1": "See A/62/53, chap. IV, sect. A.", "2": "General Assembly resolution 73/165, annex."},
)  # fmt: skip

ECOSOC = Resolution(
    body="ecosoc",
    number="2026/11",
    title="Statistics of migration in the Sustainable Development Goals",
    adopted=dt.date(2026, 7, 22),
    meeting=38,
    agenda_item="18 (c)",
    paras=[
        Para("recital", "Recalling its resolution 2015/10 of 10 June 2015 and General Assembly resolution "
             "71/313 of 6 July 2017,[^1]"),
        Para("recital", "Noting the work of the Statistical Commission at its fifty-seventh session,[^2]"),
        Para("op", "Encourages Member States to strengthen their national statistical systems;", "1"),
        Para("op", "Requests the Secretary-General to report to the Council at its 2028 session.", "2"),
    ],
    notes={"1": "A/RES/71/313.", "2": "See E/2026/24."},
)  # fmt: skip

EXAMPLES = {"ga": GA, "sc": SC, "hrc": HRC, "ecosoc": ECOSOC}

#: a long resolution: sections numbered from 1 each, a heading within a section, paragraphs
#: the source cut off (before a section, a heading and the adoption record), the record
#: printed before the annex, and an annex with its title
SECTIONED = Resolution(
    body="ga",
    number="81/230",
    title="Oceans and the law of the sea",
    adopted=dt.date(2026, 12, 9),
    meeting=57,
    session=81,
    paras=[
        Para("recital", "Recalling its resolution 80/70 of 9 December 2025 on oceans and the law of the sea,[^1]"),
        Para("section", "Implementation of the Convention", "I"),
        Para("op", "Reaffirms the unified character of the Convention and the vital importance of preserving "
             "its integrity;", "1"),
        Para("op", "Calls upon States that have not done so to become parties to the Convention and to the", "2"),
        Para("section", "Capacity-building", "II"),
        Para("op", "Encourages States to assist developing States in building their capacity in marine science;",
             "1"),
        Para("op", "Invites the competent international organizations to strengthen the work of the", "2"),
        Para("heading", "Marine science and technology"),
        Para("op", "Recognizes the importance of marine science for the sustainable use of the oceans;[^2]", "3"),
        Para("op", "Decides to include in the provisional agenda of its eighty-second session the item "
             "entitled “Oceans and the law of the sea” and to consider at that session the", "4"),
        Para("record", ""),
        Para("annex", "", "I"),
        Para("heading", "Terms of reference of the informal working group"),
        Para("op", "The working group shall meet once a year in New York for five working days.", "1"),
        Para("op", "It shall report to the General Assembly at each session.", "2"),
    ],
    notes={"1": "See A/80/PV.51.", "2": "See A/81/78."},
    editorial=[("sec_I__para_2", "cut"), ("sec_II__para_2", "cut"), ("sec_II__para_4", "cut")],
)  # fmt: skip

# -- random resolutions, made from phrases of the drafting style ---------------------------------

_RECITAL_OPENINGS = ["Recalling", "Reaffirming", "Noting with appreciation", "Bearing in mind", "Welcoming",
                     "Deeply concerned", "Recognizing", "Stressing"]  # fmt: skip
_OPERATIVE_OPENINGS = ["Requests", "Decides", "Calls upon", "Encourages", "Urges", "Invites", "Also requests",
                       "Welcomes", "Emphasizes"]  # fmt: skip
#: section and annex headings: what a part of a resolution is about
_HEADINGS = ["Ratification and implementation", "Technical assistance", "Follow-up", "Financing for development",
             "Cooperation with regional organizations", "Reporting and review", "Recommendations"]  # fmt: skip
_ROMAN = ["I", "II", "III", "IV"]
_PHRASES = [
    "the report of the Secretary-General on the question", "all Member States and observers",
    "the relevant organizations of the United Nations system", "the work of the regional commissions",
    "its resolution 75/{n} of {d} May 2021", "the need for action-oriented and well-funded programmes",
    "the fourth high-level meeting held in New York", "the non-governmental organizations concerned",
    "the agenda adopted at the summit", "further measures of cooperation", "the least developed countries",
    "the importance of timely and reliable data", "the Convention on the subject",
]  # fmt: skip


def random_resolution(rng: random.Random) -> Resolution:
    body = rng.choice(["ga", "ga", "ecosoc", "hrc", "sc"])
    year = rng.randint(2006, 2030)
    number = {
        "ga": f"{rng.randint(60, 90)}/{rng.randint(1, 330)}",
        "hrc": f"{rng.randint(1, 60)}/{rng.randint(1, 40)}",
        "ecosoc": f"{year}/{rng.randint(1, 40)}",
        "sc": f"{rng.randint(1700, 2900)} ({year})",
    }[body]
    notes: dict[str, str] = {}

    def sentence() -> str:
        words = " and ".join(rng.sample(_PHRASES, rng.randint(1, 3)))
        words = words.format(n=rng.randint(1, 300), d=rng.randint(1, 28))
        if rng.random() < 0.4:
            label = str(len(notes) + 1)
            notes[label] = rng.choice(["See A/{}/{}.", "Resolution {}/{}, annex.", "E/{}/{}."]).format(
                rng.randint(50, 80), rng.randint(1, 999)
            )
            cut = words.split(" ")
            # a drafter marks a name, a word or a citation: never an article or a preposition
            # ("the", "of"), never inside a date ("10 May 2021")
            spots = [i for i, w in enumerate(cut) if w[-1:].isalpha() and not w[:1].isdigit() and len(w) > 3]
            spots = [i for i in spots if i + 1 == len(cut) or not cut[i + 1][:1].isdigit()]
            at = rng.choice(spots) if spots else len(cut) - 1
            cut[at] += f"[^{label}]"
            words = " ".join(cut)
        return words

    paras = [
        Para("recital", f"{opening} {sentence()},") for opening in rng.sample(_RECITAL_OPENINGS, rng.randint(0, 5))
    ]
    # a long resolution has sections (I, II ... with headings), numbered from 1 in each or on
    # through the text, and may have an annex after its adoption record
    sections = rng.choice([0, 0, 2, 3])
    restart = rng.random() < 0.5
    last = 0
    for s in range(max(sections, 1)):
        if sections:
            paras.append(Para("section", rng.choice(_HEADINGS), _ROMAN[s]))
            last = 0 if restart else last
        ops = rng.randint(1, 9 if not sections else 4)
        # a heading within a section (its first paragraph, or one further on)
        sub = last + 1 + rng.randint(0, ops - 1) if sections and rng.random() < 0.3 else 0
        for n in range(last + 1, last + ops + 1):
            if n == sub:
                paras.append(Para("heading", rng.choice(_HEADINGS)))
            end = "." if n == last + ops and s == max(sections, 1) - 1 else ";"
            text = f"{rng.choice(_OPERATIVE_OPENINGS)} {sentence()}"
            text = text + end if not text.endswith("]") else re.sub(r"(\[\^\d+\])$", end + r"\1", text)
            paras.append(Para("op", text, str(n)))
        last += ops
    if body != "sc" and rng.random() < 0.3:
        paras.append(Para("record", ""))
        for numeral in rng.choice([[""], ["I"], ["I", "II"]]):
            paras.append(Para("annex", "", numeral))
            paras.append(Para("heading", rng.choice(_HEADINGS)))
            for n in range(1, rng.randint(1, 3) + 1):
                paras.append(Para("op", f"{rng.choice(_OPERATIVE_OPENINGS)} {sentence()}.", str(n)))
    for p in paras:
        if p.kind == "recital" and p.text.endswith("],"):
            p.text = re.sub(r"(\[\^\d+\]),$", r",\1", p.text)
    editorial = _cut(rng, paras)
    return Resolution(
        body=body,
        number=number,
        title=""
        if body == "sc"
        else "Cooperation on " + " ".join(rng.sample(["water", "data", "trade", "health", "rural", "areas"], 3)),
        adopted=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        meeting=rng.randint(1, 9999) if body == "sc" else rng.randint(1, 120),
        session=int(number.split("/")[0]) if body in ("ga", "hrc") else None,
        vote="[Adopted without a vote.]" if body == "hrc" and rng.random() < 0.5 else "",
        paras=paras,
        notes=notes,
        editorial=editorial,
    )


def _cut(rng: random.Random, paras: list[Para]) -> list[tuple[str, str]]:
    """Now and then the source cuts an operative paragraph off (no final punctuation):
    before a section, the adoption record, an annex, or (the layout sees to it) a page
    break. The import keeps it as it is and notes it."""
    res = Resolution("ga", "1/1", "", dt.date(2000, 1, 1), 1, paras=paras)
    spots = [k for k, p in enumerate(paras) if p.kind == "op" and "[^" not in p.text]
    if not spots or rng.random() < 0.6:
        return []
    # most often where it matters: before a heading, a section, the adoption record or an annex
    before = [k for k in spots if k + 1 == len(paras) or paras[k + 1].kind in ("section", "heading", "record", "annex")]
    k = rng.choice(before if before and rng.random() < 0.7 else spots)
    words = paras[k].text.rstrip(".;").split(" ")
    keep = rng.randint(3, max(3, len(words) - 1))
    paras[k].text = " ".join(words[:keep]).rstrip(",;:.")
    if not paras[k].text[-1:].isalpha():
        paras[k].text += " the"
    return [(res.eids()[k], "cut")]


# -- import and compare ---------------------------------------------------------------------------


def _import(texts: dict[str, str], tmp: Path) -> tuple[int, str, str, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    site = tmp / "site"
    files = []
    for name, text in texts.items():
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    out, err = io.StringIO(), io.StringIO()
    code = import_files(files, site=site, body=None, dry_run=False, force=False, out=out, err=err)
    return code, out.getvalue(), err.getvalue(), site


def _plain(markdown: str) -> str:
    text = re.sub(r"^> ?", "", markdown, flags=re.M)
    text = text.replace("*", "")
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def _read_back(site: Path, res: Resolution) -> tuple[dict[str, object], list[str], dict[str, str]]:
    files = list((site / "content" / res.body).rglob("*.md"))
    assert len(files) == 1, files
    raw = files[0].read_text(encoding="utf-8")
    reporter = Reporter()
    rel = files[0].relative_to(site).as_posix()
    loaded = parse_resolution(rel, raw.encode(), SiteConfig(root=site), reporter)
    assert loaded is not None, reporter.diagnostics
    meta = {"symbol": loaded.symbol, "title": loaded.title or "", "date": loaded.date, "meeting": loaded.meeting,
            "editorial": [(at, kind) for at, kind, _ in loaded.editorial]}  # fmt: skip
    body = re.sub(r"^>[ ]?", "", raw.split("---\n", 2)[2], flags=re.M)  # an embedded draft's quote marks
    paragraphs, notes = [], {}
    for chunk in body.strip().split("\n\n"):
        m = re.match(r"\[\^(\d+)\]: (.*)", chunk, re.S)
        if m:
            notes[m.group(1)] = _plain(m.group(2))
        else:
            paragraphs.append(_plain(chunk))
    return meta, paragraphs, notes


def _check(res: Resolution, seed: int, tmp: Path) -> None:
    text = Layout(res, seed).text()
    code, _, err, site = _import({"resolution.txt": text}, tmp)
    where = f"seed {seed}, {res.symbol}:\n{text}\n{err}"
    assert code == 0, where
    assert "word coverage" not in err, where
    assert "was not found" not in err, where
    meta, paragraphs, notes = _read_back(site, res)
    title = res.title or f"Resolution {res.number}"  # a Security Council text has no title but its heading
    expect = {"symbol": res.number, "title": title, "date": res.adopted, "meeting": res.meeting,
              "editorial": res.editorial}  # fmt: skip
    assert meta == expect, where
    assert paragraphs == [" ".join(p.split()) for p in res.expected_paragraphs()], where
    assert notes == res.notes, where


@pytest.mark.parametrize("body", sorted(EXAMPLES))
def test_each_body_in_plain_pdf_text(tmp_path: Path, body: str) -> None:
    res = EXAMPLES[body]
    for seed in range(40):
        _check(res, seed, tmp_path / str(seed))


def test_sections_annex_and_cut_paragraphs(tmp_path: Path) -> None:
    for seed in range(40):
        _check(SECTIONED, seed, tmp_path / str(seed))
    text = Layout(SECTIONED, 0).text()
    code, _, err, _ = _import({"sectioned.txt": text}, tmp_path / "warned")
    assert code == 0, err
    lines = text.splitlines()
    # each cut paragraph is warned about with the line it starts on (its number)
    warned = re.findall(r"sectioned\.txt:(\d+): warning: paragraph (\d) of 81/230 ends without punctuation", err)
    assert [number for _, number in warned] == ["2", "2", "4"], err
    for line, number in warned:
        assert lines[int(line) - 1].strip().startswith(f"{number}."), (line, err)
    assert "comes after" not in err and "follows" not in err, err  # numbering from 1 in each section is no disorder


BUNDLED = sorted(p for p in (REPO / "content").rglob("*.md") if "partial: true" not in p.read_text())


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_resolutions_round_trip(tmp_path: Path, path: Path) -> None:
    """The bundled resolutions (a partial one has no masthead to lay out)."""
    res = from_content(path.read_text(encoding="utf-8"))
    for seed in range(20):
        _check(res, seed, tmp_path / str(seed))


def test_random_resolutions_round_trip(tmp_path: Path) -> None:
    for seed in range(240):
        res = random_resolution(random.Random(seed))
        _check(res, seed, tmp_path / str(seed))


def test_example_masthead_fields(tmp_path: Path) -> None:
    code, out, err, site = _import({name: Layout(res, 7).text() for name, res in EXAMPLES.items()}, tmp_path)
    assert code == 0, err
    assert "read as text extracted from an official PDF" in out
    config = SiteConfig(root=site)
    expect = {
        "content/ga/81/81-17.md": ("81", "27 (b)"),
        "content/hrc/61/61-9.md": ("61", None),
        "content/ecosoc/2026/2026-11.md": (None, "18 (c)"),
        "content/sc/2026/2799-2026.md": (None, None),
    }
    for rel, (session, agenda) in expect.items():
        reporter = Reporter()
        res = parse_resolution(rel, (site / rel).read_bytes(), config, reporter)
        assert res is not None, reporter.diagnostics
        assert (res.session, res.agenda_item) == (session, agenda), rel
