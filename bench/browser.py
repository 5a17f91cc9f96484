"""How the benchmarks and the browser tests start Chromium.

Debian's Chromium (never a downloaded browser), headless, with the background
services off: this machine has no network beyond the package registries, and
Chromium's own connections would otherwise be refused many at a time.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
