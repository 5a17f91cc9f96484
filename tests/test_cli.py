"""The command line as a user meets it: new, build, check; the wheel's contents."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult, parse_html


def test_new_then_build(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "x"
    made = cli("new", str(site))
    assert made.code == 0, made.err
    built = cli("build", "--site", str(site))
    assert built.code == 0, built.err
    assert "Built 1 resolution (" in built.out
    page = parse_html(site / "build" / "ga" / "57-173" / "index.html")
    assert "para_2__list_1__point_b" in page.ids
    assert "fn_1" in page.ids
    # the example cites outside documents, which link to the official text
    assert ("https://undocs.org/S/RES/1373(2001)") in [h for h, _ in page.links]


def test_new_refuses_a_folder_with_files(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("new", str(tmp_path))
    assert result.code == 1
    assert "exists and is not empty" in result.err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_check_writes_nothing(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "x"
    cli("new", str(site))
    result = cli("check", "--site", str(site))
    assert result.code == 0, result.err
    assert "Checked 1 resolutions" in result.out
    assert not (site / "build").exists()


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--site", str(REPO), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "ecosoc" / "2003-22" / "index.html").is_file()


def test_a_site_overrides_one_template(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "x"
    cli("new", str(site))
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Gone fishing</h1>{% endblock %}\n', encoding="utf-8"
    )
    assert cli("build", "--site", str(site)).code == 0
    assert "Gone fishing" in (site / "build" / "404.html").read_text(encoding="utf-8")
    # the other templates still come from the package
    assert "Resolutions by date" in (site / "build" / "dates" / "index.html").read_text(encoding="utf-8")


def test_the_wheel_ships_the_default_templates_and_theme(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building a wheel needs hatchling (in the test extra)")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("site_builder-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").glob("*.html"):
        assert f"site_builder/defaults/templates/{template.name}" in names
    assert "site_builder/defaults/theme/style.css" in names
