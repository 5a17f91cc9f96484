"""An output folder that knows what it holds, so a rebuild writes only what changed.

:class:`CachingOutput` is a :class:`~site_builder.writer.StagedOutput` (files are
written under a staging folder first) that keeps a *manifest*: for every file its
fingerprint (a hash of what it was made from), the digest of its bytes, its size
and mtime. Two modes:

* full (``previous is None``): every file goes to staging and ``commit`` swaps the
  staging folder in, as before;
* in place (``previous`` is the manifest of the existing output, which carries the
  marker file): a page whose fingerprint and file are unchanged is kept; a file
  whose new bytes equal the old ones is kept; only the others are written, into
  staging. ``commit``, called only once every page rendered without errors, moves
  each new file over the old one with ``os.replace`` (atomic per file) and deletes
  the files this build no longer makes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

from site_builder.cache import PageEntry
from site_builder.writer import MARKER, StagedOutput


def bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class CachingOutput(StagedOutput):
    def __init__(self, out: Path, previous: dict[str, PageEntry] | None = None) -> None:
        super().__init__(out)
        self._out = str(self.out) + os.sep
        self.in_place = previous is not None
        self.previous: dict[str, PageEntry] = previous or {}
        self.manifest: dict[str, PageEntry] = {}
        #: files written under staging, to move into place on commit
        self.pending: set[str] = set()
        self.written = 0

    # -- what a page may skip ------------------------------------------------------------

    def _on_disk(self, rel: str, entry: PageEntry) -> bool:
        try:
            st = os.stat(self._out + rel)
        except OSError:
            return False
        return st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns

    def is_fresh(self, rel: str, fingerprint: str) -> bool:
        """True (and the file kept) when ``rel`` was made from the same inputs and is intact."""
        entry = self.previous.get(rel)
        if entry is None or not fingerprint or entry.fingerprint != fingerprint or not self._on_disk(rel, entry):
            return False
        self.manifest[rel] = entry
        return True

    # -- writing -------------------------------------------------------------------------

    def store(self, rel: str, data: bytes, fingerprint: str = "") -> tuple[PageEntry, bool]:
        """Write ``data`` under staging unless the output holds these bytes already;
        safe in a worker process (the caller ``adopt``s the result)."""
        d = bytes_digest(data)
        entry = self.previous.get(rel)
        if entry is not None and entry.digest == d and self._on_disk(rel, entry):
            return PageEntry(fingerprint, d, entry.size, entry.mtime_ns), False
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
        st = os.stat(target)
        return PageEntry(fingerprint, d, st.st_size, st.st_mtime_ns), True

    def write_bytes(self, rel: str, data: bytes, fingerprint: str = "") -> None:
        entry, written = self.store(rel, data, fingerprint)
        self.adopt(rel, entry, written=written)

    def write_text(self, rel: str, text: str, fingerprint: str = "") -> None:
        self.write_bytes(rel, text.encode("utf-8"), fingerprint)

    def copy_file(self, rel: str, source: Path) -> None:
        self.write_bytes(rel, source.read_bytes())

    def adopt(self, rel: str, entry: PageEntry, *, written: bool) -> None:
        """Record a file (written under staging by a worker process when ``written``)."""
        self.manifest[rel] = entry
        if written:
            self.pending.add(rel)
            self.written += 1

    @property
    def files(self) -> int:
        return len(self.manifest)

    @files.setter
    def files(self, value: int) -> None:
        pass  # StagedOutput counts its writes; here the manifest is the count

    # -- commit ----------------------------------------------------------------------------

    def commit(self) -> None:
        if not self.in_place:
            super().commit()
            return
        made_dirs: set[Path] = set()
        for rel in sorted(self.pending):
            target = self.out / rel
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            os.replace(self.staging / rel, target)
        for rel in sorted(set(self.previous) - set(self.manifest)):
            path = self.out / rel
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            parent = path.parent
            while parent != self.out:  # a deleted resolution leaves no empty folder
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
        marker = self.out / MARKER
        if not marker.exists():
            marker.write_text("This folder is written by site-builder and replaced on every build.\n")
        shutil.rmtree(self.staging, ignore_errors=True)
