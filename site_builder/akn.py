"""The Akoma Ntoso export moved to ``site_builder.exports.akn``; this name stays for the
build's current callers (``build.py``, ``feeds.py``) until the orchestrator imports
the package directly."""

from __future__ import annotations

from site_builder.exports.akn import (
    AKN_FILE,
    AKN_NS,
    MEDIA_TYPE,
    akn_document,
    akn_fingerprint,
    akn_from_tokens,
    akn_path,
    work_uri,
    write_akn,
)

__all__ = [
    "AKN_FILE",
    "AKN_NS",
    "MEDIA_TYPE",
    "akn_document",
    "akn_fingerprint",
    "akn_from_tokens",
    "akn_path",
    "work_uri",
    "write_akn",
]
