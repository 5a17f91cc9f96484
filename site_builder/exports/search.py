"""The symbol map of the search box: every way a resolution's symbol is typed
(``57/173``, ``A/RES/57/173``, ``1373(2001)``, ``S/RES/1373(2001)``, normalised:
upper case, no spaces) to its page, under ``search/symbols/``, split into shards by a
hash of the key, so a lookup fetches one shard of a few kilobytes whatever the size
of the site. ``theme/search.js`` uses it to offer the resolution first.

The full-text index is Pagefind's (``exports.pagefind``), made over the written
pages: resolution pages mark what is indexed with ``data-pagefind-body`` (header,
text, notes) and carry the ``body`` and ``year`` filters
(``templates/_search_data.html``). Every paragraph has an id, so Pagefind records
it as an anchor with its word position; ``search.js`` turns the matched word
positions into results that open the page at ``#para_6``.

That index is split into shards (``search_shards``): one per body and session (GA,
HRC) or year (ECOSOC, SC), the period of the resolution's number, so that a shard
keeps a bounded size whatever the size of the site; a period of more than
``PAGES_PER_SHARD`` pages is split again by a hash of the page's path. Each shard
is its own Pagefind bundle, indexed only when one of its pages changed;
``search.js`` merges them at query time with Pagefind's ``mergeIndex``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from site_builder.content import resolution_label
from site_builder.linking import LoadedSite
from site_builder.model import OutFile
from site_builder.urls import page_dir, page_file

SYMBOLS_DIR = "search/symbols"
#: about this many keys per shard of the symbol map
KEYS_PER_SHARD = 64
_SPACE = re.compile(r"\s+")
#: a shard of the full-text index holds at most about this many pages (Pagefind's
#: memory grows with the pages of one run, about a quarter of a MB a page: ~250 MB)
PAGES_PER_SHARD = 1000
_NOT_NAME = re.compile(r"[^a-z0-9]+")


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


def symbol_files(site: LoadedSite) -> list[OutFile]:
    """The symbol map: its index and its shards."""
    shards, shard_map = symbol_map(site)
    index = json.dumps({"shards": shards, "version": 1}) + "\n"
    files = [OutFile(f"{SYMBOLS_DIR}/index.json", lambda: index)]
    for n, keys in sorted(shard_map.items()):
        files.append(OutFile(f"{SYMBOLS_DIR}/{n}.json", _compact(keys)))
    return files


def _compact(value: object) -> Callable[[], str]:
    return lambda: json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class SearchShard:
    """One Pagefind bundle: its folder name under ``pagefind/``, its pages (output
    paths, sorted) and the date of its newest resolution."""

    name: str
    pages: tuple[str, ...]
    newest: str


def search_shards(site: LoadedSite) -> list[SearchShard]:
    """The shards of the full-text index, newest first (the order ``search.js`` merges them)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for r in site.resolutions:
        name = _NOT_NAME.sub("-", f"{r.body}-{r.number.period}".lower()).strip("-") or "resolutions"
        groups.setdefault(name, []).append((page_file(page_dir(r)), r.date.isoformat()))
    shards = []
    for name, pages in sorted(groups.items()):
        parts = 1 << max(0, math.ceil(math.log2(len(pages) / PAGES_PER_SHARD)))
        split: dict[str, list[tuple[str, str]]] = {}
        for rel, date in pages:
            split.setdefault(name if parts == 1 else f"{name}.{shard_of(rel, parts)}", []).append((rel, date))
        for part, members in sorted(split.items()):
            shards.append(SearchShard(part, tuple(sorted({rel for rel, _ in members})), max(d for _, d in members)))
    return sorted(shards, key=lambda s: s.newest, reverse=True)


def shards_file(shards: list[SearchShard]) -> str:
    """``pagefind/shards.json``: the shards in the order they are merged; the first
    (``primary``) also holds Pagefind's script and WebAssembly."""
    names = [s.name for s in shards]
    return json.dumps({"primary": names[0] if names else None, "shards": names, "version": 1}) + "\n"
