"""The build cache: what a rebuild may reuse, and the proof that it may.

It lives in the site folder, ``SITE/.site-builder-cache/`` (``CACHE_DIR``):

``state.pickle``
    one checksummed pickle: the key (cache format, package version, a hash of the
    package's own source files, Python version), then per content file one pickled
    record, kept as bytes so that a save pickles again only the records that changed:
    its digest and parsed record (text left out: it is read from the file when
    asked for), the rendering's key, the resolver answers it used (which cited
    documents were pages of the site, and where) and a small copy of the result as
    plain tuples (citations, anchors).
``output.pickle``
    the output folder it describes: per output file its fingerprint, digest, size
    and mtime (the *manifest*), the last build's summary, and per content file its
    size, times and digest, so that a file whose size and times are unchanged (and
    were not fresh when it was read) is not read again.
``blobs.sqlite``
    the rendered HTML of each resolution (pickled, zlib-compressed), by a key that
    names everything it depends on; read back only for pages that are rendered again.

Nothing is trusted that is not checked: a state of another key, a bad checksum,
a pickle that does not load or a blob that does not unpickle is ignored, and the
work is done again. A change to ``site.yaml`` drops every parsed and rendered
record; a change to a template changes every page's fingerprint.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sqlite3
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from site_builder import __version__
from site_builder.diagnostics import Diagnostic
from site_builder.model import Citation, Paragraph, Rendered, Resolution

CACHE_DIR = ".site-builder-cache"
FORMAT = 2
_MAGIC = b"site-builder-cache\n"
PACKAGE_DIR = Path(__file__).resolve().parent
#: Resolution fields that only the page of the resolution itself shows
TEXT_FIELDS = frozenset({"text", "text_line", "digest"})


def digest(*parts: str | bytes) -> str:
    """A short stable hash of ``parts`` (not Python's ``hash``: that changes per process)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_hash() -> str:
    """The package's own source files: a code change invalidates every cache."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cache_key() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": __version__,
        "code": code_hash(),
        "python": sys.version_info[:2],
    }


def tree_hash(folders: Iterable[Path]) -> str:
    """Every file under ``folders`` (names and bytes): the templates a page may use."""
    h = hashlib.blake2b(digest_size=16)
    for base in folders:
        h.update(str(base).encode() + b"\x1e")
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(base).as_posix().encode() + b"\x1f")
                h.update(path.read_bytes())
    return h.hexdigest()


def meta_key(r: Resolution) -> str:
    """Everything about a resolution but its text: what index pages may show."""
    values = tuple(getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in TEXT_FIELDS)
    return digest(repr(values))


def light(rendered: Rendered) -> Rendered:
    """What other pages and the graph need of a rendering: no HTML, no paragraph text."""
    return Rendered(
        html="",
        footnotes_html="",
        paragraphs=tuple(Paragraph(p.eid, p.kind, p.num, "", p.line) for p in rendered.paragraphs),
        footnote_labels=rendered.footnote_labels,
        citations=rendered.citations,
        problems=rendered.problems,
    )


#: a citation as plain values: target, kind, text, pinpoint, from_paragraph, line, internal
PackedCitation = tuple[str, str, str, str | None, str | None, int, bool]
#: :func:`light` as plain tuples (fast to pickle and load): paragraphs as (eid, kind, num, line),
#: footnote labels, citations, problems, and the paragraphs' eids
Packed = tuple[
    tuple[tuple[str, str, str, int], ...],
    tuple[str, ...],
    tuple[PackedCitation, ...],
    tuple[tuple[int, str, bool], ...],
    tuple[str, ...],
]


def pack(rendered: Rendered) -> Packed:
    return (
        tuple((p.eid, p.kind, p.num, p.line) for p in rendered.paragraphs),
        tuple(rendered.footnote_labels),
        tuple((c.target, c.kind, c.text, c.pinpoint, c.from_paragraph, c.line, c.internal) for c in rendered.citations),
        tuple(rendered.problems),
        tuple(p.eid for p in rendered.paragraphs),
    )


def unpack(packed: Packed) -> Rendered:
    paragraphs, labels, citations, problems, _ = packed
    return Rendered(
        html="",
        footnotes_html="",
        paragraphs=tuple(Paragraph(eid, kind, num, "", line) for eid, kind, num, line in paragraphs),
        footnote_labels=labels,
        citations=tuple(Citation(*c) for c in citations),
        problems=problems,
    )


class LightMap(Mapping[str, Rendered]):
    """Each resolution's :func:`light` rendering by canonical symbol, made from its
    packed form when first asked for (most builds ask for a few)."""

    def __init__(self, packed: dict[str, Packed]) -> None:
        self.packed = packed
        self._made: dict[str, Rendered] = {}

    def __getitem__(self, canonical: str) -> Rendered:
        made = self._made.get(canonical)
        if made is None:
            made = self._made[canonical] = unpack(self.packed[canonical])
        return made

    def __contains__(self, canonical: object) -> bool:
        return canonical in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


class ParseEntry(NamedTuple):
    digest: str
    #: the parsed record with ``text=""``; the text is cut again from the file
    resolution: Resolution
    text_length: int
    diagnostics: tuple[Diagnostic, ...]
    meta: str


class RenderEntry(NamedTuple):
    digest: str
    #: (cited canonical symbol, its page folder in this site or None), sorted
    deps: tuple[tuple[str, str | None], ...]
    light: Packed
    #: the blob's key; also the rendering's fingerprint for page fingerprints
    key: str
    cites: str
    anchors: str


class PageEntry(NamedTuple):
    """One file of the output folder, as the last build left it."""

    fingerprint: str
    digest: str
    size: int
    mtime_ns: int


#: a content file as last read: (size, mtime_ns, ctime_ns, sha256 of its bytes, when it was read)
FileStat = tuple[int, int, int, str, int]
#: a file's size and times are trusted to stand for its bytes only when it had not
#: changed for this long before it was read (file times are coarse)
RACY_NS = 2_000_000_000


def known_digest(record: FileStat | None, st: os.stat_result) -> str | None:
    """The digest of a file's bytes without reading them, when its ``record`` can be trusted."""
    if (
        record is None
        or record[0] != st.st_size
        or record[1] != st.st_mtime_ns
        or record[2] != st.st_ctime_ns
        or max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS >= record[4]
    ):
        return None
    return record[3]


@dataclass
class State:
    key: dict[str, Any]
    config: str
    parsed: dict[str, ParseEntry] = field(default_factory=dict)
    rendered: dict[str, RenderEntry] = field(default_factory=dict)
    out: str | None = None
    pages: dict[str, PageEntry] = field(default_factory=dict)
    #: (signature of every input, the build's result) of the build that made ``out``
    summary: tuple[str, dict[str, Any]] | None = None
    #: by path (absolute): each content file's size, times and digest when last read
    files: dict[str, FileStat] = field(default_factory=dict)


class BlobStore:
    """Rendered results by key: SQLite in the cache folder, or a dict when there is none."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: dict[str, bytes] = {}
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def _conn(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._db is None or self._pid != os.getpid():  # a forked worker opens its own
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            self._pid = os.getpid()
        return self._db

    def check(self) -> None:
        """Open the store; one that SQLite cannot read is removed, then made anew
        (and failing that, blobs are kept in memory for this build)."""
        for attempt in range(2):
            try:
                db = self._conn()
                if db is not None:
                    db.execute("SELECT count(*) FROM blobs").fetchone()
                return
            except sqlite3.Error:
                self._db = None
                if self.path is not None and attempt == 0:
                    _remove_db(self.path)
        self.path = None

    def put_many(self, items: list[tuple[str, bytes]]) -> None:
        if not items:
            return
        db = self._conn()
        if db is None:
            self._memory.update(items)
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO blobs (key, data) VALUES (?, ?)", items)
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self._memory.update(items)  # keep going without the disk

    def get(self, key: str) -> Rendered | None:
        data = self._memory.get(key)
        db = self._conn()
        if data is None and db is not None:
            try:
                row = db.execute("SELECT data FROM blobs WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                row = None
            data = row[0] if row else None
        if data is None:
            return None
        try:
            value = pickle.loads(zlib.decompress(data))
        except Exception:
            return None
        return value if isinstance(value, Rendered) else None

    def has(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` the store holds."""
        wanted = list(keys)
        found = {k for k in wanted if k in self._memory}
        db = self._conn()
        if db is None:
            return found
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(row[0] for row in db.execute(f"SELECT key FROM blobs WHERE key IN ({marks})", chunk))
        except sqlite3.Error:
            pass
        return found

    def keep_only(self, keys: set[str]) -> None:
        """Forget every blob but ``keys`` (when most of the store is garbage)."""
        db = self._conn()
        if db is None:
            self._memory = {k: v for k, v in self._memory.items() if k in keys}
            return
        try:
            (count,) = db.execute("SELECT count(*) FROM blobs").fetchone()
            if count <= 2 * len(keys) + 100:
                return
            db.execute("BEGIN")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM live")
            db.executemany("INSERT OR IGNORE INTO live (key) VALUES (?)", ((k,) for k in keys))
            db.execute("DELETE FROM blobs WHERE key NOT IN (SELECT key FROM live)")
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None


class LazyRendered(Mapping[str, Rendered]):
    """``LoadedSite.rendered``: each resolution's full rendering, read from the
    blob store when asked for (only pages rendered again ask), so the HTML of a
    whole corpus is never held in memory at once."""

    def __init__(self, light: Mapping[str, Rendered], keys: Mapping[str, str], blobs: BlobStore) -> None:
        self._light = light
        self._keys = keys
        self._blobs = blobs

    def __getitem__(self, canonical: str) -> Rendered:
        if canonical not in self._light:
            raise KeyError(canonical)
        value = self._blobs.get(self._keys[canonical])
        if value is None:
            raise LookupError(f"the rendering of {canonical} is missing from the build cache")
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._light)

    def __len__(self) -> int:
        return len(self._light)


