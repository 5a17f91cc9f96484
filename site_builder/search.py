"""Search that works on any static host: Pagefind's chunked index plus a symbol map.

After every page is written into the staging folder, two things are added:

- ``search/symbols/``: a small map from every way a resolution's symbol is
  typed (``57/173``, ``A/RES/57/173``, ``1373(2001)``, ``S/RES/1373(2001)``,
  normalised: upper case, no spaces) to its page, split into shards by a hash of
  the key, so a lookup fetches one shard of a few kilobytes whatever the size of
  the site. ``theme/search.js`` uses it to offer the resolution first.
- ``pagefind/``: the full-text index, built by the Pagefind binary (shipped in
  the ``pagefind[bin]`` wheel) over the staged HTML. Resolution pages mark what
  is indexed with ``data-pagefind-body`` (header, text, notes) and carry the
  ``body`` and ``year`` filters (``templates/_search_data.html``). Every
  paragraph has an id, so Pagefind records it as an anchor with its word
  position; ``search.js`` turns the matched word positions into results that
  open the page at ``#para_6``.

Without Pagefind the build still succeeds, with a warning, and the box says
that the index is missing.

Pagefind runs only when an HTML page changed: the bundle's files carry a
fingerprint of every HTML page of the site (its path and the digest of its bytes),
so an in-place rebuild whose pages are all the same bytes keeps the bundle as it
is (Pagefind's output, made byte-stable below, depends on nothing else). The live
preview builds inside :func:`live_preview`: its rebuilds keep the previous bundle even
when pages changed (search may miss an edit made since the server started, and
says nothing of it) rather than wait for Pagefind on every save; the bundle keeps
its old fingerprint, so the next ``site-builder build`` of that folder indexes again.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.cache import PageEntry, digest
from site_builder.diagnostics import Reporter
from site_builder.incremental import CachingOutput
from site_builder.links import page_dir
from site_builder.pages import resolution_label

if TYPE_CHECKING:
    from site_builder.loaded import LoadedSite
    from site_builder.writer import StagedOutput

#: folder of the Pagefind bundle, relative to the site root
PAGEFIND_DIR = "pagefind"
SYMBOLS_DIR = "search/symbols"
#: about this many keys per shard of the symbol map
KEYS_PER_SHARD = 64
#: elements left out of the index: the ¶ permalinks and footnote back links
EXCLUDE = ".permalink, .fn-back, .fn-ref"
#: Pagefind writes UI bundles the site does not use; they are removed
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
_SPACE = re.compile(r"\s+")
_ENTRY = f"{PAGEFIND_DIR}/pagefind-entry.json"

#: set inside :func:`live_preview`: an in-place rebuild keeps the previous Pagefind
#: bundle even when pages changed (see the module's docstring)
keep_stale_index = False


@contextlib.contextmanager
def live_preview() -> Iterator[None]:
    """Builds inside keep a stale search index rather than wait for Pagefind."""
    global keep_stale_index
    before, keep_stale_index = keep_stale_index, True
    try:
        yield
    finally:
        keep_stale_index = before


def normalise_symbol(text: str) -> str:
    """The lookup key of a typed symbol: upper case, no spaces ("s/res/1373 (2001)" -> "S/RES/1373(2001)")."""
    return _SPACE.sub("", text).upper()


def shard_of(key: str, shards: int) -> int:
    """FNV-1a (32 bit) over the key's code points, as ``theme/search.js`` computes it."""
    h = 0x811C9DC5
    for ch in key:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def symbol_map(site: LoadedSite) -> tuple[int, dict[int, dict[str, list[dict[str, str]]]]]:
    """(number of shards, shard -> key -> resolutions)."""
    entries: dict[str, list[dict[str, str]]] = {}
    for r in site.resolutions:
        entry = {
            "url": page_dir(r),
            "label": resolution_label(r, site.config.bodies),
            "title": r.title,
            "document": r.document,
            "body": site.config.bodies[r.body].name,
            "date": r.date.isoformat(),
        }
        keys = {normalise_symbol(k) for k in (r.symbol, r.document, r.canonical, r.number.canonical)}
        for key in sorted(keys):
            entries.setdefault(key, []).append(entry)
    shards = 1 << max(0, math.ceil(math.log2(max(1, len(entries)) / KEYS_PER_SHARD)))
    out: dict[int, dict[str, list[dict[str, str]]]] = {}
    for key in sorted(entries):
        out.setdefault(shard_of(key, shards), {})[key] = entries[key]
    return shards, out


