"""Writing the cache's per-file tables (``pages``, ``files``) by difference: a
rebuild that changed one file rewrites a few rows, not thousands."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any


def save_rows(
    db: sqlite3.Connection, table: str, saved: Mapping[str, Any] | None, rows: Mapping[str, Any]
) -> dict[str, Any]:
    """Make ``table`` hold ``rows`` (by first column), writing only what differs from ``saved``."""
    if saved is None:
        db.execute(f"DELETE FROM {table}")
        saved = {}
    db.executemany(f"DELETE FROM {table} WHERE {_KEYS[table]} = ?", ((k,) for k in saved.keys() - rows.keys()))
    marks = ", ".join("?" * (1 + len(next(iter(rows.values()), ()))))
    changed = [(k, *v) for k, v in rows.items() if saved.get(k) != v]
    if changed:
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", changed)
    return dict(rows)


_KEYS = {"pages": "rel", "files": "path"}
