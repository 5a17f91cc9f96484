"""Pagefind, the full-text index, one shard at a time: Pagefind runs over a shard's
HTML pages as this build leaves them (linked into a scratch folder), shards on
several cores at once, and each bundle's files are made byte-stable (below) and
handed back to the build to write under ``pagefind/<shard>/``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gzip
import importlib.metadata
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from site_builder.diagnostics import Reporter
from site_builder.exports.pagefind_stable import canonicalise_bundle

#: folder of the Pagefind bundles, relative to the site root
PAGEFIND_DIR = "pagefind"
#: elements left out of the index: the ¶ permalinks and footnote back links
EXCLUDE = ".permalink, .fn-back, .fn-ref"
#: Pagefind writes UI bundles the site does not use; they are left out
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
_MISSING = (
    "search: Pagefind is not installed, so the site has no search index (install it with: pip install 'pagefind[bin]')"
)


def pagefind_executable() -> Path | None:
    """The Pagefind binary of the ``pagefind[bin]`` wheel, or one on PATH."""
    try:
        import pagefind_bin

        found = pagefind_bin.get_executable()
        if found is not None:
            return Path(found)
    except (ImportError, OSError, RuntimeError):
        pass
    on_path = shutil.which("pagefind")
    return Path(on_path) if on_path else None


def pagefind_version() -> str:
    """The version of the ``pagefind[bin]`` wheel (or the path of a Pagefind on PATH):
    part of each shard's fingerprint, so that every shard is made by one Pagefind."""
    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return str(pagefind_executable() or "")


def is_runtime(name: str) -> bool:
    """A file of Pagefind's search engine (script, worker, WebAssembly), the same in
    every bundle: the site keeps one copy, beside the primary shard."""
    return name in ("pagefind.js", "pagefind-worker.js") or (name.startswith("wasm.") and name.endswith(".pagefind"))


def index_shards(
    shards: Sequence[tuple[str, Mapping[str, Path]]], scratch: Path, reporter: Reporter, workers: int
) -> Iterator[tuple[str, dict[str, bytes] | None]]:
    """Each shard's bundle (``name``, pages by output path -> the file), in order,
    ``workers`` Pagefind runs at a time; nothing (with one warning) without Pagefind."""
    if not shards:
        return
    if pagefind_executable() is None:
        reporter.warning("", 0, _MISSING)
        return
    _sweep_in_memory()
    with ThreadPoolExecutor(max(1, min(workers, len(shards)))) as pool:
        bundles = pool.map(lambda shard: pagefind_bundle(shard[1], scratch, reporter), shards)
        for (name, _), bundle in zip(shards, bundles, strict=True):
            yield name, bundle


def pagefind_bundle(pages: Mapping[str, Path], scratch: Path, reporter: Reporter) -> dict[str, bytes] | None:
    """Index ``pages`` (output path -> the file): the bundle's files by their path in
    the bundle; None (with a warning or an error) when it could not. The run works in
    memory where it can (``_in_memory``); one that fails there (a full tmpfs: Docker
    gives 64 MB) is made again in ``scratch``, on disk, and only that run reports."""
    exe = pagefind_executable()
    if exe is None:
        reporter.warning("", 0, _MISSING)
        return None
    shm = _in_memory()
    if shm is not None:
        with contextlib.suppress(OSError):
            bundle = _run(exe, pages, shm, Reporter())
            if bundle is not None:
                return bundle
    try:
        return _run(exe, pages, scratch, reporter)
    except OSError as exc:
        reporter.error("", 0, f"search: cannot write Pagefind's files: {exc.strerror or exc}")
        return None


