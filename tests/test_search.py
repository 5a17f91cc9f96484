"""Search without a browser: the index is in shards (body and session or year), a
shard is indexed again only when one of its pages changed, the output is the same
bytes as a clean build's, and the live preview keeps a stale index that the next
``site-builder build`` replaces."""

from __future__ import annotations

import filecmp
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site
from site_builder.diagnostics import Reporter
from site_builder.exports import pagefind, search
from tests.conftest import write_site

PAGE = """\
---
symbol: 57/{n}
body: ga
title: Resolution {n}
date: 2002-12-18
meeting: 77
---

*The General Assembly*,

1. *Decides* {word} to remain seized of the matter.
"""

SC = """\
---
symbol: {n} (2001)
body: sc
title: Resolution {n}
date: 2001-09-28
meeting: 4385
---

*The Security Council*,

1. *Decides* {word} to remain seized of the matter.
"""


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    stack = [cmp]
    while stack:
        c = stack.pop()
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(c.subdirs.values())
    return True


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The pages of each Pagefind run of the test."""
    if pagefind.pagefind_executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    calls: list[list[str]] = []
    real = pagefind.pagefind_bundle

    def counting(pages: dict[str, Path], *args: Any, **kwargs: Any) -> Any:
        calls.append(sorted(pages))
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(pagefind, "pagefind_bundle", counting)
    return calls


def test_pagefind_runs_only_when_a_page_changed(tmp_path: Path, runs: list[list[str]]) -> None:
    files = {f"content/{n}.md": PAGE.format(n=n, word="again") for n in (1, 2)}
    root = write_site(tmp_path / "site", files)
    build_site(root)
    assert len(runs) == 1
    (root / "site.yaml").write_text((root / "site.yaml").read_text() + "\n# a comment\n")
    build_site(root)  # every page rendered again, to the same bytes
    assert len(runs) == 1
    (root / "content/1.md").write_text(PAGE.format(n=1, word="now"))
    build_site(root)
    assert len(runs) == 2
    build_site(root, tmp_path / "clean", incremental=False)
    assert same_tree(root / "build", tmp_path / "clean")


def test_the_live_preview_keeps_a_stale_index_until_the_next_build(tmp_path: Path, runs: list[list[str]]) -> None:
    files = {f"content/{n}.md": PAGE.format(n=n, word="again") for n in (1, 2)}
    root = write_site(tmp_path / "site", files)
    build_site(root)
    for word in ("now", "later"):
        (root / "content/1.md").write_text(PAGE.format(n=1, word=word))
        build_site(root, search_index=False)
    assert len(runs) == 1
    build_site(root)  # nothing changed since, but the index is stale
    assert len(runs) == 2
    build_site(root, tmp_path / "clean", incremental=False)
    assert same_tree(root / "build", tmp_path / "clean")


def shards(build: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((build / "pagefind/shards.json").read_text())
    return index


def page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    return sum(int(lang["page_count"]) for lang in entry["languages"].values())


def test_one_edit_indexes_one_shard_again(tmp_path: Path, runs: list[list[str]]) -> None:
    files = {f"content/ga/{n}.md": PAGE.format(n=n, word="again") for n in (1, 2)}
    files.update({f"content/sc/{n}.md": SC.format(n=n, word="again") for n in (1371, 1372)})
    root = write_site(tmp_path / "site", files)
    build_site(root)
    assert sorted(runs) == [
        ["ga/57-1/index.html", "ga/57-2/index.html"],
        ["sc/1371-2001/index.html", "sc/1372-2001/index.html"],
    ]
    out = root / "build"
    # newest first; the first holds Pagefind's engine, the others only their index
    assert shards(out) == {"primary": "ga-57", "shards": ["ga-57", "sc-2001"], "version": 1}
    assert (out / "pagefind/ga-57/pagefind.js").is_file() and (out / "pagefind/ga-57/wasm.en.pagefind").is_file()
    assert not list((out / "pagefind/sc-2001").glob("*.js")) and not list((out / "pagefind/sc-2001").glob("wasm.*"))
    assert [page_count(out / "pagefind" / name) for name in ("ga-57", "sc-2001")] == [2, 2]
    (root / "content/sc/1372.md").write_text(SC.format(n=1372, word="now"))
    build_site(root)
    assert runs[2:] == [["sc/1371-2001/index.html", "sc/1372-2001/index.html"]]
    build_site(root, tmp_path / "clean", incremental=False)
    assert same_tree(out, tmp_path / "clean")


def test_the_engine_moves_with_the_primary_shard_without_indexing_again(tmp_path: Path, runs: list[list[str]]) -> None:
    files = {"content/ga/1.md": PAGE.format(n=1, word="again"), "content/sc/1.md": SC.format(n=1371, word="again")}
    root = write_site(tmp_path / "site", files)
    build_site(root)
    (root / "content/ga/1.md").unlink()
    build_site(root)
    assert len(runs) == 2  # the SC shard is unchanged: its bundle is kept
    out = root / "build"
    assert shards(out)["shards"] == ["sc-2001"]
    assert not (out / "pagefind/ga-57").exists()
    assert (out / "pagefind/sc-2001/pagefind.js").is_file()
    build_site(root, tmp_path / "clean", incremental=False)
    assert same_tree(out, tmp_path / "clean")


def test_a_period_with_too_many_pages_is_split(
    tmp_path: Path, runs: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 2)
    files = {f"content/ga/{n}.md": PAGE.format(n=n, word="again") for n in range(1, 8)}
    root = write_site(tmp_path / "site", files)
    build_site(root)
    names = shards(root / "build")["shards"]
    assert len(names) == 4 and all(name.startswith("ga-57.") for name in names)
    assert sum(page_count(root / "build/pagefind" / name) for name in names) == 7
    assert sorted(page for run in runs for page in run) == [f"ga/57-{n}/index.html" for n in range(1, 8)]


def test_the_index_is_the_same_bytes_run_to_run(tmp_path: Path, runs: list[list[str]]) -> None:
    files = {f"content/ga/{n}.md": PAGE.format(n=n, word=f"word{n}") for n in range(1, 6)}
    files.update({f"content/sc/{n}.md": SC.format(n=n, word=f"term{n}") for n in range(1371, 1376)})
    root = write_site(tmp_path / "site", files)
    for out in ("a", "b"):
        build_site(root, tmp_path / out, incremental=False)
    assert same_tree(tmp_path / "a", tmp_path / "b")
    meta = next((tmp_path / "a/pagefind/sc-2001").glob("*.pf_meta"))
    assert gzip.decompress(meta.read_bytes()).startswith(b"pagefind_dcd")


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - Site</title></head>
<body class="page"><nav><a href="/">Home</a> navigation words</nav>
<h1 id="title">{title}</h1><img src="seal.png" alt="">
<DIV class="text" data-pagefind-body><p id="para_1">Recalling {word} <span class="permalink">¶</span></p>
<div data-pagefind-ignore>left out</div><div><p id="para_2">nested <em>words</em> here</p></div></DIV>
<section class="citations"><svg viewBox="0 0 1 1"><text>picture words</text></svg><p>cited by</p></section>
<div hidden><span data-pagefind-filter="year">{year}</span><span data-pagefind-meta="label">{title} label</span>
<img data-pagefind-meta="image[src]" src="x.png"/></div>
<footer>footer words</footer></body></html>
"""


