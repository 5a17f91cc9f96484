"""A build killed at any point of its commit leaves ``build/`` exactly the old tree or
exactly the new one, for full and incremental builds; the next build removes what the
killed one left and ends byte for byte as a clean build.

The kill is ``kill -9`` of the build process itself, at a named point of the commit
(the variable ``SITE_BUILDER_FAULT_AT``): ``staged`` (the new tree complete beside
the output, not yet swapped in) and ``after-swap`` (swapped in, the old tree not yet
deleted); ``between-renames`` is the window of the fallback used where the system
has no atomic exchange.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult, resolution, write_site

V1 = {
    "content/a.md": resolution(),
    "content/b.md": resolution(symbol="57/174", title="A second resolution"),
    "content/c.md": resolution(symbol="57/175", title="A third resolution"),
}
# v2 edits a title (the page, the lists, the catalogue and the feed change), deletes
# one resolution and adds another
V2 = {
    "content/a.md": resolution(title="An edited resolution"),
    "content/b.md": resolution(symbol="57/174", title="A second resolution"),
    "content/d.md": resolution(symbol="57/176", title="A new resolution"),
}


#: the variable that makes the build kill itself at a named point of its commit
FAULT_ENV = "SITE_BUILDER_FAULT_AT"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (and every folder, as None-free markers)."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        files[rel + "/" if path.is_dir() else rel] = b"" if path.is_dir() else path.read_bytes()
    return files


def site_listing(site: Path) -> list[str]:
    """The site folder's own entries: no staging, old or scratch folder may remain."""
    return sorted(p.name for p in site.iterdir())


def to_v2(site: Path) -> None:
    (site / "content" / "c.md").unlink()
    write_site(site, V2)


@pytest.fixture(scope="module")
def clean_v1(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = write_site(tmp_path_factory.mktemp("v1") / "site", V1)
    assert subprocess.run(_command(site), env=_env(None), capture_output=True, check=False).returncode == 0
    return tree(site / "build")


@pytest.fixture(scope="module")
def clean_v2(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = write_site(tmp_path_factory.mktemp("v2") / "site", V2)
    assert subprocess.run(_command(site), env=_env(None), capture_output=True, check=False).returncode == 0
    return tree(site / "build")


def _command(site: Path, *, no_exchange: bool = False) -> list[str]:
    if no_exchange:  # the fallback, as on a system without renameat2
        code = (
            "import sys; import site_builder.output.swap as s; s._RENAMEAT2 = None; "
            "from site_builder.cli import main; sys.exit(main(sys.argv[1:]))"
        )
        return [sys.executable, "-c", code, "build", "-q", "--site", str(site)]
    return [sys.executable, "-m", "site_builder", "build", "-q", "--site", str(site)]


def _env(fault: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    env["PYTHONPATH"] = str(REPO)
    if fault:
        env[FAULT_ENV] = fault
    return env


@pytest.mark.parametrize("mode", ["full", "incremental"])
@pytest.mark.parametrize("point", ["staged", "after-swap"])
def test_a_build_killed_in_its_commit_leaves_old_or_new(
    tmp_path: Path,
    cli: Callable[..., CliResult],
    clean_v1: dict[str, bytes],
    clean_v2: dict[str, bytes],
    mode: str,
    point: str,
) -> None:
    site = write_site(tmp_path / "site", V1)
    assert cli("build", "-q", "--site", str(site)).code == 0
    assert tree(site / "build") == clean_v1
    to_v2(site)
    if mode == "full":  # no cache: the output is made whole, not in place
        shutil.rmtree(site / ".site-builder-cache")
    killed = subprocess.run(_command(site), env=_env(point), capture_output=True, text=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert tree(site / "build") == (clean_v1 if point == "staged" else clean_v2)

    again = cli("build", "--site", str(site))
    assert again.code == 0, again.err
    assert tree(site / "build") == clean_v2
    assert site_listing(site) == [".site-builder-cache", "build", "content", "site.yaml"]
    assert not list(tmp_path.glob(".*")), "nothing is written beside the site folder"


def test_without_an_atomic_exchange_the_next_build_puts_the_old_tree_back(
    tmp_path: Path, cli: Callable[..., CliResult], clean_v1: dict[str, bytes], clean_v2: dict[str, bytes]
) -> None:
    site = write_site(tmp_path / "site", V1)
    assert cli("build", "-q", "--site", str(site)).code == 0
    to_v2(site)
    killed = subprocess.run(
        _command(site, no_exchange=True), env=_env("between-renames"), capture_output=True, text=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (site / "build").exists()  # the fallback's window, which renameat2 closes
    (old,) = site.glob(".build.old-*")
    assert tree(old) == clean_v1
    again = subprocess.run(_command(site, no_exchange=True), env=_env(None), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert tree(site / "build") == clean_v2
    assert site_listing(site) == [".site-builder-cache", "build", "content", "site.yaml"]


def test_an_incremental_build_is_swapped_in_whole(
    tmp_path: Path, cli: Callable[..., CliResult], clean_v2: dict[str, bytes]
) -> None:
    """The output folder is a new tree after an in-place build (not files replaced one
    by one in the old folder), and the files it kept share their bytes on disk."""
    site = write_site(tmp_path / "site", V1)
    assert cli("build", "-q", "--site", str(site)).code == 0
    before = (site / "build").stat().st_ino
    kept = (site / "build" / "theme").rglob("*.css").__next__()
    kept_inode = kept.stat().st_ino
    to_v2(site)
    assert cli("build", "-q", "--site", str(site)).code == 0
    assert (site / "build").stat().st_ino != before
    assert kept.stat().st_ino == kept_inode  # hard-linked, not copied
    assert tree(site / "build") == clean_v2
