"""Hostile YAML in front matter and site.yaml: alias bombs, keys given twice, huge values.

The bombs run in a child process with a memory ceiling, so that a regression fails
the test (exit status, message) instead of taking the machine's memory.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, CliResult, resolution, write_site
from tests.hostile.treecheck import output, outside_output

GOOD = resolution()


def bomb(indent: str = "") -> str:
    """Nine levels of nine aliases ("billion laughs"), as YAML lines under a key each."""
    lines = [f"{indent}x0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    for n in range(1, 9):
        lines.append(f"{indent}x{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _limit_memory() -> None:
    ceiling = 1 << 30  # 1 GB: the bomb expanded needs many times that
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def run_build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--site", str(site)],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )


def built_site(tmp_path: Path, cli: Callable[..., CliResult]) -> Path:
    site = write_site(tmp_path / "site", {"content/a.md": GOOD})
    assert cli("build", "--site", str(site)).code == 0
    return site


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_alias_bomb_in_front_matter_is_refused_with_its_line(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = built_site(tmp_path, cli)
    before_out = output(site)
    text = GOOD.replace("meeting: 77\n", "meeting: 77\n" + bomb() + "topics: *a8\n")
    (site / "content/a.md").write_text(text, encoding="utf-8")
    before = outside_output(tmp_path, site)
    result = run_build(site)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"content/a.md:{line_of(text, 'x0:')}: YAML anchor &a0 is not allowed" in result.stderr
    assert "lol" not in result.stderr  # no value is printed, expanded or not
    assert len(result.stderr) < 2000
    assert output(site) == before_out
    assert outside_output(tmp_path, site) == before


def test_alias_bomb_in_site_yaml_is_refused_with_its_line(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = built_site(tmp_path, cli)
    before_out = output(site)
    text = "title: T\n" + bomb() + "description: *a8\n"
    (site / "site.yaml").write_text(text, encoding="utf-8")
    before = outside_output(tmp_path, site)
    result = run_build(site)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "site.yaml:2: YAML anchor &a0 is not allowed" in result.stderr
    assert "lol" not in result.stderr
    assert output(site) == before_out
    assert outside_output(tmp_path, site) == before


def test_an_alias_alone_is_refused_too(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = built_site(tmp_path, cli)
    (site / "content/a.md").write_text(GOOD.replace("title: A test", "title: *undefined A test"), encoding="utf-8")
    result = cli("build", "--site", str(site))
    assert result.code == 1
    assert "content/a.md:4: YAML alias *undefined is not allowed" in result.err


def test_duplicate_front_matter_key_is_an_error_at_the_second(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = built_site(tmp_path, cli)
    before_out = output(site)
    text = GOOD.replace("meeting: 77\n", "meeting: 77\ntitle: A second title\n")
    (site / "content/a.md").write_text(text, encoding="utf-8")
    before = outside_output(tmp_path, site)
    for strict in ((), ("--strict",)):
        result = cli("build", "--site", str(site), *strict)
        assert result.code == 1
        assert (
            f"content/a.md:{line_of(text, 'A second title')}: duplicate key 'title' "
            f"(first on line {line_of(text, 'A test resolution')}): give each key once" in result.err
        )
    assert output(site) == before_out
    assert outside_output(tmp_path, site) == before


def test_duplicate_site_yaml_keys_are_errors_at_the_second(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = built_site(tmp_path, cli)
    before_out = output(site)
    (site / "site.yaml").write_text(
        "title: One\nbodies:\n  ga:\n    name: General Assembly\n    name: Assembly\ntitle: Two\n", encoding="utf-8"
    )
    result = cli("build", "--site", str(site))
    assert result.code == 1
    assert "site.yaml:5: duplicate key 'bodies.ga.name' (first on line 4): give each key once" in result.err
    assert "site.yaml:6: duplicate key 'title' (first on line 1): give each key once" in result.err
    assert output(site) == before_out


def test_a_huge_value_is_never_printed_whole(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = built_site(tmp_path, cli)
    huge = "[" + ", ".join(["word"] * 20_000) + "]"
    (site / "content/a.md").write_text(GOOD.replace("title: A test resolution", f"title: {huge}"), encoding="utf-8")
    (site / "site.yaml").write_text(f"title: T\nlanguage: {huge}\n", encoding="utf-8")
    result = cli("build", "--site", str(site))
    assert result.code == 1
    assert "site.yaml:2: language: expected a string, got ['word', 'word'," in result.err
    assert len(result.err) < 3000
