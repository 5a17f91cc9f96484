"""The spare tree (the output before the last build, kept in the cache folder and
brought up to date by the next build): a build killed while it changes the spare
leaves ``build/`` exactly the old tree, and the next build ends byte for byte as a
clean build; a file put into ``build/`` by hand never comes back with the spare.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, resolution, write_site
from tests.hostile.test_output_atomic import V1, V2, _command, _env, site_listing, to_v2, tree

# v3 edits another title: other pages than v2's change
V3 = {"content/b.md": resolution(symbol="57/174", title="A retitled resolution")}


def _clean(root: Path, files: dict[str, str], cli: Callable[..., CliResult]) -> dict[str, bytes]:
    site = write_site(root, files)
    assert cli("build", "-q", "--site", str(site)).code == 0
    return tree(site / "build")


@pytest.mark.parametrize("point", ["spare-dirty", "spare-updated"])
def test_a_build_killed_while_it_updates_the_spare_leaves_the_old_tree(
    tmp_path: Path, cli: Callable[..., CliResult], point: str
) -> None:
    clean_v2 = _clean(tmp_path / "v2", V2, cli)
    clean_v3 = _clean(tmp_path / "v3", {**V2, **V3}, cli)
    site = write_site(tmp_path / "site", V1)
    assert cli("build", "-q", "--site", str(site)).code == 0
    to_v2(site)
    assert cli("build", "-q", "--site", str(site)).code == 0  # the v1 tree is now the spare
    assert tree(site / "build") == clean_v2
    write_site(site, V3)
    killed = subprocess.run(_command(site), env=_env(point), capture_output=True, text=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert tree(site / "build") == clean_v2

    for _ in range(3):  # the half-updated spare is not used; then the spare is used again
        again = cli("build", "--site", str(site))
        assert again.code == 0, again.err
        assert tree(site / "build") == clean_v3
        write_site(site, {**V2, **V3})  # the same bytes: only times move
    write_site(site, V2)
    assert cli("build", "-q", "--site", str(site)).code == 0
    assert tree(site / "build") == clean_v2
    assert site_listing(site) == [".site-builder-cache", "build", "content", "site.yaml"]


def test_a_file_put_into_the_output_by_hand_does_not_come_back(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    clean_v1 = _clean(tmp_path / "v1", V1, cli)
    clean_v2 = _clean(tmp_path / "v2", V2, cli)
    site = write_site(tmp_path / "site", V1)
    assert cli("build", "-q", "--site", str(site)).code == 0
    (site / "build" / "notes.txt").write_text("mine")
    (site / "build" / "extra").mkdir(parents=True)
    (site / "build" / "extra" / "x.html").write_text("mine")
    for version in (V2, V1, V2, V1):  # each tree is live, then the spare, then live again
        if version is V2:
            to_v2(site)
        else:
            (site / "content" / "d.md").unlink()
            write_site(site, version)
        assert cli("build", "-q", "--site", str(site)).code == 0
        assert tree(site / "build") == (clean_v2 if version is V2 else clean_v1)


def test_an_edit_links_the_unchanged_files_of_the_spare(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """Builds after the second bring the spare up to date: the files no build changed
    keep their bytes on disk (one copy, shared by the output and the spare)."""
    site = write_site(tmp_path / "site", V1)
    assert cli("build", "-q", "--site", str(site)).code == 0
    css = next((site / "build" / "theme").rglob("*.css")).relative_to(site / "build")
    inode = (site / "build" / css).stat().st_ino
    for i in range(4):
        write_site(site, {"content/a.md": resolution(title=f"Edit {i}")})
        assert cli("build", "-q", "--site", str(site)).code == 0
        assert (site / "build" / css).stat().st_ino == inode
        assert f"Edit {i}" in (site / "build" / "ga" / "57-173" / "index.html").read_text()
