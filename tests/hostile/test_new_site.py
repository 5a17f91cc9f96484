"""``site-builder new`` keeps what a build writes out of version control: a committed
build cache or output is how a shared site folder carries files nobody wrote."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult


def test_new_writes_a_gitignore_for_the_output_and_the_cache(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "site"
    made = cli("new", str(site))
    assert made.code == 0
    assert f"wrote {site / '.gitignore'}" in made.out
    ignored = [line for line in (site / ".gitignore").read_text("utf-8").splitlines() if not line.startswith("#")]
    assert ignored == ["build/", ".site-builder-cache/"]
    assert cli("build", "--site", str(site)).code == 0
    assert sorted(p.name for p in site.iterdir()) == [
        ".gitignore",
        ".site-builder-cache",
        "build",
        "content",
        "site.yaml",
        "templates",
        "theme",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_sees_only_the_inputs(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("new", str(site)).code == 0
    assert cli("build", "--site", str(site)).code == 0
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    status = subprocess.run(
        ["git", "-C", str(site), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert sorted(line[3:] for line in status.splitlines()) == [
        ".gitignore",
        "content/ga/57/57-173.md",
        "site.yaml",
    ]
