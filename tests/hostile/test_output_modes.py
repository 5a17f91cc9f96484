"""``build/`` is readable as the user's umask says (a web server running as another
user must read it): folders 0777 and files 0666 less the umask, after a full build and
after an incremental one (the output folder itself was once 0700, from mkdtemp)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CliResult, resolution, write_site


@pytest.fixture(params=[0o022, 0o027, 0o002])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    mask: int = request.param
    old = os.umask(mask)
    try:
        yield mask
    finally:
        os.umask(old)


def modes(folder: Path) -> set[tuple[str, int]]:
    """(kind, permission bits) of the output folder and everything in it."""
    found = {("dir", stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found.add(("dir" if path.is_dir() else "file", stat.S_IMODE(path.stat().st_mode)))
    return found


def test_output_modes_follow_the_umask(tmp_path: Path, cli: Callable[..., CliResult], umask: int) -> None:
    site = write_site(tmp_path / "site", {"content/a.md": resolution()})
    expected = {("dir", 0o777 & ~umask), ("file", 0o666 & ~umask)}
    assert cli("build", "-q", "--site", str(site)).code == 0
    assert modes(site / "build") == expected
    write_site(site, {"content/b.md": resolution(symbol="57/174", title="Another")})
    assert cli("build", "-q", "--site", str(site)).code == 0  # in place: a new tree swapped in
    assert modes(site / "build") == expected