class BuildCache:
    """The cache of one site folder; ``state`` is None when there is nothing to trust."""

    def __init__(self, root: Path, *, use_existing: bool = True, persistent: bool = True) -> None:
        self.dir = root / CACHE_DIR
        self.key = cache_key()
        self.persistent = persistent
        blob_path: Path | None = None
        if persistent:
            try:
                self.dir.mkdir(exist_ok=True)
                blob_path = self.dir / "blobs.sqlite"
                if not use_existing and blob_path.exists():
                    _remove_db(blob_path)
            except OSError:
                blob_path = None
                self.persistent = False
        self.blobs = BlobStore(blob_path)
        self.blobs.check()
        self._use_existing = use_existing and self.persistent
        self._records: State | bool | None = False  # not read yet
        self._raw: dict[str, tuple[bytes, ParseEntry, RenderEntry | None]] = {}
        #: the output folder the cache describes: out, pages, summary (``state`` less the records)
        self.output: State | None = self._load(self.output_path) if self._use_existing else None

    @property
    def state_path(self) -> Path:
        return self.dir / "state.pickle"

    @property
    def output_path(self) -> Path:
        return self.dir / "output.pickle"

    @property
    def state(self) -> State | None:
        """Everything: parsed and rendered records (read when first needed) and the output."""
        if self._records is False:
            self._records = self._load_records() if self._use_existing else None
        records = self._records
        if not isinstance(records, State) or self.output is None or records.config != self.output.config:
            return None
        return dataclasses.replace(
            records,
            out=self.output.out,
            pages=self.output.pages,
            summary=self.output.summary,
            files=self.output.files,
        )

    def _load(self, path: Path) -> State | None:
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        try:
            if not raw.startswith(_MAGIC):
                return None
            check, payload = raw[len(_MAGIC) : len(_MAGIC) + 32], raw[len(_MAGIC) + 32 :]
            if hashlib.blake2b(payload, digest_size=16).hexdigest().encode() != check:
                return None
            key, state = pickle.loads(payload)
            if key != self.key or not isinstance(state, State) or state.key != self.key:
                return None
            return state
        except Exception:  # a corrupt cache is ignored, never trusted
            return None

    def _load_records(self) -> State | None:
        """The records file: a :class:`State` whose ``parsed`` holds, by file, the pickled
        pair (ParseEntry, RenderEntry or None); each pair is kept as read, so that a save
        writes again only the records that changed."""
        state = self._load(self.state_path)
        if state is None:
            return None
        try:
            parsed: dict[str, ParseEntry] = {}
            rendered: dict[str, RenderEntry] = {}
            raw: dict[str, tuple[bytes, ParseEntry, RenderEntry | None]] = {}
            loads = pickle.loads
            for rel, blob in state.parsed.items():
                assert isinstance(blob, bytes)
                parse, render = loads(blob)
                if not isinstance(parse, ParseEntry) or not (render is None or isinstance(render, RenderEntry)):
                    return None
                parsed[rel] = parse
                if render is not None:
                    rendered[rel] = render
                raw[rel] = (blob, parse, render)
        except Exception:  # a corrupt cache is ignored, never trusted
            return None
        self._raw = raw
        return dataclasses.replace(state, parsed=parsed, rendered=rendered)

    def _dump_records(self, state: State) -> State:
        raw = self._raw
        packed: dict[str, Any] = {}
        dumps = pickle.dumps
        rendered = state.rendered
        for rel, parse in state.parsed.items():
            render = rendered.get(rel)
            known = raw.get(rel)
            if known is not None and known[1] is parse and known[2] is render:
                packed[rel] = known[0]
            else:
                packed[rel] = dumps((parse, render), protocol=pickle.HIGHEST_PROTOCOL)
        return dataclasses.replace(state, parsed=packed, rendered={}, out=None, pages={}, summary=None, files={})

    def for_config(self, config_key: str) -> State:
        """The state to reuse for a site whose configuration hashes to ``config_key``:
        parsed and rendered records only when the configuration is the same."""
        old = self.state
        if old is None:
            return State(self.key, config_key, files=self.output.files if self.output else {})
        if old.config != config_key:
            return State(self.key, config_key, out=old.out, pages=old.pages, files=old.files)
        return old

    def forget(self) -> None:
        """Before the output changes: a build that dies now leaves no state to trust."""
        for path in (self.output_path, self.state_path):
            with contextlib.suppress(OSError):
                path.unlink()

    def save(self, state: State) -> None:
        """Write the records (unless unchanged since read) and the output's manifest."""
        if not self.persistent:
            return
        output = State(
            state.key,
            state.config,
            out=state.out,
            pages=state.pages,
            summary=state.summary,
            files=state.files,
        )
        old = self._records if isinstance(self._records, State) else None
        if old is None or old.parsed is not state.parsed or old.rendered is not state.rendered:
            if not self._write(self.state_path, self._dump_records(state)):
                return
            self.blobs.keep_only({entry.key for entry in state.rendered.values()})
        self._write(self.output_path, output)

    def save_files(self, files: dict[str, FileStat]) -> None:
        """Keep the output's manifest, with what is now known of the content files."""
        if self.persistent and self.output is not None:
            self._write(self.output_path, dataclasses.replace(self.output, files=files))

    def _write(self, path: Path, state: State) -> bool:
        payload = pickle.dumps((self.key, state), protocol=pickle.HIGHEST_PROTOCOL)
        check = hashlib.blake2b(payload, digest_size=16).hexdigest().encode()
        tmp = ""
        try:
            fd, tmp = tempfile.mkstemp(prefix=".state-", dir=self.dir)
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + check + payload)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False
        return True

    def close(self) -> None:
        self.blobs.close()


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()
