"""Incremental builds give byte for byte the output of a clean build.

A randomised sequence of edits, additions, deletions, renames, title, template and
configuration changes (and broken files that are fixed again) is applied to a
small generated site; after each step the incremental build of ``site/build`` is
compared with a clean build of a copy of the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import pytest

from bench.corpus import generate, plan, render
from site_builder import cache as cache_module
from site_builder.build import BuildResult, Session, build_site, load_site, parallel
from site_builder.cache import CACHE_DIR, DB_NAME, BuildCache
from site_builder.diagnostics import BuildFailed, Reporter
from site_builder.exports.catalogue import catalogue, catalogue_json
from site_builder.output import finish_removals
from site_builder.site.templates import default_dir


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def dirs(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def clean_build(site: Path, scratch: Path) -> tuple[BuildResult | None, dict[str, str], set[str]]:
    """Build a fresh copy of ``site`` (no cache, no output) and return its result and tree."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("build", CACHE_DIR))
    try:
        result = build_site(scratch, incremental=False)
    except BuildFailed:
        return None, {}, set()
    return result, tree(scratch / "build"), dirs(scratch / "build")


def summary(result: BuildResult) -> tuple[object, ...]:
    return (
        result.resolutions,
        result.pages,
        result.files,
        result.citations,
        result.internal_citations,
        [d.format() for d in result.diagnostics],
    )


def check_step(site: Path, scratch: Path, label: str) -> None:
    before = tree(site / "build") if (site / "build").is_dir() else {}
    try:
        result: BuildResult | None = build_site(site)
    except BuildFailed:
        result = None
    expected, expected_tree, expected_dirs = clean_build(site, scratch)
    assert (result is None) == (expected is None), label
    if result is None:
        assert tree(site / "build") == before, f"{label}: a failed build changed the output"
        return
    assert expected is not None
    assert summary(result) == summary(expected), label
    got = tree(site / "build")
    assert got.keys() == expected_tree.keys(), f"{label}: {sorted(got.keys() ^ expected_tree.keys())[:5]}"
    differing = [rel for rel in got if got[rel] != expected_tree[rel]]
    assert not differing, f"{label}: differs from a clean build: {differing[:5]}"
    assert dirs(site / "build") == expected_dirs, label


class Editor:
    """Random changes to a generated site."""

    def __init__(self, site: Path, seed: int, n: int) -> None:
        self.site = site
        self.rng = random.Random(seed)
        self.metas = plan(n + 40, seed)
        self.live = {m.path: m for m in self.metas[:n]}
        self.spare = self.metas[n:]
        self.broken: Path | None = None
        self.broken_text = ""

    def files(self) -> list[Path]:
        return sorted((self.site / "content").rglob("*.md"))

    def step(self) -> str:
        if self.broken is not None:  # fix what the last step broke
            self.broken.write_text(self.broken_text, encoding="utf-8")
            self.broken = None
            return "fix"
        rng = self.rng
        action = rng.choice(
            ["text", "text", "title", "title", "add", "delete", "rename", "cite", "template", "config", "break", "none"]
        )
        files = self.files()
        path = rng.choice(files)
        text = path.read_text(encoding="utf-8")
        if action == "text":
            path.write_text(text.replace("*,", "*, as amended,", 1) + "\n1. *Decides* anew;\n", encoding="utf-8")
        elif action == "title":
            lines = text.split("\n")
            lines = [f"title: Retitled {rng.randint(0, 999)}" if ln.startswith("title:") else ln for ln in lines]
            path.write_text("\n".join(lines), encoding="utf-8")
        elif action == "add" and self.spare:
            meta = self.spare.pop(0)
            earlier = list(self.live.values())
            write_files(self.site, {meta.path: render(meta, earlier, random.Random(rng.random()))})
            self.live[meta.path] = meta
        elif action == "delete" and len(files) > 3:
            path.unlink()
        elif action == "rename":
            path.rename(path.with_name(f"renamed-{rng.randint(0, 99999)}.md"))
        elif action == "cite":
            target = rng.choice(self.metas)  # maybe in the site, maybe deleted or never added
            path.write_text(text + f"\n*Recalling* resolution {target.symbol},\n", encoding="utf-8")
        elif action == "template":
            name = rng.choice(["resolution.html", "citations.html"])
            own = self.site / "templates" / name
            if own.exists() and rng.random() < 0.5:
                own.unlink()
            else:
                source = (default_dir("templates") / name).read_text(encoding="utf-8")
                own.parent.mkdir(exist_ok=True)
                if name == "resolution.html":
                    source = source.replace("Cited by", f"Cited by ({rng.randint(0, 9)})")
                else:  # a page of cited documents that shows titles (the shipped one does not)
                    titles = "{% for r, n in e.citing %}{{ r.title }} {{ n }}; {% endfor %}"
                    cell = "<td>{% for r, n in e.citing %}"
                    source = source.replace(cell, "<td>" + titles + f"{rng.randint(0, 9)}" + cell[4:])
                own.write_text(source, encoding="utf-8")
        elif action == "config":
            (self.site / "site.yaml").write_text(f"title: Site {rng.randint(0, 9)}\n", encoding="utf-8")
        elif action == "break":
            self.broken, self.broken_text = path, text
            path.write_text(text.replace("meeting:", "meeting: x", 1), encoding="utf-8")
        return action