def write_search(site: LoadedSite, output: StagedOutput, reporter: Reporter) -> None:
    """The symbol map and the Pagefind index, into the staged output."""
    shards, shard_map = symbol_map(site)
    output.write_text(f"{SYMBOLS_DIR}/index.json", json.dumps({"shards": shards, "version": 1}) + "\n")
    for n, keys in sorted(shard_map.items()):
        output.write_text(f"{SYMBOLS_DIR}/{n}.json", json.dumps(keys, ensure_ascii=False, separators=(",", ":")))
    fingerprint = index_fingerprint(output)
    if fingerprint and _keep_bundle(output, fingerprint):
        return
    if fingerprint and keep_stale_index and _keep_bundle(output, None):
        return
    run_pagefind(output, reporter, fingerprint)


def index_fingerprint(output: StagedOutput) -> str:
    """Every HTML page of the output (path and bytes digest); "" when the output keeps no manifest."""
    if not isinstance(output, CachingOutput):
        return ""
    pages = sorted(f"{rel}\0{entry.digest}" for rel, entry in output.manifest.items() if rel.endswith(".html"))
    return digest("pagefind", EXCLUDE, *pages)


def _keep_bundle(output: StagedOutput, fingerprint: str | None) -> bool:
    """Keep the previous build's bundle when it was made from pages with ``fingerprint``
    and is intact on disk; with ``fingerprint=None`` (the live preview) whatever it was
    made from, recorded as stale (see :func:`_keep_stale`)."""
    if not isinstance(output, CachingOutput) or not output.in_place:
        return False
    files = {rel: entry for rel, entry in output.previous.items() if rel.startswith(PAGEFIND_DIR + "/")}
    if _ENTRY not in files or any(not e.fingerprint for e in files.values()):
        return False
    if fingerprint is None:
        return _keep_stale(output, files)
    if any(e.fingerprint != fingerprint for e in files.values()):
        return False
    kept: list[str] = []
    for rel, entry in files.items():
        if not output.is_fresh(rel, entry.fingerprint):
            for done in kept:  # a damaged bundle is made again, whole
                output.manifest.pop(done, None)
            return False
        kept.append(rel)
    return True


#: the mtime a stale bundle's files are recorded with: no file has it, so the next
#: build never finds the output unchanged, and indexes again unless it is a live preview
_STALE_MTIME = -1


def _keep_stale(output: CachingOutput, files: dict[str, PageEntry]) -> bool:
    for rel, entry in files.items():
        try:
            st = os.stat(output.out / rel)
        except OSError:
            return False
        if st.st_size != entry.size or entry.mtime_ns not in (st.st_mtime_ns, _STALE_MTIME):
            return False
    for rel, entry in files.items():
        output.manifest[rel] = PageEntry(entry.fingerprint, entry.digest, entry.size, _STALE_MTIME)
    return True


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


