"""Our own polling watcher: which inputs changed, one batch per burst of saves.

Polling (as MkDocs settled on, mkdocs/mkdocs#2477) works the same on every file
system, in containers and on network mounts. A burst of saves (an editor writing
several files, a ``git checkout``) is collected until the inputs have been quiet
for a moment, so that it gives one rebuild, not one per file. Nothing here knows
about browsers: the watcher runs whether or not a page is open.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: the inputs of a site, relative to its root; the output is never among them
WATCHED = ("content", "templates", "theme", "site.yaml")

#: (modification time in ns, size, inode): a save changes at least one of them
Stamp = tuple[int, int, int]


def ignored(name: str) -> bool:
    """Editors' scratch files, which never change a build."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part"))
        or name == "4913"  # vim's probe file
    )


def _scan(path: Path, base: str, into: dict[str, Stamp]) -> None:
    try:
        entries = list(os.scandir(path))
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return
    for entry in entries:
        if ignored(entry.name):
            continue
        rel = f"{base}/{entry.name}"
        try:
            if entry.is_dir():
                _scan(Path(entry.path), rel, into)
            elif entry.is_file():
                st = entry.stat()
                into[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:  # removed while we looked: the next poll sees it gone
            continue


def snapshot(root: Path, watched: Iterable[str] = WATCHED) -> dict[str, Stamp]:
    """Every watched file under ``root``, by its path relative to ``root`` (POSIX form)."""
    files: dict[str, Stamp] = {}
    for name in watched:
        path = root / name
        try:
            st = path.stat()
        except OSError:
            continue
        if path.is_dir():
            _scan(path, name, files)
        else:
            files[name] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return files


def differences(old: dict[str, Stamp], new: dict[str, Stamp]) -> set[str]:
    """The paths added, removed or changed between two snapshots."""
    changed = {p for p, stamp in new.items() if old.get(p) != stamp}
    changed.update(p for p in old if p not in new)
    return changed


@dataclass(frozen=True)
class Batch:
    """One burst of changes, to be answered with one rebuild."""

    paths: frozenset[str]
    #: seconds from the first change seen to the end of the quiet period
    waited: float

    @property
    def css_only(self) -> bool:
        """Only stylesheets of the theme changed: the page can keep its DOM."""
        return bool(self.paths) and all(p.startswith("theme/") and p.endswith(".css") for p in self.paths)

    def describe(self) -> str:
        paths = sorted(self.paths)
        if len(paths) <= 3:
            return ", ".join(paths)
        return f"{', '.join(paths[:2])} and {len(paths) - 2} more files"


class Watcher:
    """Polls the inputs of the site in ``root``.

    ``interval``: seconds between polls while nothing happens; ``quiet``: how long
    the inputs must stay unchanged before a burst is over; ``max_wait``: a burst
    that goes on longer than this is handed over anyway (the next one follows).
    """

    def __init__(
        self,
        root: Path,
        *,
        interval: float = 0.05,
        quiet: float = 0.03,
        max_wait: float = 2.0,
        watched: Iterable[str] = WATCHED,
    ) -> None:
        self.root = root
        self.interval = interval
        self.quiet = quiet
        self.max_wait = max_wait
        self.watched = tuple(watched)
        self._state = snapshot(root, self.watched)

    def reset(self) -> None:
        """Take the current files as seen (before the first build)."""
        self._state = snapshot(self.root, self.watched)

    def poll(self) -> set[str]:
        """The paths changed since the previous poll."""
        new = snapshot(self.root, self.watched)
        changed = differences(self._state, new)
        self._state = new
        return changed

    def wait(self, stop: threading.Event) -> Batch | None:
        """Block until a burst of changes is over; None once ``stop`` is set."""
        changed: set[str] = set()
        while not changed:
            if stop.wait(self.interval):
                return None
            changed = self.poll()
        first = time.monotonic()
        while time.monotonic() - first < self.max_wait:
            if stop.wait(self.quiet):
                return None
            more = self.poll()
            if not more:
                break
            changed |= more
        return Batch(frozenset(changed), time.monotonic() - first)

    def batches(self, stop: threading.Event) -> Iterator[Batch]:
        while (batch := self.wait(stop)) is not None:
            yield batch
