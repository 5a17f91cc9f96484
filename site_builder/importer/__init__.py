"""``site-builder import``: turn resolution texts as users have them (Official
Records compilations, text extracted from official PDFs, third-party Markdown
or flat-text extractions) into content files.

Each file's form is detected and said; a file in no known form is refused.
Every resolution is split out, its metadata read from the masthead and the
adoption record, its text restored as the Markdown of docs/content-format.md,
checked word for word against the source, and validated by the site's own
front-matter reader. Each file is imported or refused on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from site_builder import sources
from site_builder.config import CONFIG_FILE, SiteConfig, load_config
from site_builder.diagnostics import Reporter
from site_builder.importer import bodies, editorial, extraction, pdftext, records
from site_builder.importer.convert import convert
from site_builder.importer.detect import recognise
from site_builder.importer.model import Piece, Problem, Source
from site_builder.importer.plan import Planned, clashes, destination, front_matter, validate, write

__all__ = ["import_files"]


def import_files(
    files: Sequence[Path],
    *,
    site: Path,
    body: str | None,
    dry_run: bool,
    force: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    """Returns the exit code: 0 ok, 1 problems. Each file is imported or refused
    on its own: the files of a refused one are not written, the others are."""
    reporter = Reporter()
    config = _config(site, reporter)
    if body is not None and body not in config.bodies:
        reporter.error("", 0, f"--body: unknown body '{body}'; bodies are {', '.join(config.bodies)}")
    if not files:
        reporter.error("", 0, "no files to import")
    if reporter.errors:
        for diagnostic in reporter.diagnostics:
            print(diagnostic.format(), file=err)
        print(f"import: {len(reporter.errors)} problem(s); nothing written", file=err)
        return 1
    planned: list[Planned] = []
    refused: dict[str, str] = {}
    for path in files:
        file_reporter = Reporter()
        items = _import_file(path, site, body, config, file_reporter, out)
        clashes(items, planned, force, file_reporter)
        for diagnostic in file_reporter.diagnostics:
            print(diagnostic.format(), file=err)
        if file_reporter.errors:
            first = file_reporter.errors[0]
            more = len(file_reporter.errors) - 1
            where = f"line {first.line}: " if first.line else ""
            refused[str(path)] = where + first.message + (f" (and {more} more)" if more else "")
        else:
            planned += items
    if refused:
        print(f"import: {len(refused)} file(s) refused, nothing written from them:", file=err)
        for display, reason in refused.items():
            print(f"  {display}: {reason}", file=err)
    code = 1 if refused else 0
    if dry_run:
        if planned and not (site / CONFIG_FILE).exists():
            print(f"{site / CONFIG_FILE} would be written (the site has no configuration)", file=out)
        print(f"dry run: {len(planned)} file(s) would be written; nothing written", file=out)
        return code
    if write(planned, site):
        print(f"{site / CONFIG_FILE}: written (the site had no configuration)", file=out)
    print(f"imported {len(planned)} resolution(s) into {site / 'content'}", file=out)
    return code


def _config(site: Path, reporter: Reporter) -> SiteConfig:
    if not (site / CONFIG_FILE).is_file():
        return SiteConfig(root=site)
    config_reporter = Reporter()
    config = load_config(site, config_reporter)
    reporter.extend(config_reporter.diagnostics)
    return config


def _import_file(
    path: Path, site: Path, body: str | None, config: SiteConfig, reporter: Reporter, out: TextIO
) -> list[Planned]:
    display = str(path)
    found = recognise(path, display)
    if isinstance(found, Problem):
        reporter.error(display, found.line, f"refused: {found.message}")
        return []
    source = found
    print(f"{display}: read as {source.form}", file=out)
    _read(source, config)
    _report(display, source.problems, reporter)
    if not source.pieces and not source.problems:
        reporter.error(display, 0, "refused: no resolution found in it")
    planned = []
    for piece in source.pieces:
        item = _plan_piece(display, piece, site, body, config, reporter)
        _report(display, piece.problems, reporter)
        if item is not None:
            planned.append(item)
            print(f"  {piece.symbol} -> {item.rel} ({item.summary})", file=out)
    return planned


def _read(source: Source, config: SiteConfig) -> None:
    if source.form == records.FORM:
        records.read(source)
    elif source.form == pdftext.FORM:
        pdftext.read(source, config)
    else:
        extraction.read(source, config)


def _report(display: str, problems: list[Problem], reporter: Reporter) -> None:
    for problem in problems:
        if problem.error:
            reporter.error(display, problem.line, problem.message)
        else:
            reporter.warning(display, problem.line, problem.message)


def _plan_piece(
    display: str, piece: Piece, site: Path, body: str | None, config: SiteConfig, reporter: Reporter
) -> Planned | None:
    converted = convert(piece)
    key = _body(piece, body, config, converted.markdown)
    if key is None:
        piece.error(piece.line, f"{piece.symbol}: cannot tell the body that adopted it; give --body")
        return None
    if body is not None and key != body:
        piece.error(piece.line, f"{piece.symbol}: the source says body '{key}', --body says '{body}'")
        return None
    rel = destination(piece, key, config)
    if rel is None:
        piece.error(piece.line, f"{piece.symbol} does not fit the numbering of the {config.bodies[key].name}")
        return None
    if (outside := sources.leads_outside(site, site / rel)) is not None:
        piece.error(piece.line, f"{piece.symbol}: {outside}")
        return None
    if any(p.error for p in piece.problems):
        return None
    noted = editorial.notes(piece, converted.blocks, converted.markdown, key, config)
    if noted:
        piece.meta["editorial"] = noted
    content = front_matter(piece, key) + converted.markdown
    if not validate(rel, content, config, reporter):
        piece.error(piece.line, f"{piece.symbol}: the file made for it does not validate (see {rel})")
        return None
    return Planned(display, piece, rel, site / rel, content, converted.stats.describe())


def _body(piece: Piece, given: str | None, config: SiteConfig, markdown: str) -> str | None:
    if piece.body is not None:
        return piece.body
    if given is not None:
        return given
    for line in markdown.splitlines():
        key = bodies.from_formula(line, config)
        if key is not None and not line.startswith(">"):
            return key
    return bodies.from_number(piece.symbol or "", config)
