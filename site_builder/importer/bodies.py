"""Which body adopted a resolution: from its official symbol, its formula or
the form of its number, using the site's configured bodies."""

from __future__ import annotations

import re

from site_builder.config import SiteConfig
from site_builder.numbering import parse_number


def from_symbol(symbol: str, config: SiteConfig) -> tuple[str, str] | None:
    """``A/RES/80/3`` -> ("ga", "80/3"); the longest matching symbol prefix wins."""
    symbol = " ".join(symbol.split())
    best: tuple[int, str, str] | None = None
    for key, body in config.bodies.items():
        prefix, _, suffix = body.resolution_symbol.partition("{number}")
        if not symbol.startswith(prefix) or not symbol.endswith(suffix):
            continue
        number = symbol[len(prefix) : len(symbol) - len(suffix)]
        parsed = parse_number(number, body.numbering)
        if parsed and (best is None or len(prefix) > best[0]):
            best = (len(prefix), key, parsed.display)
    return (best[1], best[2]) if best else None


def from_formula(text: str, config: SiteConfig) -> str | None:
    """``The Economic and Social Council`` -> "ecosoc"."""
    words = re.sub(r"[*“”\",\ue000\ue001]", "", text).strip()
    for key, body in config.bodies.items():
        if words == body.formula:
            return key
    return None


def from_number(number: str, config: SiteConfig) -> str | None:
    """A bare number's body by its form: ``2003/22`` -> "ecosoc"."""
    parsed = parse_number(number)
    return config.bare_numbers.get(parsed.form) if parsed else None