def run_pagefind(output: StagedOutput, reporter: Reporter, fingerprint: str = "") -> bool:
    """Index the site's HTML into ``pagefind/`` of ``output``; False when it could not."""
    exe = pagefind_executable()
    if exe is None:
        reporter.warning(
            "",
            0,
            "search: Pagefind is not installed, so the site has no search index "
            "(install it with: pip install 'pagefind[bin]')",
        )
        return False
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=output.out.parent) as tmp:
        bundle = Path(tmp) / "bundle"
        command = [
            str(exe),
            "--site",
            str(_html_view(output, Path(tmp) / "site")),
            "--output-path",
            str(bundle),
            "--exclude-selectors",
            EXCLUDE,
            "--keep-index-url",
            "--silent",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            reporter.error("", 0, f"search: Pagefind could not run: {exc}")
            return False
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            reporter.error("", 0, f"search: Pagefind failed: {' '.join(detail[-3:]) or done.returncode}")
            return False
        # a Pagefind whose files we do not know stays usable, only not byte-stable
        with contextlib.suppress(ValueError, KeyError, IndexError, TypeError, OSError, gzip.BadGzipFile):
            canonicalise_bundle(bundle)
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and path.name not in _UNUSED:
                rel = f"{PAGEFIND_DIR}/{path.relative_to(bundle).as_posix()}"
                if isinstance(output, CachingOutput):
                    output.write_bytes(rel, path.read_bytes(), fingerprint)
                else:
                    output.write_bytes(rel, path.read_bytes())
    return True


def _html_view(output: StagedOutput, scratch: Path) -> Path:
    """A folder holding every HTML page of the site as this build leaves it.

    A full build stages every page; an in-place incremental one
    (``incremental.CachingOutput``) stages only the changed pages and keeps the
    others in the output folder, so the view links both into ``scratch``.
    """
    if not getattr(output, "in_place", False):
        return output.staging
    manifest: dict[str, object] = getattr(output, "manifest", {})
    pending: set[str] = getattr(output, "pending", set())
    for rel in manifest:
        if not rel.endswith(".html"):
            continue
        source = (output.staging if rel in pending else output.out) / rel
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    return scratch


# ----- byte-stable output ----------------------------------------------------------
#
# Pagefind (1.5) writes the filter index and the metadata file from hash maps, so
# two runs over the same pages can list filters and filter values in another
# order, under other file names (Pagefind issue #638). The site's output must be
# the same bytes for the same input, so those files are rewritten with their
# lists sorted and named by a hash of their content. Their format: gzip of
# "pagefind_dcd" + CBOR; a filter file is [name, [[value, [page, ...]], ...]],
# the metadata file [version, pages, index chunks, [[filter, file], ...], sorts, meta].

_SIGNATURE = b"pagefind_dcd"


def canonicalise_bundle(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for info in entry["languages"].values():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        lang = str(info["hash"]).split("_", 1)[0]
        filters = []
        for name, file_hash in meta[3]:
            filter_path = bundle / "filter" / f"{file_hash}.pf_filter"
            data = _read(filter_path)
            data[1] = sorted(data[1], key=lambda item: str(item[0]))
            new_hash = _write(bundle / "filter", lang, data, ".pf_filter", 7)
            if new_hash != file_hash:
                filter_path.unlink()
            filters.append([name, new_hash])
        meta[3] = sorted(filters, key=lambda item: str(item[0]))
        new_meta = _write(bundle, lang, meta, ".pf_meta", 10, prefix="pagefind.")
        if new_meta != info["hash"]:
            meta_path.unlink()
        info["hash"] = new_meta
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    value, end = _cbor_decode(raw, len(_SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{path.name}: trailing bytes")
    return value


def _write(folder: Path, lang: str, value: Any, suffix: str, digits: int, prefix: str = "") -> str:
    raw = _SIGNATURE + _cbor_encode(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def _cbor_decode(data: bytes, i: int) -> tuple[Any, int]:
    """The subset of CBOR (RFC 8949) Pagefind writes: integers, strings, bytes, arrays, maps."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"CBOR: indefinite or reserved length {info}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major == 2:
        return bytes(data[i : i + arg]), i + arg
    if major == 3:
        return data[i : i + arg].decode("utf-8"), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping: dict[Any, Any] = {}
        for _ in range(arg):
            key, i = _cbor_decode(data, i)
            mapping[key] = None
            mapping[key], i = _cbor_decode(data, i)
        return mapping, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"CBOR: major type {major} not supported")


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("CBOR: integer too large")


def _cbor_encode(value: Any) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise ValueError(f"CBOR: cannot encode {type(value).__name__}")
