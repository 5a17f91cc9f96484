"""Builds of one site take turns: a build that finds another running says so and waits
for it (the lock is ``build.lock`` in the site's cache folder, held by the live
preview too while it builds); two builds started together both succeed and leave
one clean output."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, CliResult, resolution, write_site


def _build(site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "build", "-q", "--site", str(site)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_second_build_waits_with_a_message(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = write_site(tmp_path / "site", {"content/a.md": resolution()})
    assert cli("build", "-q", "--site", str(site)).code == 0
    before = (site / "build" / "ga" / "57-173" / "index.html").read_bytes()
    write_site(site, {"content/a.md": resolution(title="Edited while another build runs")})
    lock = site / ".site-builder-cache" / "build.lock"
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
    os.pwrite(fd, b"4242\n", 0)
    waiting = _build(site)
    try:
        assert waiting.stderr is not None
        line = waiting.stderr.readline()  # blocks until the build says something or ends
        assert line == (
            "site-builder: another build of this site is running (process 4242); waiting for it to finish\n"
        )
        assert (site / "build" / "ga" / "57-173" / "index.html").read_bytes() == before
    finally:
        os.close(fd)  # the other build ends
    _, err = waiting.communicate()
    assert waiting.returncode == 0, err
    assert b"Edited while another build runs" in (site / "build" / "ga" / "57-173" / "index.html").read_bytes()


def test_two_builds_at_once_both_succeed(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = write_site(tmp_path / "site", {"content/a.md": resolution(), "content/b.md": resolution(symbol="57/174")})
    builds = [_build(site), _build(site)]
    errors = [b.communicate()[1] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], errors
    assert sorted(p.name for p in site.iterdir()) == [".site-builder-cache", "build", "content", "site.yaml"]
    reference = write_site(
        tmp_path / "reference", {"content/a.md": resolution(), "content/b.md": resolution(symbol="57/174")}
    )
    assert cli("build", "-q", "--site", str(reference)).code == 0
    for page in (reference / "build").rglob("*.html"):
        assert (site / "build" / page.relative_to(reference / "build")).read_bytes() == page.read_bytes()
