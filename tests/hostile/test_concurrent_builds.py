"""Builds of one site take turns: a build that finds another running says so and waits
for it (the lock is ``build.lock`` in the site's cache folder, held by the live
preview too while it builds); two builds started together both succeed and leave
one clean output."""

from __future__ import annotations

import fcntl
import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.server import PreviewServer
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


def test_the_live_preview_takes_its_turn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rebuild of the live preview waits for a build of the same site (and holds the
    lock while it builds, so a command-line build waits for it in turn)."""
    site = write_site(tmp_path / "site", {"content/a.md": resolution()})
    (site / ".site-builder-cache").mkdir()
    fd = os.open(site / ".site-builder-cache" / "build.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    server = PreviewServer(site, port=0, out=io.StringIO(), err=io.StringIO())
    rebuild = threading.Thread(target=server.build)
    try:
        rebuild.start()
        said = ""
        for _ in range(600):  # until it says that it waits (at most a minute on a loaded machine)
            said += capsys.readouterr().err
            if said or not rebuild.is_alive():
                break
            time.sleep(0.1)
        assert "another build of this site is running" in said
        assert rebuild.is_alive() and not server.builds
    finally:
        os.close(fd)
        rebuild.join()
        server.close()
    assert [b.ok for b in server.builds] == [True]
