"""The output folder, written so that a failed build leaves it exactly as it was, a
killed one leaves it old or new (never a mix), and a rebuild writes only what changed.

:class:`SiteOutput` writes every file under a staging folder beside the output and
keeps a *manifest*: for every file its fingerprint (a hash of what it was made
from), the digest of its bytes, its size and mtime. Two modes:

* full (no previous manifest): every file goes to staging;
* in place (``previous`` is the manifest of the existing output, which carries the
  marker file): a file whose fingerprint is unchanged and which is intact on disk is
  kept; a file whose new bytes equal the old ones is kept; only the others are
  written, into staging.

``commit``, called only once every page rendered without errors, makes the whole new
tree beside the output and swaps it in by one atomic step (``swap.swap_in``). With a
*spare* tree (``spare``: the output before the last build, kept in the cache folder)
it brings that tree up to date by changing only the files that differ (what changed
in the last build and in this one); otherwise it hard-links every kept file of the
current output into staging (no bytes are copied). After the swap the old tree is
kept as the next build's spare (an in-place build, which knows what it holds) or
deleted. Folders and files get the usual modes (0777 and 0666 less the umask), so a
web server running as another user can read the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from site_builder.model import PageEntry
from site_builder.output import spare as spares
from site_builder.output.spare import SpareRecord
from site_builder.output.swap import fault_point, remove_tree, side_folder, swap_in

MARKER = ".site-builder-output"
_MARKER_TEXT = "This folder is written by site-builder and replaced on every build.\n"


def bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SiteOutput:
    """``spare`` is where the spare tree is kept (None: none is kept), ``record`` what
    the cache knows of it and ``check`` the removal of hand-put files from it, started
    when the build began (``spare.check``); without a check the spare is not used."""

    def __init__(
        self,
        out: Path,
        previous: Mapping[str, PageEntry] | None = None,
        spare: Path | None = None,
        record: SpareRecord | None = None,
        check: spares.StrayCheck | None = None,
    ) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = side_folder(self.out, "staging")
        self._out = str(self.out) + os.sep
        self._staging = str(self.staging) + os.sep
        self.in_place = previous is not None
        self.previous: Mapping[str, PageEntry] = previous or {}
        self.manifest: dict[str, PageEntry] = {}
        #: files written under staging, to move into place on commit (in place)
        self.pending: set[str] = set()
        #: kept files of the output already linked into staging
        self._linked: set[str] = set()
        self._dirs: set[str] = set()
        finish_removals()  # nothing of an earlier build goes on in the background
        self.spare = spare if self.in_place else None
        self._record = record
        self._check = check
        #: after the commit: what the cache is to know of the spare tree (None: there is none)
        self.spare_record: SpareRecord | None = None

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
        parent = os.path.dirname(rel)
        if parent and parent not in self._dirs:  # each folder made once (a page is one file in its own)
            os.makedirs(self._staging + parent, exist_ok=True)
            self._dirs.add(parent)
        fd = os.open(self._staging + rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:  # four system calls a file (Python's buffered ``open`` makes seven)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            st = os.fstat(fd)
        finally:
            os.close(fd)
        return PageEntry(fingerprint, d, st.st_size, st.st_mtime_ns), True

    def write(self, rel: str, data: str | bytes, fingerprint: str = "") -> None:
        if rel in self._linked:  # never write through a link into the current output
            os.unlink(self.staging / rel)
            self._linked.discard(rel)
        entry, written = self.store(rel, data.encode("utf-8") if isinstance(data, str) else data, fingerprint)
        self.adopt(rel, entry, written=written)

    def adopt(self, rel: str, entry: PageEntry, *, written: bool) -> None:
        """Record a file (written under staging by a worker process when ``written``)."""
        self.manifest[rel] = entry
        if written:
            self.pending.add(rel)

    @contextlib.contextmanager
    def scratch(self, kind: str) -> Iterator[Path]:
        """A scratch folder beside the output, removed afterwards (or by the next build)."""
        path = side_folder(self.out, kind)
        try:
            yield path
        finally:
            remove_tree(path)

    def _link_kept(self) -> None:
        """Hard-link the files this build keeps from the current output into staging."""
        staging = str(self.staging) + os.sep
        for rel in self.manifest:
            if rel in self.pending or rel in self._linked:
                continue
            parent = os.path.dirname(rel)
            if parent and parent not in self._dirs:
                os.makedirs(staging + parent, exist_ok=True)
                self._dirs.add(parent)
            try:
                os.link(self._out + rel, staging + rel, follow_symlinks=False)
            except FileExistsError:
                pass
            except OSError as exc:
                if isinstance(exc, FileNotFoundError):
                    raise
                shutil.copy2(self._out + rel, staging + rel)  # a file system without hard links
            self._linked.add(rel)

    # -- commit ----------------------------------------------------------------------------

    def commit(self, *, background: bool = False) -> None:
        """Swap the whole new tree in by one step; then keep the old one as the spare or
        delete it (with ``background``, in a thread, so that the caller goes on at once;
        a process that ends first leaves it to the next build, which removes such
        leftovers)."""
        tree = self.staging
        differs = spares.changed(self.previous, self.manifest, self.pending) if self.spare is not None else set()
        checked = self._check is not None and self._check.wait()
        if self.spare is not None and checked and spares.is_whole(self.spare, self._record, self.out):
            assert self._record is not None
            todo = self._record[1] | differs
            spares.bring_up_to_date(self.spare, self.out, self.staging, todo, self.manifest, self.pending)
            tree = self.spare
        else:
            if self.in_place:
                self._link_kept()
            (self.staging / MARKER).write_text(_MARKER_TEXT)
        fault_point("staged")
        old = swap_in(tree, self.out)
        if tree is not self.staging:
            remove_tree(self.staging)  # what is left of it: the folders of the files moved
        if old is None:
            return
        if self.spare is not None:
            token = spares.adopt(old, self.spare)
            if token is not None:
                self.spare_record = (token, frozenset(differs))
            return
        if not background:
            remove_tree(old)
            return
        thread = threading.Thread(target=remove_tree, args=(old,), name="remove-old-output", daemon=True)
        _REMOVING.append(thread)
        thread.start()

    def discard(self) -> None:
        remove_tree(self.staging)


#: old trees being deleted in the background (``commit(background=True)``)
_REMOVING: list[threading.Thread] = []


def finish_removals() -> None:
    """Wait until every old tree being deleted in the background is gone."""
    while _REMOVING:
        _REMOVING.pop().join()
