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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from site_builder.config import SiteConfig
from site_builder.diagnostics import Diagnostic, Level
from site_builder.lint import settings, site_rules, text_rules
from site_builder.lint.document import Document, read
from site_builder.lint.finding import RULES, Finding
from site_builder.lint.site_rules import SiteFacts, facts_of
from site_builder.markdown import make_parser
from site_builder.model import Citation, Resolution
from site_builder.urls import resolution_dir

__all__ = ["RULES", "FileLint", "Finding", "LintResult", "file_lint", "lint_document", "run_files"]


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


@dataclass(frozen=True)
class FileLint:
    """What the checks found in one content file on its own (every rule but
    citations-in-time, which looks at the whole site), and what that rule needs of it:
    the build cache keeps it, so that an unchanged file is not parsed again. Valid for
    the same file bytes and text line (``stamp``) under the same ``site.yaml``."""

    stamp: str
    findings: tuple[Finding, ...]
    problems: tuple[settings.Problem, ...]
    citations: tuple[Citation, ...]
    #: whether citations-in-time is on for this file
    in_time: bool


def stamp_of(r: Resolution) -> str:
    return f"{r.digest}:{r.text_line}" if r.digest else ""


def run_files(
    config: SiteConfig, resolutions: Sequence[Resolution], known: Mapping[str, FileLint]
) -> tuple[LintResult, dict[str, FileLint]]:
    """Lint every resolution of a site, taking each file's own findings from ``known``
    (by path, found under the same ``site.yaml``) where its stamp matches; the result
    and each file's own findings now."""
    problems: list[tuple[str, int, str]] = []
    site_on = settings.site_switches(config, problems)
    md: MarkdownIt | None = None
    key = hashlib.sha256(config.source_text.encode("utf-8")).hexdigest()
    memo = _MEMO if key in _MEMO_KEY else {}
    adopted = _ADOPTED if key in _MEMO_KEY else {}
    documents: list[Document] = []
    entries: dict[str, FileLint] = {}
    for r in resolutions:
        stamp = stamp_of(r)
        entry = known.get(r.path) if stamp else None
        if entry is None or entry.stamp != stamp:  # (made by the render stage's parse of it)
            entry = adopted.get(r.path) if stamp else None
        if entry is not None and entry.stamp == stamp:
            entries[r.path] = entry
            documents.append(Document(r, (), entry.citations, (), ()))
            continue
        doc = memo.get((r.path, r.digest, str(r.text_line))) if r.digest else None
        if doc is None:
            md = md or make_parser(config)
            doc = read(md, r)
        documents.append(doc)
    _remember(key, config.root, documents, entries)
    facts = facts_of(documents)
    findings: list[Finding] = []
    for doc in documents:
        r = doc.resolution
        entry = entries.get(r.path)
        if entry is None:
            entry = file_lint(config, doc, site_on, facts)
            if entry.stamp:
                entries[r.path] = entry
        problems.extend(entry.problems)
        findings.extend(entry.findings)
        if entry.in_time:
            findings.extend(site_rules.citations_in_time(doc, facts, config.bodies))
    return LintResult(tuple(sorted(set(findings))), tuple(problems)), entries


def file_lint(
    config: SiteConfig, doc: Document, site_on: Mapping[str, bool], facts: SiteFacts | None = None
) -> FileLint:
    """What the checks find in one file on its own (every rule but citations-in-time,
    which reads no more than the file's citations), under the site's switches
    ``site_on`` (``settings.site_switches``) and the file's own."""
    r = doc.resolution
    own: list[settings.Problem] = []
    switches = {**site_on, **settings.file_switches(config.root, r.path, own)}
    enabled = frozenset(rule for rule in RULES if switches.get(rule, True))
    lines = settings.field_lines(config.root, r.path)
    facts = facts or SiteFacts({}, frozenset(), {})  # (read by citations-in-time only)
    found = tuple(lint_document(doc, facts, config, enabled - {"citations-in-time"}, lines))
    return FileLint(stamp_of(r), found, tuple(own), doc.citations, "citations-in-time" in enabled)


#: the documents of the last run, by (path, digest, text line), and the configuration they
#: were read with: the live preview rebuilds in one process, and a save changes one file
_MEMO: dict[tuple[str, str, str], Document] = {}
#: what the render stage found in each file it parsed (``adopt``), for the next run only
_ADOPTED: dict[str, FileLint] = {}
_MEMO_KEY: list[str] = []
#: each content file's page folder ("ga/80-24/") as of the last run, by absolute path,
#: for the live preview
PAGES: dict[str, str] = {}


def _remember(key: str, root: Path, documents: list[Document], cached: Mapping[str, FileLint]) -> None:
    _MEMO.clear()
    _ADOPTED.clear()
    _MEMO_KEY[:] = [key]
    PAGES.clear()
    root = root.resolve()
    for d in documents:
        PAGES[str(root / d.resolution.path)] = resolution_dir(d.resolution.body, d.resolution.number)
    for doc in documents:
        r = doc.resolution
        if r.digest and r.path not in cached:  # (a cached file's document is not read)
            _MEMO[(r.path, r.digest, str(r.text_line))] = doc


def forget() -> None:
    """Drop the documents kept for the next run: a build that has none (not the live
    preview) does not hold every paragraph's text while it writes the site."""
    _MEMO.clear()
    _ADOPTED.clear()
    _MEMO_KEY.clear()


def adopt(config: SiteConfig, entries: Mapping[str, FileLint]) -> None:
    """What the render stage found in each file with its own parse of the text
    (``document.from_tokens``, then :func:`file_lint`, in its worker processes): the
    next :func:`run_files` with this configuration takes it instead of parsing the
    texts again, and no file's paragraphs are held for the whole site at once."""
    key = hashlib.sha256(config.source_text.encode("utf-8")).hexdigest()
    if key not in _MEMO_KEY:
        _MEMO.clear()
        _ADOPTED.clear()
        _MEMO_KEY[:] = [key]
    _ADOPTED.update((path, e) for path, e in entries.items() if e.stamp)
