"""The fast path (site_builder/markdown/accel/) against markdown-it.

For every text here the fast path either declines (``None``) or gives exactly what
markdown-it gives: the same tokens after the block and inline stages (and the same
``env["footnotes"]``), the same tokens after all core rules, and the same rendering:
HTML, footnotes, paragraphs, footnote labels, citations, problems and AKN.
The texts: the bundled content, the Markdown and citation fixtures, the real
sources imported (when ../shared is here), 300 generated resolutions, and a seeded
fuzz set of small documents made of the subset's pieces and of near misses.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import read_fixture_file

from bench.corpus import generate
from site_builder.config import SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.exports.akn import akn_from_tokens
from site_builder.frontmatter import parse_resolution
from site_builder.markdown import make_parser, render_tokens
from site_builder.markdown.accel import core_rules_after_inline, fast_tokens, parse_fast
from site_builder.markdown.accel import tokenize as parse_tokens
from site_builder.model import Resolution
from tests.conftest import text_resolution

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = ROOT.parent / "shared" / "sources"

CONFIG = SiteConfig(root=Path("."))
MD = make_parser(CONFIG)
_FIRST_STAGES = [rule.fn for rule in MD.core.ruler.__rules__ if rule.enabled][:3]


def _dump(tokens: list[Token]) -> list[Any]:
    return [dict(t.as_dict()) for t in tokens]


def _markdown_it_stages(src: str) -> tuple[list[Token], dict[str, Any]]:
    """markdown-it's normalize, block and inline stages alone."""
    env: dict[str, Any] = {}
    state = StateCore(src, MD, env)
    for rule in _FIRST_STAGES:
        rule(state)
    return state.tokens, env


def check(resolution: Resolution, doc_id: str | None = None) -> bool:
    """Asserts the fast path's equivalence for one text; returns whether it was taken."""
    src = resolution.text
    fast_env: dict[str, Any] = {}
    fast = parse_fast(src, fast_env)
    if fast is None:
        assert fast_env == {}, "a declined text leaves env alone"
        return False
    slow, slow_env = _markdown_it_stages(src)
    assert _dump(fast) == _dump(slow)
    assert fast_env == slow_env

    def env() -> dict[str, Any]:
        return {"speaker": resolution.body, "line_offset": 0, "problems": [], "citations": []}

    env_fast, env_slow = env(), env()
    assert _dump(parse_tokens(MD, src, env_fast)) == _dump(MD.parse(src, env_slow))
    assert env_fast == env_slow

    out_fast, tokens_fast = render_tokens(MD, resolution, doc_id=doc_id)
    out_slow, tokens_slow = render_tokens(MD, resolution, doc_id=doc_id, fast=False)
    assert out_fast.html == out_slow.html
    assert out_fast.footnotes_html == out_slow.footnotes_html
    assert out_fast.paragraphs == out_slow.paragraphs
    assert out_fast.footnote_labels == out_slow.footnote_labels
    assert out_fast.citations == out_slow.citations
    assert out_fast.problems == out_slow.problems
    assert akn_from_tokens(resolution, CONFIG, tokens_fast) == akn_from_tokens(resolution, CONFIG, tokens_slow)
    assert out_fast == out_slow
    return True


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if not p.name.startswith(("_", ".")) and "README" not in p.name)


def _load(root: Path, path: Path, config: SiteConfig) -> Resolution:
    reporter = Reporter()
    resolution = parse_resolution(path.relative_to(root).as_posix(), path.read_bytes(), config, reporter)
    assert resolution is not None, reporter.diagnostics
    return resolution


# ----- the bundled content, the fixtures ----------------------------------------------


def test_the_bundled_content_takes_the_fast_path_with_the_same_result() -> None:
    files = _files(ROOT / "content")
    assert files
    taken = [check(_load(ROOT, path, CONFIG)) for path in files]
    assert all(taken), [str(p) for p, t in zip(files, taken, strict=True) if not t]


def _fixture_texts() -> list[tuple[str, str]]:
    out = []
    for folder in ("markdown", "citations"):
        for path in sorted((FIXTURES / folder).glob("*.md")):
            for line, title, text, _expected in read_fixture_file(path):
                out.append((f"{folder}/{path.name}:{line} {title}", text))
    return out


@pytest.mark.parametrize(("name", "text"), _fixture_texts(), ids=lambda v: str(v)[:60])
def test_fixture(name: str, text: str) -> None:
    check(text_resolution(text))
    check(text_resolution(text, "ecosoc"), doc_id="e-2003-22")


