"""The build cache: what a rebuild may reuse, and the proof that it may.

It lives in the site folder, ``SITE/.site-builder-cache/cache.sqlite`` (``CACHE_DIR``),
one SQLite database whose columns hold text, numbers and JSON, never pickles: a
cache folder that came with a site (committed, shared in an archive) is at worst
ignored, and running a build never runs code from it.

``meta``
    the key (cache format, package version, a hash of the package's own source
    files, Python version), the configuration's hash, the output folder the cache
    describes, the last build's summary and the spare tree's record;
``records``
    per content file its digest and parsed record (text left out: it is cut from
    the file again when needed), and its rendering's key, the resolver answers it
    used (which cited documents were pages of the site, and where) and its outline
    (citations, anchors; no HTML): the citations by columns, the paragraphs as JSON text
    of their own, read only for the outlines a build asks for;
``pages``
    per file of the output folder its fingerprint, digest, size and mtime (the
    *manifest*);
``files``
    per content file its size, times and digest, so that a file whose size and times
    are unchanged (and were not fresh when it was read) is not read again;
``lint``
    per content file what the drafting checks found in it on its own
    (``lint.FileLint``), so that an unchanged file is not parsed again to lint it;
``blobs``
    the full rendering of each resolution (JSON, zlib-compressed), by a key that
    names everything it depends on; read back only for pages made again.

Beside the database the folder holds ``build.lock`` (``output.lock``) and, once an
in-place build has swapped its tree in, ``spare-output/``: the output before that
build, which the next build brings up to date and swaps in (``output.spare``).

Nothing is trusted that is not checked: a database SQLite cannot read, a key of
another version, a row that does not decode into a record of this version: each is
a cache miss (that part is made again), never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.cache.codec import (
    decode_citations,
    decode_diagnostic,
    decode_lint,
    decode_problems,
    decode_rendered,
    decode_resolution,
    encode_citations,
    encode_diagnostic,
    encode_lint,
    encode_problems,
    encode_rendered,
    encode_resolution,
)
from site_builder.cache.keys import code_hash, digest, meta_key, outline, tree_hash
from site_builder.cache.records import ParseEntry, RenderEntry, State, Summary
from site_builder.cache.rows import save_rows as _save_rows
from site_builder.lint import FileLint
from site_builder.model import FileStat, PageEntry, Rendered

CACHE_DIR = ".site-builder-cache"
#: written by earlier versions
_OLD_FILES = ("state.pickle", "output.pickle", "blobs.sqlite", "blobs.sqlite-wal", "blobs.sqlite-shm")
FORMAT = 5
DB_NAME = "cache.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (rel TEXT PRIMARY KEY, parse TEXT NOT NULL, render TEXT);
CREATE TABLE IF NOT EXISTS pages (rel TEXT PRIMARY KEY, fingerprint TEXT, digest TEXT, size INT, mtime INT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INT, mtime INT, ctime INT, sha TEXT, read INT);
CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lint (rel TEXT PRIMARY KEY, data TEXT NOT NULL);
"""


__all__ = ["CACHE_DIR", "BuildCache", "ParseEntry", "RenderEntry", "State", "Summary", "cache_key", "code_hash"]
__all__ += ["digest", "encode_blob", "meta_key", "outline", "tree_hash"]


def cache_key() -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "code": code_hash(), "python": list(sys.version_info[:2])}


def _encode_record(parse: ParseEntry, render: RenderEntry | None) -> tuple[str, str | None]:
    p = [parse.digest, encode_resolution(parse.resolution), parse.text_length,
         [encode_diagnostic(d) for d in parse.diagnostics], parse.meta]  # fmt: skip
    r = None if render is None else [render.digest, [list(d) for d in render.deps], render.key, render.cites,
                                     render.anchors, encode_citations(render.citations),
                                     encode_problems(render.problems), render.detail]  # fmt: skip
    return json.dumps(p, ensure_ascii=False), None if r is None else json.dumps(r, ensure_ascii=False)