def _run(exe: Path, pages: Mapping[str, Path], folder: Path, reporter: Reporter) -> dict[str, bytes] | None:
    """One Pagefind run over ``pages``, its files under ``folder``."""
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-", dir=folder) as tmp:
        html = Path(tmp) / "site"
        for rel, source in pages.items():
            target = html / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _hand_over(source, target)
        bundle = Path(tmp) / "bundle"
        command = [
            str(exe),
            "--site",
            str(html),
            "--output-path",
            str(bundle),
            "--exclude-selectors",
            EXCLUDE,
            "--keep-index-url",
            "--silent",
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=3600, check=False, preexec_fn=_die_with_parent()
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            reporter.error("", 0, f"search: Pagefind could not run: {exc}")
            return None
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            reporter.error("", 0, f"search: Pagefind failed: {' '.join(detail[-3:]) or done.returncode}")
            return None
        # a Pagefind whose files we do not know stays usable, only not byte-stable
        with contextlib.suppress(ValueError, KeyError, IndexError, TypeError, OSError, gzip.BadGzipFile):
            canonicalise_bundle(bundle)
        return {
            path.relative_to(bundle).as_posix(): path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file() and path.name not in _UNUSED
        }


#: a folder in memory (Linux's tmpfs), where there is one
_SHM = Path("/dev/shm")


def _in_memory() -> Path | None:
    """Where Pagefind's pages and bundle go for a run: a folder in memory when the
    system has one (on a disk, making and removing a run's hundreds of files and
    folders costs about as much time as the run itself), else None. (Pagefind numbers
    the pages in the order it finds them: in a tmpfs, the order they were made in,
    newest first, whatever the machine; on a disk, the file system's.)"""
    return _SHM if _SHM.is_dir() and os.access(_SHM, os.W_OK | os.X_OK) else None


#: the start of a run's folder's name, followed by the building process's id
_PREFIX = ".site-builder-pagefind-"


def _sweep_in_memory() -> None:
    """Remove the in-memory folders of builds that were killed (whose process is gone)."""
    shm = _in_memory()
    if shm is None:
        return
    for left in shm.glob(f"{_PREFIX}*-*"):
        pid = left.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(left, ignore_errors=True)
            except OSError:
                pass  # (alive, another user's)


def _hand_over(source: Path, target: Path) -> None:
    """Put the page ``source`` where Pagefind reads it: only what it reads (``indexed``),
    or the whole page, linked, when that cannot be cut out."""
    try:
        slim = indexed(source.read_bytes())
    except OSError:
        slim = None
    if slim is not None:
        target.write_bytes(slim)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


#: elements without an end tag (HTML's void elements)
_VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
#: a start tag's name, at its ``<``
_NAME = re.compile(rb"<([a-z][a-z0-9-]*)")


def indexed(page: bytes) -> bytes | None:
    """The part of an HTML page Pagefind indexes: everything up to ``<body>`` (language,
    head), then, whole and in page order, the elements it reads outside the
    ``data-pagefind-body`` elements: those carrying a Pagefind attribute (filter, meta,
    sort, body) and the first ``h1`` and ``img`` (where it finds a page's title and image
    by default). The same index as the whole page, in less to parse (no navigation,
    citation lists or pictures). None when the page has no ``data-pagefind-body`` or an
    element's end is not found."""
    low = page.lower()  # (tag and attribute names are ASCII, in any case)
    start = low.find(b"<body")
    if start < 0 or b"data-pagefind-body" not in low:
        return None
    pos = low.find(b">", start) + 1
    parts = [page[:pos]]
    for hit in _read_tags(low, pos):
        begin = low.rfind(b"<", 0, hit + 1)
        tag_end = low.find(b">", begin) + 1
        name = _NAME.match(low, begin)
        if begin < pos or tag_end <= hit or name is None:
            continue  # inside an element already kept, or the words in text
        key = name.group(1)
        end = tag_end if key in _VOID or low[tag_end - 2] == ord("/") else _element_end(low, key, tag_end)
        if end < 0:
            return None
        parts.append(page[begin:end])
        pos = end
    parts.append(b"</body></html>\n")
    return b"\n".join(parts)


def _read_tags(low: bytes, pos: int) -> list[int]:
    """Where the Pagefind attributes (but ``data-pagefind-ignore``) and the first ``<h1``
    and ``<img`` are in the lower-cased page, in order."""
    hits = []
    at = low.find(b"data-pagefind-", pos)
    while at >= 0:
        if not low.startswith(b"ignore", at + 14):
            hits.append(at)
        at = low.find(b"data-pagefind-", at + 14)
    for tag in (b"<h1", b"<img"):
        at = low.find(tag, pos)
        while at >= 0 and low[at + len(tag) : at + len(tag) + 1] not in (b" ", b"\t", b"\n", b"\r", b"\f", b"/", b">"):
            at = low.find(tag, at + 1)
        if at >= 0:
            hits.append(at)
    return sorted(hits)


def _element_end(low: bytes, name: bytes, pos: int) -> int:
    """Where the element ``name`` whose start tag ends at ``pos`` ends (after its end
    tag, counting nested elements of the same name); -1 when it does not."""
    depth = 1
    for m in re.compile(rb"<(/?)" + re.escape(name) + rb"[\s/>]").finditer(low, pos):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = low.find(b">", m.end() - 1)
            return -1 if end < 0 else end + 1
    return -1


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a function run in the child before Pagefind starts: the kernel kills
    the child when this process dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), so a killed
    build leaves no Pagefind writing on; elsewhere None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    return arm


_PR_SET_PDEATHSIG = 1
