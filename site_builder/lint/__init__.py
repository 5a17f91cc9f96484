"""Drafting checks: a resolution read as an editor reads it before it is issued.

A pure function of its inputs: the site's configuration, its loaded resolutions (their
text parsed with the site's own Markdown parser, ``site_builder.markdown``) and what the
site as a whole knows (the dates of its resolutions, the symbols cited as decisions).
Each finding names its rule; rules are switched off in ``site.yaml`` or a file's front
matter (``lint: {numbering: off}``). Findings are warnings, errors under ``--strict``.

Rules (``RULES``): numbering, punctuation, opening-words (``text_rules``); metadata,
citations-in-time, footnotes (``site_rules``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.diagnostics import Diagnostic, Level
from site_builder.lint import settings, site_rules, text_rules
from site_builder.lint.document import Document, read
from site_builder.lint.finding import RULES, Finding
from site_builder.lint.site_rules import SiteFacts, facts_of
from site_builder.markdown import make_parser
from site_builder.model import Resolution
from site_builder.urls import resolution_dir

__all__ = ["RULES", "Finding", "LintResult", "lint_document", "lint_site", "run"]


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]
    #: settings that could not be read: (path, line, message)
    problems: tuple[tuple[str, int, str], ...]

    def diagnostics(self, *, strict: bool = False) -> list[Diagnostic]:
        """Findings as ``path:line: rule: reason [#eid]``: warnings, errors under ``strict``."""
        level = Level.ERROR if strict else Level.WARNING
        out = [Diagnostic(path, line, message, Level.ERROR) for path, line, message in self.problems]
        for f in self.findings:
            message = f.text() + (f" [#{f.eid}]" if f.eid else "")
            out.append(Diagnostic(f.path, f.line, message, level))
        return out


def lint_document(
    doc: Document,
    facts: SiteFacts,
    config: SiteConfig,
    enabled: frozenset[str],
    field_line: Callable[[str], int] = lambda field: 0,
) -> Iterator[Finding]:
    """Every enabled rule over one resolution; ``field_line`` gives the line of a front
    matter field, for the findings about one."""
    body = config.bodies.get(doc.resolution.body)
    if "numbering" in enabled:
        yield from text_rules.numbering(doc)
    if "punctuation" in enabled and not doc.resolution.partial:
        # a paragraph an editor's note says the source cuts off ends where the source ends
        cut = {at for at, kind, _ in doc.resolution.editorial if kind == "cut"}
        yield from (f for f in text_rules.punctuation(doc) if f.eid not in cut)
    if "opening-words" in enabled:
        yield from text_rules.opening_words(doc)
    if "metadata" in enabled:
        yield from site_rules.metadata(doc, body, field_line)
    if "citations-in-time" in enabled:
        yield from site_rules.citations_in_time(doc, facts, config.bodies)
    if "footnotes" in enabled:
        yield from site_rules.footnotes(doc)


def run(config: SiteConfig, resolutions: Sequence[Resolution]) -> LintResult:
    """Lint every resolution of a site."""
    problems: list[tuple[str, int, str]] = []
    site_on = settings.site_switches(config, problems)
    md = make_parser(config)
    key = hashlib.sha256(config.source_text.encode("utf-8")).hexdigest()
    memo = _MEMO if key in _MEMO_KEY else {}
    documents = []
    for r in resolutions:
        doc = memo.get((r.path, r.digest, str(r.text_line))) if r.digest else None
        documents.append(doc if doc is not None else read(md, r))
    _remember(key, config.root, documents)
    facts = facts_of(documents)
    findings: list[Finding] = []
    for doc in documents:
        switches = {**site_on, **settings.file_switches(config.root, doc.resolution.path, problems)}
        enabled = frozenset(rule for rule in RULES if switches.get(rule, True))
        lines = settings.field_lines(config.root, doc.resolution.path)
        findings.extend(lint_document(doc, facts, config, enabled, lines))
    return LintResult(tuple(sorted(set(findings))), tuple(problems))


#: the documents of the last run, by (path, digest, text line), and the configuration they
#: were read with: the live preview rebuilds in one process, and a save changes one file
_MEMO: dict[tuple[str, str, str], Document] = {}
_MEMO_KEY: list[str] = []
#: each content file's page folder ("ga/80-24/") as of the last run, by absolute path,
#: for the live preview
PAGES: dict[str, str] = {}


def _remember(key: str, root: Path, documents: list[Document]) -> None:
    _MEMO.clear()
    _MEMO_KEY[:] = [key]
    PAGES.clear()
    for d in documents:
        PAGES[str(root.resolve() / d.resolution.path)] = resolution_dir(d.resolution.body, d.resolution.number)
    for doc in documents:
        r = doc.resolution
        if r.digest:
            _MEMO[(r.path, r.digest, str(r.text_line))] = doc


def adopt(config: SiteConfig, documents: Iterable[Document]) -> None:
    """Documents the render stage made from its own parse of each text
    (``document.from_tokens``): the next :func:`run` with this configuration reads them
    instead of parsing the texts again."""
    key = hashlib.sha256(config.source_text.encode("utf-8")).hexdigest()
    if key not in _MEMO_KEY:
        _MEMO.clear()
        _MEMO_KEY[:] = [key]
    for doc in documents:
        r = doc.resolution
        if r.digest:
            _MEMO[(r.path, r.digest, str(r.text_line))] = doc


def lint_site(config: SiteConfig, resolutions: Sequence[Resolution], *, strict: bool = False) -> list[Diagnostic]:
    """The build's call: the findings as diagnostics."""
    return run(config, resolutions).diagnostics(strict=strict)
