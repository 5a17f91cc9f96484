"""Write the site into a staging folder, then swap it into place.

A failed build leaves the previous output exactly as it was. The output folder
carries a marker file; a folder without it that is not empty is never deleted,
so a mistyped ``--out`` cannot destroy a user's files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".site-builder-output"


class OutputError(Exception):
    pass


def check_output_dir(out: Path, site_root: Path) -> None:
    """Refuse an output folder that would overwrite the site's own files."""
    out = out.resolve()
    root = site_root.resolve()
    protected = [root, root / "content", root / "templates", root / "theme"]
    for p in protected:
        if out == p or p.is_relative_to(out):
            raise OutputError(f"--out {out} would overwrite the site's own {p.name or p}/; choose another folder")
        if out.is_relative_to(p) and p != root:
            raise OutputError(f"--out {out} is inside the site's {p.name}/ folder; choose another folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"{out} exists, is not empty and was not made by site-builder; "
            "it is left alone: remove it yourself or choose another --out"
        )


class StagedOutput:
    """Files are written under a temporary sibling of ``out``; ``commit`` swaps it in."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.out.parent))
        self._made_dirs: set[Path] = set()
        self.files = 0

    def write_bytes(self, rel: str, data: bytes) -> None:
        target = self.staging / rel
        parent = target.parent
        if parent not in self._made_dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(parent)
        target.write_bytes(data)
        self.files += 1

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def copy_file(self, rel: str, source: Path) -> None:
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.files += 1

    def commit(self) -> None:
        (self.staging / MARKER).write_text("This folder is written by site-builder and replaced on every build.\n")
        old: Path | None = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
        os.rename(self.staging, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
