"""Our own polling watcher: which inputs changed, one batch per burst of saves.

Polling (as MkDocs settled on, mkdocs/mkdocs#2477) works the same on every file
system, in containers and on network mounts. A burst of saves (an editor writing
several files, a ``git checkout``) is collected until the inputs have been quiet
for a moment, so that it gives one rebuild, not one per file. Nothing here knows
about browsers: the watcher runs whether or not a page is open.

On Linux, inotify (through ctypes, no dependency) wakes the watcher as soon as
something under a watched folder changes, instead of at the end of the poll
interval; the snapshots still decide what changed, and polling goes on as before
where inotify is missing or misses something.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import sys
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


#: IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
#: | IN_DELETE_SELF | IN_MOVE_SELF
_IN_MASK = 0x002 | 0x004 | 0x008 | 0x040 | 0x080 | 0x100 | 0x200 | 0x400 | 0x800
_IN_NONBLOCK_CLOEXEC = 0o4000 | 0o2000000


class _Inotify:
    """Linux inotify through ctypes, only as an early wake-up for the poll: any event
    under a watched folder makes the watcher poll now rather than at the end of its
    interval. What changed is still decided by comparing snapshots, so a missed or
    spurious event costs time, never correctness."""

    def __init__(self) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._add.restype = ctypes.c_int
        fd = libc.inotify_init1(_IN_NONBLOCK_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.fd: int = fd
        self._dirs: set[str] = set()

    def watch(self, folders: Iterable[str]) -> None:
        """Add a watch on each folder not watched yet (one that is gone is skipped)."""
        for folder in folders:
            if folder not in self._dirs and self._add(self.fd, os.fsencode(folder), _IN_MASK) >= 0:
                self._dirs.add(folder)

    def forget(self) -> None:
        """Folders removed or renamed lose their watch: watch them again when seen."""
        self._dirs.clear()

    def wait(self, timeout: float) -> bool:
        """True when an event came within ``timeout`` seconds (the events are drained)."""
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
        except (OSError, ValueError):
            return False
        if not ready:
            return False
        with contextlib.suppress(OSError):
            while os.read(self.fd, 65536):
                pass
        return True

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _folders(root: Path, watched: Iterable[str], files: Iterable[str]) -> set[str]:
    """The folders to watch: the site root (for site.yaml), each watched folder and
    every folder that holds a watched file."""
    folders = {str(root)}
    folders.update(str(root / name) for name in watched if (root / name).is_dir())
    for rel in files:
        head = rel.rpartition("/")[0]
        while head and (folder := str(root / head)) not in folders:
            folders.add(folder)
            head = head.rpartition("/")[0]
    return folders


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
        notify: bool = True,
    ) -> None:
        self.root = root
        self.interval = interval
        self.quiet = quiet
        self.max_wait = max_wait
        self.watched = tuple(watched)
        #: inotify wakes the poll up early on Linux; elsewhere (or when it fails) only polling
        self._inotify: _Inotify | None = None
        if notify and sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                self._inotify = _Inotify()
        self._state = snapshot(root, self.watched)
        self._rewatch()

    def _rewatch(self) -> None:
        if self._inotify is not None:
            self._inotify.watch(_folders(self.root, self.watched, self._state))

    def close(self) -> None:
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None

    def _sleep(self, stop: threading.Event) -> bool:
        """Until the next poll is due (an interval, or an inotify event); True once ``stop`` is set."""
        if self._inotify is None:
            return stop.wait(self.interval)
        self._inotify.wait(self.interval)
        return stop.is_set()

    def reset(self) -> None:
        """Take the current files as seen (before the first build)."""
        self._state = snapshot(self.root, self.watched)
        self._rewatch()

    def poll(self) -> set[str]:
        """The paths changed since the previous poll."""
        new = snapshot(self.root, self.watched)
        changed = differences(self._state, new)
        self._state = new
        if changed and self._inotify is not None:
            if any(p not in new for p in changed):
                self._inotify.forget()  # a folder may have gone or moved with them
            self._rewatch()
        return changed

    def wait(self, stop: threading.Event) -> Batch | None:
        """Block until a burst of changes is over; None once ``stop`` is set."""
        changed: set[str] = set()
        while not changed:
            if self._sleep(stop):
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