def _decode_record(parse: str, render: str | None) -> tuple[ParseEntry, RenderEntry | None]:
    sha, resolution, length, diagnostics, meta = json.loads(parse)
    if type(sha) is not str or type(length) is not int or type(meta) is not str:
        raise ValueError("bad record")
    entry = ParseEntry(sha, decode_resolution(resolution, ""), length, tuple(map(decode_diagnostic, diagnostics)), meta)
    if render is None:
        return entry, None
    rsha, deps, key, cites, anchors, citations, problems, detail = json.loads(render)
    if not type(rsha) is type(key) is type(cites) is type(anchors) is type(detail) is str:
        raise ValueError("bad record")
    pairs = []
    for target, where in deps:
        if type(target) is not str or not (where is None or type(where) is str):
            raise ValueError("bad record")
        pairs.append((target, where))
    outline = (decode_citations(citations), decode_problems(problems), detail)
    return entry, RenderEntry(rsha, tuple(pairs), None, key, cites, anchors, detail=outline)


class BuildCache:
    """The cache of one site folder. ``incremental=False`` starts it empty; without a
    usable folder (read-only, not a database) it lives in memory for this build."""

    def __init__(self, root: Path, *, incremental: bool = True, persistent: bool = True) -> None:
        self.dir = root / CACHE_DIR
        self.key = json.dumps(cache_key(), sort_keys=True)
        self._path: Path | None = None
        self._db = self._open(incremental and persistent, persistent)
        self._pid = os.getpid()
        self._inherited: sqlite3.Connection | None = None
        self._loaded: dict[str, tuple[ParseEntry, RenderEntry | None]] = {}
        self._records: tuple[dict[str, ParseEntry], dict[str, RenderEntry]] | None = None
        self._lint: dict[str, FileLint] | None = None
        self._stamp = ""
        self.state = self._read()
        #: the rows of ``pages`` and ``files`` as the database holds them (when known), so
        #: that a save writes only the rows that changed
        self._saved: dict[str, dict[str, Any]] = {"files": dict(self.state.files)}
        if self.state.out is not None:
            self._saved["pages"] = dict(self.state.pages)

    # -- opening -------------------------------------------------------------------------

    def _open(self, reuse: bool, persistent: bool) -> sqlite3.Connection:
        if persistent:
            path = self.dir / DB_NAME
            for _ in range(2):
                try:
                    self.dir.mkdir(exist_ok=True)
                    if not reuse:
                        _remove_db(path)
                    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")
                    db.executescript(_SCHEMA)
                    self._path = path
                    for old in _OLD_FILES:
                        with contextlib.suppress(OSError):
                            (self.dir / old).unlink()  # written by earlier versions
                    row = db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
                    if row is None or row[0] != self.key:  # another version's cache: start anew
                        db.executescript("BEGIN; DELETE FROM meta; DELETE FROM records; DELETE FROM pages;"
                                         "DELETE FROM files; DELETE FROM blobs; DELETE FROM lint; COMMIT;")  # fmt: skip
                        db.execute("INSERT INTO meta VALUES ('key', ?)", (self.key,))
                    return db
                except (sqlite3.Error, OSError):
                    reuse = False  # unreadable: removed, then made anew once
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        db.executescript(_SCHEMA)
        return db

    def _read(self) -> State:
        """What the cache holds; each part that does not decode is left out (a miss)."""
        state = State()
        db = self._db
        with contextlib.suppress(sqlite3.Error, ValueError, TypeError):
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
            state.config = meta.get("config", "")
            self._stamp = meta.get("stamp", "")
            state.out = meta.get("out")
            if "summary" in meta:
                state.summary = _decode_summary(meta["summary"])
            if "spare" in meta and state.out is not None:
                state.spare = _decode_spare(meta["spare"])
        if state.out is not None:
            for rel, fp, dg, size, mtime in _rows(db, "SELECT * FROM pages"):
                if [type(v) for v in (rel, fp, dg, size, mtime)] == [str, str, str, int, int]:
                    state.pages[rel] = PageEntry(fp, dg, size, mtime)
                    continue
                state.out = None  # an output not fully described is not trusted
        for path, *values in _rows(db, "SELECT * FROM files"):
            if isinstance(path, str) and [type(v) for v in values] == [int, int, int, str, int]:
                state.files[path] = FileStat(*values)
        return state

    def records(self) -> tuple[dict[str, ParseEntry], dict[str, RenderEntry]]:
        """The parsed and rendered records by file (read when first asked for: a build
        that finds nothing changed never asks); each that does not decode is left out."""
        if self._records is None:
            parsed: dict[str, ParseEntry] = {}
            rendered: dict[str, RenderEntry] = {}
            for rel, parse, render in _rows(self._db, "SELECT rel, parse, render FROM records"):
                try:
                    p, r = _decode_record(parse, render)
                except (ValueError, TypeError, KeyError):
                    continue
                self._loaded[rel] = (p, r)
                parsed[rel] = p
                if r is not None:
                    rendered[rel] = r
            self._records = (parsed, rendered)
        return self._records

    def lint_records(self) -> dict[str, FileLint]:
        """What the drafting checks found in each file at the last build (read when first
        asked for); each row that does not decode is left out."""
        if self._lint is None:
            self._lint = {}
            for rel, data in _rows(self._db, "SELECT rel, data FROM lint"):
                with contextlib.suppress(ValueError, TypeError, KeyError):
                    self._lint[rel] = decode_lint(json.loads(data))
        return self._lint

    # -- blobs ---------------------------------------------------------------------------

    def put_blobs(self, items: Iterable[tuple[str, bytes]]) -> None:
        with contextlib.suppress(sqlite3.Error), self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO blobs (key, data) VALUES (?, ?)", items)

    def blob(self, key: str) -> Rendered | None:
        """The full rendering stored under ``key``; None when missing or unreadable."""
        try:
            row = self._reader().execute("SELECT data FROM blobs WHERE key = ?", (key,)).fetchone()
            return decode_rendered(json.loads(zlib.decompress(row[0]))) if row else None
        except (sqlite3.Error, zlib.error, ValueError, TypeError, UnicodeDecodeError):
            return None

    def _reader(self) -> sqlite3.Connection:
        """The connection, or in a forked worker process its own (a connection must not
        cross a fork; an in-memory one is the worker's private copy)."""
        if self._pid != os.getpid() and self._path is not None:
            self._inherited = self._db  # never closed here: it is the parent's
            self._db = sqlite3.connect(self._path, timeout=30, isolation_level=None, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def has_blobs(self, keys: Iterable[str]) -> set[str]:
        wanted, found = list(keys), set[str]()
        with contextlib.suppress(sqlite3.Error):
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in self._db.execute(f"SELECT key FROM blobs WHERE key IN ({marks})", chunk))
        return found

    # -- saving --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Any:
        db = self._db
        db.execute("BEGIN")
        stamp = secrets.token_hex(8)
        try:
            yield db
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        except BaseException:
            self._saved = {}  # what the tables hold is no longer known: rewrite them whole
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self._stamp = stamp

    def is_current(self) -> bool:
        """True when no other process wrote the cache since this one read or wrote it
        (a cache kept open between builds is then still what the database holds)."""
        try:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
        except sqlite3.Error:
            return False
        return (row[0] if row else "") == self._stamp

    def forget_output(self) -> None:
        """Before the output changes: a build that dies now leaves no manifest to trust."""
        with contextlib.suppress(sqlite3.Error), self._transaction() as db:
            db.execute("DELETE FROM meta WHERE name IN ('out', 'summary', 'spare')")  # (pages without it are not read)

    def save(self, state: State) -> None:
        """Write what changed since the cache was read."""
        with contextlib.suppress(sqlite3.Error), self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('config', ?)", (state.config,))
            self.records()  # (what is known, so that only what changed is written)
            gone = set(self._loaded) - set(state.parsed)
            db.executemany("DELETE FROM records WHERE rel = ?", ((rel,) for rel in gone))
            rows = []
            for rel, parse in state.parsed.items():
                render = state.rendered.get(rel)
                known = self._loaded.get(rel)
                if known is None or known[0] is not parse or known[1] is not render:
                    rows.append((rel, *_encode_record(parse, render)))
            db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", rows)
            live = [(entry.key,) for entry in state.rendered.values()]
            (count,) = db.execute("SELECT count(*) FROM blobs").fetchone()
            if count > 2 * len(live) + 100:  # most of the store is garbage
                db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM live")
                db.executemany("INSERT OR IGNORE INTO live VALUES (?)", live)
                db.execute("DELETE FROM blobs WHERE key NOT IN (SELECT key FROM live)")
            self._save_lint(db, state.lint)
            self._save_output(db, state)
            self._loaded = {rel: (p, state.rendered.get(rel)) for rel, p in state.parsed.items()}
            self._records = (state.parsed, state.rendered)
            self.state = state  # for the next build of a process that keeps the cache open

    def _save_lint(self, db: sqlite3.Connection, entries: dict[str, FileLint]) -> None:
        known = self.lint_records()
        db.executemany("DELETE FROM lint WHERE rel = ?", ((rel,) for rel in set(known) - set(entries)))
        rows = [(rel, json.dumps(encode_lint(e))) for rel, e in entries.items() if known.get(rel) is not e]
        db.executemany("INSERT OR REPLACE INTO lint VALUES (?, ?)", rows)
        self._lint = dict(entries)

    def save_files(self, files: Mapping[str, FileStat]) -> None:
        """What is now known of the content files (a build that found nothing else changed)."""
        with contextlib.suppress(sqlite3.Error), self._transaction() as db:
            self._saved["files"] = _save_rows(db, "files", self._saved.get("files"), files)
            self.state.files = dict(files)

    def _save_output(self, db: sqlite3.Connection, state: State) -> None:
        db.execute("DELETE FROM meta WHERE name IN ('out', 'summary', 'spare')")
        self._saved["pages"] = _save_rows(db, "pages", self._saved.get("pages"), state.pages)
        if state.out is not None:
            db.execute("INSERT INTO meta VALUES ('out', ?)", (state.out,))
            if state.summary is not None:
                db.execute("INSERT INTO meta VALUES ('summary', ?)", (_encode_summary(state.summary),))
            if state.spare is not None:
                spare = json.dumps([state.spare[0], sorted(state.spare[1])], ensure_ascii=False)
                db.execute("INSERT INTO meta VALUES ('spare', ?)", (spare,))
        self._saved["files"] = _save_rows(db, "files", self._saved.get("files"), state.files)

    def close(self) -> None:
        if self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()


def encode_blob(rendered: Rendered) -> bytes:
    return zlib.compress(json.dumps(encode_rendered(rendered), ensure_ascii=False).encode("utf-8"), 1)


_COUNTS = {"resolutions", "pages", "files", "citations", "internal_citations"}


def _encode_summary(summary: Summary) -> str:
    return json.dumps([summary.signature, summary.counts, [encode_diagnostic(d) for d in summary.diagnostics]])


def _decode_summary(text: str) -> Summary:
    signature, counts, diagnostics = json.loads(text)
    if type(signature) is not str or type(counts) is not dict or set(counts) != _COUNTS:
        raise ValueError("bad summary")
    if any(type(v) is not int for v in counts.values()):
        raise ValueError("bad summary")
    return Summary(signature, counts, tuple(map(decode_diagnostic, diagnostics)))


def _decode_spare(text: str) -> tuple[str, frozenset[str]]:
    token, differs = json.loads(text)
    if type(token) is not str or type(differs) is not list or any(type(rel) is not str for rel in differs):
        raise ValueError("bad spare record")
    return token, frozenset(differs)


def _rows(db: sqlite3.Connection, query: str) -> list[Any]:
    try:
        return db.execute(query).fetchall()
    except sqlite3.Error:
        return []


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()
