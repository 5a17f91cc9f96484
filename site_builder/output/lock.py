"""One build of a site at a time: an exclusive ``flock`` on ``build.lock`` in the site's
cache folder, held for the whole build (the live preview holds it while it builds).
A second build waits, saying which process it waits for; the lock goes with the
process that holds it, so a killed build never leaves the site locked.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = "build.lock"


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[bool]:
    """Hold the lock in ``folder``; yields False (no lock) when the folder cannot be
    written: such a build can write no cache either, and removes no leftovers. Without
    ``flock`` (Windows) builds are not locked and yield False too."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        yield False
        return
    held = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            print(
                f"site-builder: another build of this site is running (process {holder}); waiting for it to finish",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        held = True
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield True
    finally:
        if held:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
        os.close(fd)
