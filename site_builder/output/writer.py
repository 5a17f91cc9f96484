"""The output folder, written so that a failed build leaves it exactly as it was, and
so that a rebuild writes only what changed.

:class:`SiteOutput` writes every file under a staging folder beside the output and
keeps a *manifest*: for every file its fingerprint (a hash of what it was made
from), the digest of its bytes, its size and mtime. Two modes:

* full (no previous manifest): every file goes to staging and ``commit`` swaps the
  staging folder in (the old output is renamed aside, then deleted);
* in place (``previous`` is the manifest of the existing output, which carries the
  marker file): a file whose fingerprint is unchanged and which is intact on disk is
  kept; a file whose new bytes equal the old ones is kept; only the others are
  written, into staging. ``commit``, called only once every page rendered without
  errors, moves each new file over the old one with ``os.replace`` (atomic per
  file) and deletes the files this build no longer makes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from site_builder.model import PageEntry

MARKER = ".site-builder-output"
_MARKER_TEXT = "This folder is written by site-builder and replaced on every build.\n"


def bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SiteOutput:
    def __init__(self, out: Path, previous: Mapping[str, PageEntry] | None = None) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.out.parent))
        self._out = str(self.out) + os.sep
        self.in_place = previous is not None
        self.previous: Mapping[str, PageEntry] = previous or {}
        self.manifest: dict[str, PageEntry] = {}
        #: files written under staging, to move into place on commit (in place)
        self.pending: set[str] = set()

    @property
    def files(self) -> int:
        return len(self.manifest)

    # -- what a file may skip -------------------------------------------------------------

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

    def keep(self, rel: str, entry: PageEntry) -> None:
        """Record a file of the previous output as this build's own, as it is."""
        self.manifest[rel] = entry

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

    def write(self, rel: str, data: str | bytes, fingerprint: str = "") -> None:
        entry, written = self.store(rel, data.encode("utf-8") if isinstance(data, str) else data, fingerprint)
        self.adopt(rel, entry, written=written)

    def adopt(self, rel: str, entry: PageEntry, *, written: bool) -> None:
        """Record a file (written under staging by a worker process when ``written``)."""
        self.manifest[rel] = entry
        if written:
            self.pending.add(rel)

    def html_view(self, scratch: Path) -> Path:
        """A folder holding every HTML page of the site as this build leaves it: the
        staging folder of a full build; for an in-place one, links to the changed
        pages (in staging) and the kept ones (in the output) under ``scratch``."""
        if not self.in_place:
            return self.staging
        for rel in self.manifest:
            if not rel.endswith(".html"):
                continue
            source = (self.staging if rel in self.pending else self.out) / rel
            target = scratch / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        return scratch

    # -- commit ----------------------------------------------------------------------------

    def commit(self) -> None:
        if not self.in_place:
            (self.staging / MARKER).write_text(_MARKER_TEXT)
            old: Path | None = None
            if self.out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.rename(self.out, old / "site")
            os.rename(self.staging, self.out)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
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
            marker.write_text(_MARKER_TEXT)
        shutil.rmtree(self.staging, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