# ----- the real sources, imported ------------------------------------------------------


def test_the_real_sources_take_the_fast_path_with_the_same_result(tmp_path: Path) -> None:
    if not (SOURCES / "ga-80").is_dir():
        pytest.skip(f"the real sources are not here: {SOURCES}")
    from site_builder.importer import import_files

    files = [*sorted((SOURCES / "ga-80").iterdir()), SOURCES / "ecosoc-2003-official-records-excerpt.md"]
    site = tmp_path / "imported"
    err = io.StringIO()
    code = import_files(files, site=site, body=None, dry_run=False, force=False, out=io.StringIO(), err=err)
    assert code == 0, f"the importer refused the sources: {err.getvalue()}"
    config = SiteConfig(root=site)
    paths = _files(site / "content")
    assert len(paths) >= 10
    taken = [check(_load(site, path, config)) for path in paths]
    assert sum(taken) >= 0.9 * len(paths)


# ----- generated resolutions -------------------------------------------------------------


def test_generated_resolutions_take_the_fast_path_with_the_same_result(tmp_path: Path) -> None:
    files = {rel: text for rel, text in generate(300, seed=7).items() if rel.endswith(".md")}
    config = SiteConfig(root=tmp_path)
    taken = 0
    for rel, text in files.items():
        reporter = Reporter()
        resolution = parse_resolution(rel, text.encode("utf-8"), config, reporter)
        assert resolution is not None, reporter.diagnostics
        taken += check(resolution)
    assert taken >= 0.95 * len(files)


# ----- fuzz: the subset's pieces and near misses -------------------------------------------

_WORDS = ["the", "Assembly", "resolution", "57/173", "of", "18", "December", "2002", "report", "A/57/152", "States"]
_INLINE_PIECES = [
    "*Recalling*",
    "*Noting with concern*",
    "*“Recalling*",
    "*The General Assembly*,",
    "[^1]",
    "[^2]",
    "[^75]",
    "\\*",
    "\\[",
    "\\\\",
    "\\a",
    "\\.",
    ":",
    ";",
    "-",
    "(a)",
    "“quoted”",
    "resolution 1373 (2001)",
    "Security Council resolution 1456 (2003)",
    "its resolution 56/1 of 12 September 2001",
    "A/RES/57/173",
    "# not a heading",
    "x#y",
    "~",
    "^",
    "=",
    "+",
    "@",
    "{}",
]
_INLINE_MISSES = [
    "**strong**",
    "_under_",
    "`code`",
    "[link](x)",
    "[^1](x)",
    "[^ 1]",
    "[x]",
    "]",
    "&amp;",
    "<b>",
    "!",
    "|",
    "foo*bar*baz",
    "*unclosed",
    "closed*",
    "* *",
    "*a *b* c*",
    "*\u00a0x*",
    "*—*",
    "\\",
]
_LINE_PIECES = [
    "",
    "",
    "",
    "   ",
    "## II. Programme budget",
    "## Annex",
    "### Sub",
    "# Top",
    "> *“The General Assembly,*",
    "> “1. *Decides* x;",
    ">",
    "> ",
    "> 1. quoted item",
    "> ## Quoted heading",
    "1. *Requests* the Secretary-General:",
    "6. *Decides* to remain seized of the matter.",
    "10. *Invites* all States",
    "   (a) To report;",
    "   (b) To submit;",
    "[^1]: See A/57/152.",
    "[^2]: Ibid.",
    "[^75]:  Two spaces.",
    "*44th plenary meeting  ",
    "22 July 2003*",
    "text with a hard break\\",
    "Adopted by the Security Council at its 4385th meeting, on 28 September 2001",
]
_LINE_MISSES = [
    "    (c) Four spaces;",
    "  (d) Two spaces;",
    "- bullet",
    "* bullet",
    "+ bullet",
    "1) paren",
    "2.",
    "3.  two spaces",
    "    indented code",
    "\tTab",
    "===",
    "---",
    "***",
    ">> nested",
    " > indented quote",
    "[ref]: https://example.org",
    "[^x]:",
    "[^a b]: spaced label",
    "## Closed ##",
    "#nohash",
    "####### seven",
    "##",
    "   1. indented item",
    "1. > quote in item",
    "1. # heading in item",
    "lazy continuation",
    "trailing spaces   ",
    "a\r",
    "\u2003Em space",
]


