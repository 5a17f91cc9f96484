"""The bundled site's output against the golden tree (``tests/golden/``).

A change in any output file fails here with a readable diff of the first files that
differ; when the change is intended, ``python -m tests.regen`` stores the new output
and the commit shows it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.regen import FILES, TREE, build_bundled_site, compared, output_files

#: how many differing files are shown, and how many diff lines each
SHOWN_FILES = 3
SHOWN_LINES = 60


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "build"
    build_bundled_site(out)
    return out


def _diff(rel: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"{rel}: binary files differ ({len(expected)} bytes stored, {len(actual)} built)"
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"golden/{rel}", f"built/{rel}", n=2
        )
    )
    shown = "".join(lines[:SHOWN_LINES])
    if len(lines) > SHOWN_LINES:
        shown += f"... ({len(lines) - SHOWN_LINES} more diff lines)\n"
    return shown


def test_the_same_files_are_written(built: Path) -> None:
    expected = FILES.read_text(encoding="utf-8").splitlines()
    actual = output_files(built)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    assert not missing and not extra, (
        f"missing from the output: {missing}\nnew in the output: {extra}\n"
        "if intended, run `python -m tests.regen` and commit tests/golden/"
    )


def test_every_file_is_byte_identical(built: Path) -> None:
    differing: list[str] = []
    for rel in output_files(built):
        stored = TREE / rel
        if not compared(rel) or not stored.is_file():
            continue  # a new file: reported by the file-list test
        expected, actual = stored.read_bytes(), (built / rel).read_bytes()
        if expected != actual:
            differing.append(_diff(rel, expected, actual))
    shown = "\n".join(differing[:SHOWN_FILES])
    more = f"\n... and {len(differing) - SHOWN_FILES} more files" if len(differing) > SHOWN_FILES else ""
    if differing:
        pytest.fail(
            f"{len(differing)} output files differ from tests/golden/site/ "
            f"(if intended, run `python -m tests.regen` and commit the result):\n{shown}{more}",
            pytrace=False,
        )


def test_the_golden_tree_holds_only_listed_files() -> None:
    listed = {rel for rel in FILES.read_text(encoding="utf-8").splitlines() if compared(rel)}
    stored = set(output_files(TREE))
    assert stored == listed, f"stale files in tests/golden/site/: {sorted(stored - listed)}"
