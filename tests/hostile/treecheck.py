"""What hostile-input tests check after every run: the exit status and the
``path:line: message`` (in the caller), nothing written outside the output folder,
and the previous build intact."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: written by a build beside its inputs: the output and the build cache
BUILD_OUTPUTS = ("build", ".site-builder-cache")


def tree(top: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every file and link under ``top`` (links not followed) with a digest of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(top.rglob("*")):
        if any(path == s or s in path.parents for s in skip):
            continue
        rel = path.relative_to(top).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + str(path.readlink())
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


def outside_output(everything: Path, site: Path) -> dict[str, str]:
    """The files under ``everything`` except the site's output and build cache."""
    return tree(everything, skip=tuple(site / name for name in BUILD_OUTPUTS))


def output(site: Path) -> dict[str, str]:
    return tree(site / "build")