def _inline_text(rng: random.Random, miss: float) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        if rng.random() < miss:
            parts.append(rng.choice(_INLINE_MISSES))
        elif rng.random() < 0.35:
            parts.append(rng.choice(_INLINE_PIECES))
        else:
            parts.append(rng.choice(_WORDS))
    sep = rng.choice([" ", " ", " ", "", "\n", "  \n"])
    return sep.join(parts) if rng.random() < 0.3 else " ".join(parts)


def _document(rng: random.Random, miss: float) -> str:
    lines = []
    apart = 0.9 if miss == 0 else 0.6  # how often a block is followed by a blank line
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.45:
            piece = rng.choice(_LINE_MISSES if rng.random() < miss else _LINE_PIECES)
            if piece and not piece.endswith((":", ";", "*", "\\", "  ")) and rng.random() < 0.5:
                piece += " " + _inline_text(rng, miss)
            lines.append(piece)
        elif roll < 0.85:
            lines.append(_inline_text(rng, miss))
        else:
            prefix = rng.choice(["> ", "   ", "1. ", "[^1]: ", "## "])
            lines.append(prefix + _inline_text(rng, miss).replace("\n", "\n" + prefix.replace("1. ", "   ")))
        if rng.random() < apart:
            lines.append("")
    end = rng.choice(["\n", "", "\n\n", "  \n"])
    return "\n".join(lines) + end


@pytest.mark.parametrize(("seed", "miss", "least"), [(20240611, 0.0, 0.4), (7, 0.03, 0.15), (11, 0.3, 0.02)])
def test_fuzz(seed: int, miss: float, least: float) -> None:
    """``miss``: how often a near miss is drawn; ``least``: the share that must take the fast path."""
    rng = random.Random(seed)
    taken = 0
    total = 1500
    for _ in range(total):
        text = _document(rng, miss)
        try:
            taken += check(text_resolution(text, rng.choice(["ga", "ecosoc", "sc"])))
        except AssertionError as exc:
            raise AssertionError(f"differs for {text!r}") from exc
    # the set must exercise the fast path, not only its refusals
    assert taken >= least * total


def test_a_parser_configured_otherwise_gets_no_fast_path() -> None:
    plain = MarkdownIt("commonmark")
    assert core_rules_after_inline(plain) is None
    assert fast_tokens(plain, "*Recalling* x,\n", {}) is None
    assert core_rules_after_inline(MD) is not None
    assert fast_tokens(MD, "*Recalling* x,\n", {}) is not None


def test_declines_leave_env_untouched_and_empty_texts_go_to_markdown_it() -> None:
    env: dict[str, Any] = {}
    assert parse_fast("Text.[^1]\n\n[^1]: Note with `code`.\n", env) is None
    assert env == {}
    assert parse_fast("", env) is None
    assert parse_fast("\n  \n", env) is None
    assert fast_tokens(MD, "Text.\n", {"footnotes": {}}) is None


EDGE_CASES = [
    "1. a\n2. b\n3. c\n",
    "1. a\n\n2. b\n3. c\n",
    "1. a\n\n   (a) x\n2. b\n",
    "10. a\n\n   (a) x\n\n11. b\n",
    "1. a\n\n\n\n2. b",
    "1. a\n\n   b\n\n   c\n2. d",
    "1. a\n   b\n",
    "1. a\nb\n",
    "1. a\n> b\n",
    "1. a\n\n## H\n",
    "> a\n>\n> b\n\nc\n",
    "> 1. a\n>\n> 2. b\n",
    "> 1. a\n> 2. b\n\n3. c\n",
    "> a\n>\n",
    "> a\n>\n\n\nb",
    "[^1]: a\n\n    more\n\nText[^1]\n",
    "Text[^1][^1][^2]\n\n[^1]: one\n\n[^2]: two\n",
    "Text[^2]\n\n[^1]: one\n\n[^1]: again\n",
    "*a*  \n*b*\n",
    "a \nb\n",
    "a\\\nb\n",
    "a  \n   b\n",
    "*a\nb*\n",
    "## A\ntext\n",
    "text\n## A\n",
    "   text\n  more\n",
    "[^1]\n",
    "[^1]: x\n",
    "x [^a.b-c] y\n\n[^a.b-c]: z\n",
    "\n\n\ntext\n\n\n",
    "text",
    "a\n\n\n> b\n\n\n1. c\n\n\n[^1]: d",
    "ab:",
    "a:",
    "*“The General Assembly,*\n",
    "“1. *Encourages* x;”\n",
    "*Recalling*,[^75] x,\n\n[^75]: See.",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_case(text: str) -> None:
    check(text_resolution(text))
