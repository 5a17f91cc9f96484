"""Which inputs changed, one batch per burst of saves, from the file system's own
notifications (``watchfiles``: inotify on Linux, FSEvents on macOS, kqueue on the
BSDs, ReadDirectoryChangesW on Windows; polling only when asked, for network
mounts).

The folders watched are those ``sources.walk`` finds, each watched on its own
(not recursively): the watcher follows symbolic links exactly as the build does,
so a link out of the site is not watched and a link back into the tree cannot
loop. The site folder itself is watched too, for ``site.yaml`` (an editor that
saves by renaming a new file into place replaces it) and for a watched folder
made or removed. When a batch shows a folder made or gone, the folders are
listed again (no snapshot of files is ever taken).

A burst of saves (an editor writing several files, a ``git checkout``) is
collected until the inputs have been quiet for ``quiet`` seconds, so that it
gives one rebuild. Nothing here knows about browsers: the watcher runs from its
creation, whether or not a page is open; changes made while a build runs are
kept for the next batch.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles._rust_notify import RustNotify

from site_builder import sources

#: the inputs of a site, relative to its root; the output is never among them
WATCHED = ("content", "templates", "theme", "site.yaml")


def ignored(name: str) -> bool:
    """Editors' scratch files, which never change a build."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part"))
        or name == "4913"  # vim's probe file
    )


def folders(root: Path, watched: Iterable[str] = WATCHED) -> list[str]:
    """The site folder and every folder of its inputs, as the build reads them."""
    found = [str(root)]
    for name in watched:
        found += sources.walk(root, name, skip=ignored).folders
    return found


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
    """Watches the inputs of the site in ``root``.

    ``quiet``: how long the inputs must stay unchanged before a burst is over;
    ``max_wait``: a burst that goes on longer than this is handed over anyway (the
    next one follows); ``interval``: how often a stop is noticed while idle, and the
    poll interval when ``force_polling`` (for file systems without notifications).
    """

    def __init__(
        self,
        root: Path,
        *,
        interval: float = 0.05,
        quiet: float = 0.03,
        max_wait: float = 2.0,
        watched: Iterable[str] = WATCHED,
        force_polling: bool = False,
    ) -> None:
        self.root = root
        self.interval = interval
        self.quiet = quiet
        self.max_wait = max_wait
        self.watched = tuple(watched)
        #: polling, for file systems that send no notifications (some network mounts);
        #: also asked for by setting WATCHFILES_FORCE_POLLING, as watchfiles itself reads it
        self.force_polling = force_polling or bool(os.environ.get("WATCHFILES_FORCE_POLLING"))
        self._lock = threading.Lock()
        self._folders: list[str] = []
        self._notify: RustNotify | None = None
        #: changes taken from a notifier that was replaced, for the next batch
        self._carried: set[str] = set()
        self._refresh()

    def _refresh(self) -> None:
        """Watch the folders there are now; what the old notifier holds is kept."""
        now = folders(self.root, self.watched)
        if now == self._folders and self._notify is not None:
            return
        notify = RustNotify(now, False, self.force_polling, max(1, int(self.interval * 1000)), False, True)
        with self._lock:
            old, self._notify, self._folders = self._notify, notify, now
        if old is not None:
            pending = old.watch(1, 1, 1, None)
            old.close()
            if isinstance(pending, set) and (paths := self._relative(pending)):
                self._carried = paths

    def close(self) -> None:
        with self._lock:
            notify, self._notify = self._notify, None
        if notify is not None:
            notify.close()

    def _relative(self, changes: set[tuple[int, str]]) -> set[str]:
        """Site-relative POSIX paths of the inputs among ``changes``."""
        paths: set[str] = set()
        root = str(self.root)
        for _, path in changes:
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            parts = rel.split("/")
            if parts[0] not in self.watched or any(ignored(p) for p in parts) or rel.startswith(".."):
                continue
            paths.add(rel)
        return paths

    def _take(self, stop: threading.Event, timeout: float) -> set[tuple[int, str]] | None:
        """Changes (waiting at most ``timeout`` s for the first, then for quiet); None once stopped."""
        notify = self._notify
        if notify is None or stop.is_set():
            return None
        ms = max(1, int(timeout * 1000))
        try:
            got = notify.watch(int(self.max_wait * 1000), max(1, int(self.quiet * 1000)), ms, stop)
        except RuntimeError:  # closed under us: shutting down, or replaced by _refresh
            return None if stop.is_set() or self._notify is None else set()
        if got == "stop":
            return None
        return got if isinstance(got, set) else set()

    def reset(self) -> None:
        """Take the current files as seen (before the first build)."""
        self._refresh()
        self._carried = set()
        if self._notify is not None:
            self._notify.watch(1, 1, 1, None)

    def poll(self) -> set[str]:
        """The paths changed since the previous call (what has been noticed so far)."""
        got = self._take(threading.Event(), 0.001) or set()
        return self._settle(got)

    def _settle(self, changes: set[tuple[int, str]]) -> set[str]:
        paths = self._relative(changes) | self._carried
        self._carried = set()
        if self._folders_changed(changes):
            self._refresh()
        return paths

    def _folders_changed(self, changes: set[tuple[int, str]]) -> bool:
        """A folder (or a link to one) was made, or a watched folder went."""
        watched = set(self._folders)
        for kind, path in changes:
            if kind == 1 and os.path.isdir(path) and not ignored(os.path.basename(path)):
                return True
            if kind == 3 and path in watched:
                return True
        return False

    def wait(self, stop: threading.Event) -> Batch | None:
        """Block until a burst of changes is over; None once ``stop`` is set."""
        changed: set[str] = set(self._carried)
        self._carried = set()
        first = time.monotonic()
        while not changed:
            got = self._take(stop, 3600.0)
            if got is None:
                return None
            first = time.monotonic()
            changed = self._settle(got)
        # a folder made during the burst is watched from now on: what came into it meanwhile
        while self._carried and time.monotonic() - first < self.max_wait:
            changed |= self._carried
            self._carried = set()
            more = self._take(stop, self.quiet)
            if more is None:
                return None
            changed |= self._settle(more)
        return Batch(frozenset(changed), time.monotonic() - first)

    def batches(self, stop: threading.Event) -> Iterator[Batch]:
        while (batch := self.wait(stop)) is not None:
            yield batch


class Pending:
    """The batch waiting to be built (the batches seen since the last was taken, as
    one): filled by the thread that watches, taken by the one that builds, which
    gives up a build in progress when ``waiting`` (a newer save came in)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._batch: Batch | None = None
        self._ready = threading.Event()

    def put(self, batch: Batch) -> None:
        with self._lock:
            if self._batch is not None:
                batch = Batch(self._batch.paths | batch.paths, self._batch.waited)
            self._batch = batch
            self._ready.set()

    def waiting(self) -> bool:
        return self._ready.is_set()

    def take(self, stop: threading.Event, interval: float = 0.1) -> Batch | None:
        """The batch, once there is one; None once ``stop`` is set."""
        while not stop.is_set():
            if self._ready.wait(interval):
                with self._lock:
                    batch, self._batch = self._batch, None
                    self._ready.clear()
                if batch is not None:
                    return batch
        return None
