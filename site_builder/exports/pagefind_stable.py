"""Pagefind's bundles made byte-stable: the same pages, the same files.

Pagefind (1.5) writes the filter index and the metadata file from hash maps, so
two runs over the same pages can list filters and filter values in another
order, under other file names (Pagefind issue #638). The site's output must be
the same bytes for the same input, so those files are rewritten with their
lists sorted and named by a hash of their content. Their format: gzip of
"pagefind_dcd" + CBOR; a filter file is [name, [[value, [page, ...]], ...]],
the metadata file [version, pages, index chunks, [[filter, file], ...], sorts, meta].
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

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
