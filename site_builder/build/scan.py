"""The first step of a build: which content files there are, and the digest of each
one's bytes (from the cache's record when its size and times are unchanged and were
not fresh when it was read, else read now)."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from site_builder import sources
from site_builder.cache import digest, tree_hash
from site_builder.model import FileStat
from site_builder.site.templates import default_dir

#: a file's size and times are trusted to stand for its bytes only when it had not
#: changed for this long before it was read (file times are coarse)
RACY_NS = 2_000_000_000


class ScannedFile(NamedTuple):
    path: str
    #: relative to the site root: ``content/ga/57/173.md``
    rel: str
    #: sha256 of its bytes ("" when it could not be read)
    sha256: str
    #: its bytes, when read by the scan
    data: bytes | None
    #: hashed by the scan, whose bytes were not kept (``KEEP_BYTES``): the load reads it
    #: again and must check that it still has those bytes
    reread: bool = False


@dataclass(frozen=True, slots=True)
class Scan:
    """The content files as found, in the order of ``sources.content``."""

    files: list[ScannedFile]
    #: what the cache will know of them
    records: dict[str, FileStat]
    #: a file that could not be read (the load reports it)
    unreadable: bool
    #: (path, message): links skipped by the symbolic-link policy (``sources``)
    problems: list[tuple[str, str]] = field(default_factory=list)


def known_digest(record: FileStat | None, st: os.stat_result) -> str | None:
    """The digest of a file's bytes without reading them, when its ``record`` can be trusted."""
    if (
        record is None
        or record.size != st.st_size
        or record.mtime_ns != st.st_mtime_ns
        or record.ctime_ns != st.st_ctime_ns
        or max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS >= record.read_ns
    ):
        return None
    return record.sha256


#: the bytes of at most this much read content are kept for the load (which reads the
#: rest again): a site of any size is not held whole in memory
KEEP_BYTES = 64 << 20


def scan_files(root: Path, known: Mapping[str, FileStat]) -> Scan:
    found: list[ScannedFile] = []
    kept = 0
    records: dict[str, FileStat] = {}
    unreadable = False
    walked = sources.content(root)
    for path, rel, st in walked.files:
        record = known.get(path)
        sha = known_digest(record, st)
        data: bytes | None = None
        if sha is None:
            now = time.time_ns()
            try:
                with open(path, "rb") as f:
                    st = os.fstat(f.fileno())
                    data = f.read()
            except OSError:
                unreadable = True
                found.append(ScannedFile(path, "content/" + rel, "", None))
                continue
            sha = hashlib.sha256(data).hexdigest()
            record = FileStat(st.st_size, st.st_mtime_ns, st.st_ctime_ns, sha, now)
            kept += len(data)
        assert record is not None
        records[path] = record
        if data is not None and kept > KEEP_BYTES:
            found.append(ScannedFile(path, "content/" + rel, sha, None, reread=True))
        else:
            found.append(ScannedFile(path, "content/" + rel, sha, data))
    return Scan(found, records, unreadable, walked.problems + sources.link_problems(root))


def signature(root: Path, strict: bool, scan: Scan) -> str:
    """Every input of a build, hashed: site.yaml, each content file, the templates and theme
    ("" when a file could not be read: the full build reports it)."""
    if scan.unreadable:
        return ""
    config_file = root / "site.yaml"
    parts = [str(root), str(strict)]
    parts.append(hashlib.sha256(config_file.read_bytes()).hexdigest() if config_file.is_file() else "-")
    parts.extend(f.path + "\0" + f.sha256 for f in scan.files)
    parts.extend(path + "\0" + message for path, message in scan.problems)
    parts.append(tree_hash([root / "templates", default_dir("templates"), root / "theme", default_dir("theme")]))
    return digest(*parts)
