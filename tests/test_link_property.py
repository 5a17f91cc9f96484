"""Property: on any site, every internal link and #fragment of the output resolves.

Random sites (seeded, so a failure can be replayed) mix bodies and numbering
forms, cite each other with and without pinpoints, cite outside documents, and
carry footnotes, drafts and subparagraphs.
"""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.build import build_site
from tests.conftest import parse_html, write_site

BODIES = {
    "ga": lambda rng: f"{rng.randint(50, 60)}/{rng.randint(1, 40)}",
    "ecosoc": lambda rng: f"{rng.randint(2000, 2005)}/{rng.randint(1, 40)}",
    "sc": lambda rng: f"{rng.randint(1300, 1400)} ({rng.randint(2000, 2005)})",
}
PREFIX = {
    "ga": "General Assembly resolution",
    "ecosoc": "Economic and Social Council resolution",
    "sc": "Security Council resolution",
}
FORMULA = {"ga": "The General Assembly", "ecosoc": "The Economic and Social Council", "sc": "The Security Council"}


def random_site(rng: random.Random) -> dict[str, str | bytes]:
    symbols: dict[str, str] = {}
    while len(symbols) < rng.randint(3, 12):
        body = rng.choice(list(BODIES))
        symbols.setdefault(BODIES[body](rng), body)
    files: dict[str, str | bytes] = {}
    cited = [*symbols.items(), ("99/99", "ga"), ("1999 (2099)", "sc")]
    for n, (symbol, body) in enumerate(sorted(symbols.items())):
        lines = [f"*{FORMULA[body]}*,", ""]
        for _ in range(rng.randint(0, 3)):
            target, tbody = rng.choice(cited)
            lines += [f"*Recalling* {PREFIX[tbody]} {target},", ""]
        operative = rng.randint(1, 6)
        for number in range(1, operative + 1):
            text = f"{number}. *Decides* point {number}"
            if rng.random() < 0.4:
                target, tbody = rng.choice(cited)
                text += f", in line with paragraph {rng.randint(1, 6)} of {PREFIX[tbody].split()[-1]} {target}"
            if rng.random() < 0.3:
                text += f"[^{number + 10 * n}]"
            lines += [text + ";", ""]
            if rng.random() < 0.3:
                lines += ["   (a) first;", "", "   (b) second;", ""]
        if rng.random() < 0.3:
            lines += ["> *“The General Assembly,*", ">", "> “1. *Requests* more.”", ""]
        lines += [f"*{rng.randint(1, 90)}th plenary meeting  ", "1 January 2003*", ""]
        lines += [
            f"[^{k}]: See A/57/152." for k in range(10 * n + 1, 10 * n + operative + 1) if f"[^{k}]" in "\n".join(lines)
        ]
        front = (
            f"---\nsymbol: {symbol}\nbody: {body}\ntitle: Resolution {n}\n"
            f"date: 2003-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\nmeeting: {rng.randint(1, 90)}\n---\n\n"
        )
        files[f"content/r{n}.md"] = front + "\n".join(lines) + "\n"
    return files


@pytest.mark.parametrize("seed", range(8))
def test_every_internal_link_resolves(tmp_path: Path, seed: int) -> None:
    site = write_site(tmp_path / "site", random_site(random.Random(seed)))
    result = build_site(site, tmp_path / "out")
    out = tmp_path / "out"
    pages = {p: parse_html(p) for p in out.rglob("*.html")}
    internal = 0
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue
        for href, attrs in parsed.links:
            parts = urlsplit(href)
            if parts.scheme:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target in pages or target.is_file(), f"seed {seed}: {page}: broken {href}"
            if parts.fragment and target.suffix == ".html":
                # a pinpoint to a paragraph the target lacks is reported, not linked silently
                missing = parts.fragment not in pages[target].ids
                if missing:
                    assert attrs.get("data-cite"), f"seed {seed}: {page}: no #{parts.fragment} in {href}"
                    assert any(d.message.endswith(f"(#{parts.fragment})") for d in result.diagnostics), (
                        f"seed {seed}: missing pinpoint {href} not reported"
                    )
            internal += 1
    assert internal > 0