#: more steps and seeds: SITE_BUILDER_EQUIVALENCE=STEPS:SEEDS (CI runs a bounded 14 steps of one seed)
_STEPS, _SEEDS = (int(x) for x in os.environ.get("SITE_BUILDER_EQUIVALENCE", "14:1").split(":"))


@pytest.mark.parametrize("seed", range(1, _SEEDS + 1))
def test_random_edits_match_clean_builds(tmp_path: Path, seed: int) -> None:
    site = tmp_path / "site"
    write_files(site, generate(16, seed))
    editor = Editor(site, seed, 16)
    check_step(site, tmp_path / "clean", "first build")
    for n in range(_STEPS):
        action = editor.step()
        check_step(site, tmp_path / "clean", f"step {n}: {action}")


def test_parallel_build_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    write_files(site, generate(40, 7))
    serial = build_site(site, tmp_path / "serial", incremental=False)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setenv("SITE_BUILDER_JOBS", "2")
    together = build_site(site, tmp_path / "parallel", incremental=False)
    assert summary(serial) == summary(together)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    # and an incremental rebuild in parallel after many edits
    for path in sorted((site / "content").rglob("*.md"))[::3]:
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: New "), encoding="utf-8")
    build_site(site, tmp_path / "parallel")
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10**9)
    build_site(site, tmp_path / "serial", incremental=False)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, generate(12, 3))
    build_site(site)
    stamps = {p: p.stat().st_mtime_ns for p in (site / "build").rglob("*") if p.is_file()}
    build_site(site)
    path = sorted((site / "content").rglob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n1. *Notes* more;\n", encoding="utf-8")
    build_site(site)
    changed = [p for p, m in stamps.items() if not p.exists() or p.stat().st_mtime_ns != m]
    assert changed and len(changed) < len(stamps) / 2


@pytest.mark.parametrize("damage", ["records", "pages", "files", "blobs", "database", "version"])
def test_a_corrupt_or_stale_cache_is_ignored(tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    write_files(site, generate(12, 5))
    build_site(site)
    path = sorted((site / "content").rglob("*.md"))[2]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Changed "), encoding="utf-8")
    db_path = site / CACHE_DIR / DB_NAME
    if damage == "database":
        for p in (site / CACHE_DIR).glob(DB_NAME + "*"):
            p.write_bytes(b"not a database" * 100)
    elif damage == "version":
        key = dict(cache_module.cache_key())
        key["version"] = "0.0.0-other"
        monkeypatch.setattr(cache_module, "cache_key", lambda: key)
    else:
        with closing(sqlite3.connect(db_path)) as db, db:
            rng = random.Random(damage)
            column = {"records": "parse", "pages": "digest", "files": "sha", "blobs": "data"}[damage]
            table = "records" if damage == "records" else damage
            for (rowid,) in db.execute(f"SELECT rowid FROM {table}").fetchall():
                db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (rng.randbytes(40), rowid))
    check_step(site, tmp_path / "clean", damage)


def test_catalogue_is_json_dumps(tmp_path: Path) -> None:
    """``data/resolutions.json`` is compact JSON, byte for byte as ``json.dumps`` writes it."""
    site = tmp_path / "site"
    files = generate(30, 11)
    first = sorted(files)[0]
    title = 'title: "Quotes \\" and \\\\ back\\tslash, <ünïcode> & — \\u2028"'
    files[first] = "\n".join(title if ln.startswith("title:") else ln for ln in files[first].split("\n"))
    write_files(site, files)
    build_site(site)
    text = (site / "build" / "data" / "resolutions.json").read_text(encoding="utf-8")
    loaded = load_site(site.resolve(), Reporter(), cache=BuildCache(site.resolve()))
    assert "ünïcode" in text
    assert text == json.dumps(catalogue(loaded), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert text == catalogue_json(loaded)
    assert json.loads(text) == catalogue(loaded)


def test_a_title_edit_keeps_the_page_of_cited_documents(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, generate(20, 4))
    build_site(site)
    pages = {rel: (site / "build" / rel).stat().st_mtime_ns for rel in ("citations/index.html", "dates/index.html")}
    path = sorted((site / "content").rglob("*.md"))[3]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8")
    build_site(site)
    assert (site / "build" / "citations/index.html").stat().st_mtime_ns == pages["citations/index.html"]
    assert (site / "build" / "dates/index.html").stat().st_mtime_ns != pages["dates/index.html"]
    check_step(site, tmp_path / "clean", "title edit")


def test_the_cache_holds_data_only(tmp_path: Path) -> None:
    """No pickles: every value in the cache is text, a number, or (compressed) JSON, so a
    cache folder that came with a site cannot run code when the site is built."""
    site = tmp_path / "site"
    write_files(site, generate(8, 2))
    build_site(site)
    # the database, and the empty file the build lock is held on
    assert sorted(p.name for p in (site / CACHE_DIR).iterdir() if not p.name.startswith(DB_NAME)) == ["build.lock"]
    assert (site / CACHE_DIR / "build.lock").stat().st_size == 0
    with closing(sqlite3.connect(site / CACHE_DIR / DB_NAME)) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert set(tables) == {"meta", "records", "pages", "files", "blobs", "lint"}
        for table in tables:
            for row in db.execute(f"SELECT * FROM {table}"):
                for value in row:
                    if isinstance(value, bytes):
                        json.loads(zlib.decompress(value))
                    else:
                        assert value is None or isinstance(value, (str, int))
        for parse, render in db.execute("SELECT parse, render FROM records"):
            json.loads(parse)
            json.loads(render)
        for (data,) in db.execute("SELECT data FROM lint"):
            json.loads(data)


@pytest.mark.parametrize(
    "shows",
    [
        "{% for r in latest %}{{ r.text[:60] }}{% endfor %}",
        '{% for r in latest %}{{ r | attr("text") | truncate(60) }}{% endfor %}',
        '{{ latest | map(attribute="text") | join | length }}',
        '{{ latest | sort(attribute="digest") | map(attribute="symbol") | join(" ") }}',
    ],
)
def test_a_site_template_that_shows_texts_never_goes_stale(tmp_path: Path, shows: str) -> None:
    """A page of the site's own that shows other resolutions' texts is made again when a
    text changes, however the template reaches it."""
    site = tmp_path / "site"
    write_files(site, generate(12, 6))
    home = (default_dir("templates") / "home.html").read_text(encoding="utf-8")
    write_files(site, {"templates/home.html": home.replace("{% block main %}", "{% block main %}" + shows, 1)})
    build_site(site)
    check_step(site, tmp_path / "clean", "first build")
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("*,", "*, as amended,", 1) + "\n1. *Decides* anew;\n", encoding="utf-8")
    check_step(site, tmp_path / "clean", "every text edited")


def test_drafting_findings_of_a_rebuild_are_those_of_a_clean_build(tmp_path: Path) -> None:
    """Each file's own findings come from the cache while it is unchanged; the findings that
    look at the whole site (a citation of a resolution adopted later) follow other files."""
    site = tmp_path / "site"
    write_files(site, generate(12, 3))
    check_step(site, tmp_path / "clean", "first build")
    files = sorted((site / "content").rglob("*.md"))
    cited = files[0]  # moved after the resolutions that cite it
    text = cited.read_text(encoding="utf-8")
    cited.write_text(text.replace("date: ", "date: 2099-01-01\nold_date: ", 1).replace("\nold_date:", "\n#", 1))
    result = build_site(site)
    assert any("citations-in-time" in d.message for d in result.diagnostics)
    check_step(site, tmp_path / "clean", "date moved")
    last = files[-1]  # an operative paragraph that ends with no punctuation
    last.write_text(last.read_text(encoding="utf-8").replace(";\n", "\n", 1), encoding="utf-8")
    check_step(site, tmp_path / "clean", "punctuation")
    cited.write_text(text, encoding="utf-8")
    result = build_site(site)
    assert not any("citations-in-time" in d.message and d.path == cited for d in result.diagnostics)
    check_step(site, tmp_path / "clean", "date back")


def test_a_session_keeps_the_cache_open_and_builds_as_a_clean_build(tmp_path: Path) -> None:
    """The live preview's builds: one cache kept in memory from save to save, a failed
    build in between, and the old output deleted in the background."""
    site = tmp_path / "site"
    write_files(site, generate(10, 4))
    session = Session()
    files = sorted((site / "content").rglob("*.md"))
    steps = [
        (
            "text edit",
            lambda: files[2].write_text(files[2].read_text(encoding="utf-8").replace("*,", "*, as amended,", 1)),
        ),
        ("broken", lambda: files[3].write_text("---\nsymbol: [\n---\n", encoding="utf-8")),
        ("fixed", lambda: files[3].unlink()),
        (
            "title edit",
            lambda: files[0].write_text(files[0].read_text(encoding="utf-8").replace("title: ", "title: New ", 1)),
        ),
    ]
    try:
        build_site(site, session=session, background_removal=True)
        for label, step in steps:
            step()
            try:
                result: BuildResult | None = build_site(site, session=session, background_removal=True)
            except BuildFailed:
                result = None
            finish_removals()
            expected, expected_tree, _ = clean_build(site, tmp_path / "clean")
            assert (result is None) == (expected is None), label
            if result is not None and expected is not None:
                assert summary(result) == summary(expected), label
                assert tree(site / "build") == expected_tree, label
        assert sorted(p.name for p in site.iterdir()) == [CACHE_DIR, "build", "content", "site.yaml"]
    finally:
        session.close()


def test_an_outline_read_on_demand_that_does_not_decode_is_made_again(tmp_path: Path) -> None:
    """The paragraphs of each outline are read from the cache only when a page asks for
    them; a record whose paragraphs do not decode then is made from the rendering."""
    site = tmp_path / "site"
    write_files(site, generate(12, 7))
    build_site(site)
    path = sorted((site / "content").rglob("*.md"))[1]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Changed "), encoding="utf-8")
    with closing(sqlite3.connect(site / CACHE_DIR / DB_NAME)) as db, db:
        for rel, render in db.execute("SELECT rel, render FROM records").fetchall():
            fields = json.loads(render)
            fields[-1] = '[[["para_1"], 7], "not columns"]'
            db.execute("UPDATE records SET render = ? WHERE rel = ?", (json.dumps(fields), rel))
    check_step(site, tmp_path / "clean", "outline damaged")
