"""Search without a browser: Pagefind runs only when an HTML page changed, and the
live preview keeps a stale index that the next ``site-builder build`` replaces."""

from __future__ import annotations

import filecmp
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site
from site_builder.exports import pagefind
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
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    if pagefind.pagefind_executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    calls: list[int] = []
    real = pagefind.pagefind_bundle

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pagefind, "pagefind_bundle", counting)
    return calls


def test_pagefind_runs_only_when_a_page_changed(tmp_path: Path, runs: list[int]) -> None:
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


def test_the_live_preview_keeps_a_stale_index_until_the_next_build(tmp_path: Path, runs: list[int]) -> None:
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