def test_pagefind_reads_the_same_index_from_the_parts_it_is_handed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind is handed only the parts of a page it reads; its bundle is the one it
    makes from the whole pages (title from the first h1, filters and metadata outside
    the indexed elements, nested elements of the same name, tags in any case)."""
    if pagefind.pagefind_executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    site = tmp_path / "site"
    pages = {}
    for n, (title, word, year) in enumerate([("Oceans", "fisheries", 2001), ("Rivers", "sediment", 2002)]):
        rel = f"ga/{n}/index.html"
        (site / rel).parent.mkdir(parents=True)
        (site / rel).write_text(_PAGE.format(title=title, word=word, year=year), encoding="utf-8")
        pages[rel] = site / rel
        slim = pagefind.indexed((site / rel).read_bytes())
        assert slim is not None and b"navigation words" not in slim and b"picture words" not in slim
    (tmp_path / "scratch").mkdir()
    handed = pagefind.pagefind_bundle(pages, tmp_path / "scratch", Reporter())
    monkeypatch.setattr(pagefind, "indexed", lambda page: None)  # the whole pages
    whole = pagefind.pagefind_bundle(pages, tmp_path / "scratch", Reporter())
    assert handed is not None and "pagefind-entry.json" in handed
    assert handed == whole


def test_a_shard_that_cannot_be_indexed_in_memory_is_indexed_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tmpfs that is full (Docker gives /dev/shm 64 MB) does not cost the search
    index: the run is made again in the build's scratch folder, without an error."""
    if pagefind.pagefind_executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    site, memory, scratch = tmp_path / "site", tmp_path / "memory", tmp_path / "scratch"
    for folder in (memory, scratch):
        folder.mkdir()
    rel = "ga/1/index.html"
    (site / rel).parent.mkdir(parents=True)
    (site / rel).write_text(_PAGE.format(title="Oceans", word="fisheries", year=2001), encoding="utf-8")
    expected = pagefind.pagefind_bundle({rel: site / rel}, scratch, Reporter())
    hand_over = pagefind._hand_over

    def full(source: Path, target: Path) -> None:
        if memory in target.parents:
            raise OSError(28, "No space left on device")
        hand_over(source, target)

    monkeypatch.setattr(pagefind, "_in_memory", lambda: memory)
    monkeypatch.setattr(pagefind, "_hand_over", full)
    reporter = Reporter()
    bundle = pagefind.pagefind_bundle({rel: site / rel}, scratch, reporter)
    assert not reporter.diagnostics
    assert bundle is not None and bundle == expected
    assert not list(memory.iterdir()) and not list(scratch.iterdir())
