"""Shared helpers: small sites written inline, the CLI, and HTML parsing."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM, LAUNCH_ARGS
from site_builder.cli import main
from site_builder.model import Resolution
from site_builder.numbering import parse_number

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

DEFAULT_SITE_YAML = "title: Test site\n"


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a site from ``{"content/a.md": "...", ...}``; adds a site.yaml when missing."""
    files = dict(files)
    files.setdefault("site.yaml", DEFAULT_SITE_YAML)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    def make(files: dict[str, str | bytes]) -> Path:
        return write_site(tmp_path / "site", files)

    return make


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@dataclass
class ParsedPage:
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (href, attrs)
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.page.links.append((a["href"], a))
        if tag == "link" and "href" in a:
            self.page.links.append((a["href"], a))

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join("".join(self._text).split())


def parse_html(path: Path) -> ParsedPage:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


RESOLUTION = """\
---
symbol: {symbol}
body: {body}
title: {title}
date: {date}
meeting: {meeting}
---

*The General Assembly*,

*Recalling* its earlier work,

1. *Decides* to act.

*{meeting}th plenary meeting  
{date}*
"""


def resolution(
    symbol: str = "57/173",
    body: str = "ga",
    title: str = "A test resolution",
    date: str = "2002-12-18",
    meeting: int = 77,
) -> str:
    return RESOLUTION.format(symbol=symbol, body=body, title=title, date=date, meeting=meeting)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright; the test skips without them."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian's chromium package)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is missing")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, timeout=30_000)
        yield launched
        launched.close()


def text_resolution(text: str, body: str = "ga") -> Resolution:
    """A resolution record around a Markdown text, for rendering tests."""
    symbol = {"ga": "57/173", "ecosoc": "2003/22", "sc": "1373 (2001)"}[body]
    number = parse_number(symbol)
    assert number is not None
    return Resolution(
        path="content/x.md",
        body=body,
        number=number,
        document="A/RES/57/173",
        canonical="A/RES/57/173",
        title="T",
        date=dt.date(2002, 12, 18),
        meeting=77,
        text=text,
        text_line=1,
    )
