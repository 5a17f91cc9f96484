"""The spare tree: the output before the last build, kept (in the cache folder) so that
the next build brings it up to date in place and swaps it in, instead of hard-linking
every file into a new tree and deleting the old one: a commit costs what changed.

After an exchange the folder that held the staging tree holds the old output. It is
kept as the spare with a *record* (in the build cache): a token, and the files in which
it may differ from the output now live (those the build wrote, changed or deleted).
The spare tree holds a token file with the same token while it is exactly that: the
old output (the next build removes any file put there by hand, ``StrayCheck``). Before
a build changes the spare it deletes the token file, so a tree interrupted while being
brought up to date (even by ``kill -9``) is never trusted again: the next build deletes
it and makes its tree the slow way. The spare is never
the live output, so ``build/`` stays the whole old or the whole new site throughout.

A file is never written through: each changed file of the spare is unlinked and then
made anew (moved from staging, or hard-linked from the live output), because the
spare's unchanged files share their bytes on disk with the live output's.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from site_builder.model import PageEntry
from site_builder.output.swap import fault_point, remove_tree

#: the token file in a spare tree that is whole
TOKEN = ".site-builder-spare"


#: what the cache knows of the spare tree: its token, and the files (output-relative) in
#: which it may differ from the live output's manifest
SpareRecord = tuple[str, frozenset[str]]


def changed(old: Mapping[str, PageEntry], new: Mapping[str, PageEntry], written: Iterable[str]) -> set[str]:
    """The files in which a tree described by ``old`` differs from one described by ``new``."""
    found = set(written)
    found.update(rel for rel, entry in new.items() if old.get(rel) != entry)
    found.update(old.keys() - new.keys())
    return found


def is_whole(spare: Path, record: SpareRecord | None, out: Path) -> bool:
    """True when ``spare`` is the tree ``record`` describes, on the output's file system."""
    if record is None:
        return False
    try:
        token = (spare / TOKEN).read_text(encoding="ascii")
        return token == record[0] and os.stat(spare).st_dev == os.stat(out).st_dev
    except (OSError, UnicodeDecodeError):
        return False


def bring_up_to_date(
    spare: Path,
    out: Path,
    staging: Path,
    todo: Iterable[str],
    manifest: Mapping[str, PageEntry],
    written: set[str],
) -> None:
    """Make ``spare`` the tree ``manifest`` describes by changing the files in ``todo``:
    those written (under ``staging``) are moved in, the others the build kept are
    hard-linked from the live output ``out``, the rest deleted."""
    os.unlink(spare / TOKEN)  # from now on the spare is not trusted until it is whole
    fault_point("spare-dirty")
    base, live, new = str(spare) + os.sep, str(out) + os.sep, str(staging) + os.sep
    keep = sorted(rel for rel in todo if rel in manifest)
    for rel in sorted(rel for rel in todo if rel not in manifest):
        _remove(base + rel)
        _prune(spare, os.path.dirname(rel))
    for rel in keep:
        _remove(base + rel)
        if rel in written:
            _place(base + rel, new + rel, os.rename)
        else:
            _place(base + rel, live + rel, _link)
    fault_point("spare-updated")


def adopt(old: Path, spare: Path) -> str | None:
    """Keep ``old`` (the output before this build) as the spare tree; its token, or None
    when it cannot be kept. Files put into it by hand while it was live are removed by
    the next build (``StrayCheck``)."""
    if old != spare:
        if os.path.lexists(spare):
            remove_tree(spare)
        try:
            os.rename(old, spare)
        except OSError:
            remove_tree(old)
            return None
    token = secrets.token_hex(8)
    try:
        (spare / TOKEN).write_text(token, encoding="ascii")
    except OSError:
        return None
    return token


def check(
    spare: Path | None, record: SpareRecord | None, out: Path, live: Mapping[str, PageEntry], marker: str
) -> StrayCheck | None:
    """The check of the spare tree, started; None when there is no spare tree to use."""
    if spare is None or not is_whole(spare, record, out):
        return None
    assert record is not None
    return StrayCheck(spare, record, live, marker)


class StrayCheck:
    """Removes from the spare tree, in a thread while the build renders, every file that
    neither the live output's manifest nor the spare's record names: a file put into
    ``build/`` by hand while the spare was live (walking every folder costs some 0.1 s at
    10,000 resolutions). The build waits for it before it changes the spare."""

    def __init__(self, spare: Path, record: SpareRecord, live: Mapping[str, PageEntry], marker: str) -> None:
        self._ok = False
        self._thread = threading.Thread(target=self._run, args=(spare, record, live, marker), name="spare-check")
        self._thread.start()

    def _run(self, spare: Path, record: SpareRecord, live: Mapping[str, PageEntry], marker: str) -> None:
        known = _Known(live, record[1], {marker, TOKEN})
        with contextlib.suppress(OSError):
            _remove_strays(spare, "", known)
            self._ok = True

    def wait(self) -> bool:
        """Wait for the check; False when it could not walk the whole tree."""
        self._thread.join()
        return self._ok


class _Known:
    """The files a spare tree may hold: those of the live manifest, those in which it may
    differ from it (put right when it is brought up to date), and our own marker files."""

    def __init__(self, live: Mapping[str, PageEntry], differs: frozenset[str], own: set[str]) -> None:
        self._live, self._differs, self._own = live, differs, own

    def __contains__(self, rel: str) -> bool:
        return rel in self._live or rel in self._differs or rel in self._own


def _remove_strays(root: Path, rel: str, known: _Known) -> bool:
    """Delete every file under ``root/rel`` that is not ``known`` (put there by hand);
    True when the folder is left empty (and then removed)."""
    empty = True
    with os.scandir(root / rel if rel else root) as entries:
        for e in entries:
            name = f"{rel}/{e.name}" if rel else e.name
            if e.is_dir(follow_symlinks=False):
                if not _remove_strays(root, name, known):
                    empty = False
            elif name in known:
                empty = False
            else:
                _remove(e.path)
    if empty and rel:
        with contextlib.suppress(OSError):
            os.rmdir(root / rel)
            return True
    return False


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            raise


def _prune(root: Path, rel: str) -> None:
    """Remove the folders of ``rel`` that are left empty, deepest first."""
    while rel:
        try:
            os.rmdir(root / rel)
        except OSError:
            return
        rel = os.path.dirname(rel)


def _place(target: str, source: str, make: Callable[[str, str], None]) -> None:
    try:
        make(source, target)
    except FileNotFoundError:  # in a new folder
        os.makedirs(os.path.dirname(target), exist_ok=True)
        make(source, target)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except FileNotFoundError:
        raise
    except OSError:
        if not os.path.isdir(os.path.dirname(target)):
            raise FileNotFoundError(target) from None
        shutil.copy2(source, target)  # a file system without hard links
