"""A template that fails in any way is the site's error, reported as ``path:line:
message`` with exit 1 and the previous ``build/`` kept, never an internal error:
an expression that raises while rendering, a template that includes itself (or two
that include each other), a template that is not UTF-8, an undefined variable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult, resolution, write_site

HEAD = '{% extends "base.html" %}\n{% block main %}\n'
TAIL = "{% endblock %}\n"

CASES: list[tuple[dict[str, str | bytes], str]] = [
    (
        {"templates/home.html": HEAD + "{{ 1 // 0 }}\n" + TAIL},
        "templates/home.html:3: template error: ZeroDivisionError: integer division or modulo by zero",
    ),
    (
        {"templates/home.html": HEAD + "<p>{{ '%d' % 'x' }}</p>\n" + TAIL},
        "templates/home.html:3: template error: TypeError: %d format: a real number is required, not str",
    ),
    (
        {"templates/home.html": HEAD + '{% include "home.html" %}\n' + TAIL},
        "templates/home.html:3: template error: templates include or extend each other without end "
        "(home.html:1 -> base.html:BASE -> home.html:3 -> home.html:1)",
    ),
    (
        {
            "templates/home.html": HEAD + '{% include "_one.html" %}\n' + TAIL,
            "templates/_one.html": '<p>\n{% include "_two.html" %}\n',
            "templates/_two.html": '{% include "_one.html" %}\n',
        },
        "templates/_two.html:1: template error: templates include or extend each other without end "
        "(_one.html:2 -> _two.html:1 -> _one.html:2)",
    ),
    (
        {"templates/home.html": HEAD.encode() + b"<p>caf\xe9</p>\n" + TAIL.encode()},
        "templates/home.html:3: template error: not UTF-8 text (byte 0xe9): save the template as UTF-8",
    ),
    (
        {
            "templates/home.html": HEAD + '{% include "_part.html" %}\n' + TAIL,
            "templates/_part.html": b"<p>\n\n\xff</p>\n",
        },
        "templates/_part.html:3: template error: not UTF-8 text (byte 0xff): save the template as UTF-8",
    ),
    (
        {
            "templates/home.html": HEAD + '{% include "_part.html" %}\n' + TAIL,
            "templates/_part.html": "<p>\n{{ nope }}\n",
        },
        "templates/_part.html:2: template error: 'nope' is undefined",
    ),
]


def _main_block_line() -> int:
    """The line of the shipped base.html that renders the page's main block."""
    text = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if "block main" in line)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("files", "expected"), CASES, ids=lambda v: "" if isinstance(v, str) else ",".join(v))
def test_a_failing_template_is_reported_at_its_line(
    tmp_path: Path, cli: Callable[..., CliResult], files: dict[str, str | bytes], expected: str
) -> None:
    site = write_site(tmp_path / "site", {"content/a.md": resolution()})
    assert cli("build", "-q", "--site", str(site)).code == 0
    before = tree(site / "build")
    write_site(site, files)

    result = cli("build", "--site", str(site))
    assert result.code == 1, result.out + result.err
    lines = result.err.splitlines()
    assert lines[0] == expected.replace("BASE", str(_main_block_line()))
    assert lines[1:] == [f"Build failed: 1 error; {site / 'build'} was left as it was."]
    assert "internal error" not in result.err
    assert tree(site / "build") == before
    assert sorted(p.name for p in site.iterdir()) == [
        ".site-builder-cache",
        "build",
        "content",
        "site.yaml",
        "templates",
    ]
    assert not list(tmp_path.glob(".*"))
