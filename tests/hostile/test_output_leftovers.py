"""What killed or concurrent builds leave beside the output (``.build.staging-*``,
``.build.old-*``, ``.build.pagefind-*``, and ``.pagefind-*`` of earlier versions) is
removed by the next build; a Pagefind child process dies with the build that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult, resolution, write_site

LEFTOVERS = [".build.staging-1a2b3c", ".build.old-4d5e6f", ".build.pagefind-7a8b9c", ".pagefind-k2j3"]
#: beside the output but not a build's: left alone
NOT_OURS = [".buildnotes", ".other.staging-1a2b3c", "notes"]


def test_the_next_build_removes_leftovers(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = write_site(tmp_path / "site", {"content/a.md": resolution()})
    assert cli("build", "-q", "--site", str(site)).code == 0
    page = (site / "build" / "ga" / "57-173" / "index.html").read_bytes()
    for name in LEFTOVERS + NOT_OURS:
        (site / name / "site" / "ga").mkdir(parents=True)
        (site / name / "site" / "ga" / "index.html").write_text("stale")
    (site / ".build.old-4d5e6f" / "site" / ".site-builder-output").write_text("")
    (site / ".build.staging-dead").symlink_to(tmp_path / "elsewhere")  # never followed
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep").write_text("keep")

    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    assert sorted(p.name for p in site.iterdir()) == sorted(
        [".site-builder-cache", "build", "content", "site.yaml", *NOT_OURS]
    )
    assert (tmp_path / "elsewhere" / "keep").read_text() == "keep"
    assert (site / "build" / "ga" / "57-173" / "index.html").read_bytes() == page


def _state(pid: int) -> str | None:
    """The process's state letter, None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_pagefind_child_dies_with_the_build(tmp_path: Path) -> None:
    """A stand-in for Pagefind records its pid and sleeps; the build running it is
    killed with SIGKILL (no handler of ours runs); the child must die too."""
    pidfile = tmp_path / "child.pid"
    fake = tmp_path / "pagefind"
    fake.write_text(f'#!/bin/sh\necho $$ > "{pidfile}"\nexec sleep 300\n')
    fake.chmod(0o755)
    (tmp_path / "html").mkdir()
    code = (
        "import sys; from pathlib import Path; from site_builder.exports import pagefind; "
        "from site_builder.diagnostics import Reporter; "
        "pagefind.pagefind_executable = lambda: Path(sys.argv[1]); "
        "pagefind.pagefind_bundle({}, Path(sys.argv[3]), Reporter())"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    build = subprocess.Popen([sys.executable, "-c", code, str(fake), str(tmp_path / "html"), str(tmp_path)], env=env)
    child = 0
    try:
        for _ in range(600):  # the child starts (at most a minute on a loaded machine)
            if pidfile.is_file() and pidfile.read_text().strip():
                child = int(pidfile.read_text())
                break
            time.sleep(0.1)
        assert child, "the stand-in Pagefind did not start"
        assert _state(child) not in (None, "Z")
        build.send_signal(signal.SIGKILL)
        build.wait()
        for _ in range(600):
            if _state(child) in (None, "Z"):
                break
            time.sleep(0.1)
        assert _state(child) in (None, "Z"), "Pagefind outlived the build that started it"
    finally:
        build.kill()
        build.wait()
        if child and _state(child) not in (None, "Z"):
            os.kill(child, signal.SIGKILL)
