"""Output: the site written into a staging folder, then swapped into the output folder
by one atomic step (``writer.SiteOutput``, ``swap``); one build of a site at a time
(``lock``).

A failed build leaves the previous output exactly as it was. The output folder
carries a marker file; a folder without it that is not empty is never deleted,
so a mistyped ``--out`` cannot destroy a user's files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from site_builder.model import PageEntry
from site_builder.output import swap
from site_builder.output.lock import build_lock
from site_builder.output.spare import StrayCheck, check
from site_builder.output.writer import MARKER, SiteOutput, finish_removals

__all__ = ["MARKER", "OutputError", "SiteOutput", "build_lock", "check_output_dir", "finish_removals"]
__all__ += ["StrayCheck", "check_spare", "remove_leftovers"]


def remove_leftovers(out: Path) -> None:
    """Remove what killed builds left beside ``out`` (staging, old and scratch folders);
    only with the site's lock held, so that no live build's folder is touched."""
    swap.remove_leftovers(out.resolve(), MARKER)


def check_spare(
    spare: Path | None, out: Path, record: tuple[str, frozenset[str]] | None, live: Mapping[str, PageEntry]
) -> StrayCheck | None:
    """Start removing hand-put files from the spare tree of ``out`` (in a thread); None
    when there is no spare tree to use. Wait for it before the build ends."""
    return check(spare, record, out.resolve(), live, MARKER)


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
