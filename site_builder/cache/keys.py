"""What makes a cache entry valid: stable digests of the inputs a record was made from."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from site_builder.model import Rendered, Resolution

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def digest(*parts: str | bytes) -> str:
    """A short stable hash of ``parts`` (not Python's ``hash``: that changes per process)."""
    try:  # all text: one update of the joined parts (the same bytes hashed, so the same digest)
        joined = "\x1f".join(parts)  # type: ignore[arg-type]
    except TypeError:
        pass
    else:
        data = (joined + "\x1f").encode("utf-8", "surrogatepass") if parts else b""
        return hashlib.blake2b(data, digest_size=16).hexdigest()
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


def tree_hash(folders: Iterable[Path]) -> str:
    """Every file under ``folders`` (names and bytes): the templates and theme a page may use."""
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
    """Every field of a resolution but those that change with its text: what other pages
    may show of it without reading its text."""
    values = tuple(getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in Resolution.TEXT_FIELDS)
    return digest(repr(values))


def outline(rendered: Rendered) -> Rendered:
    """What other pages and the graph need of a rendering: no HTML, no paragraph text."""
    return Rendered(
        html="",
        footnotes_html="",
        paragraphs=tuple(p._replace(text="") for p in rendered.paragraphs),
        footnote_labels=rendered.footnote_labels,
        citations=rendered.citations,
        problems=rendered.problems,
    )
