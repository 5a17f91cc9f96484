"""The ``site-builder`` command: build, check, new, serve, import.

Thin: parse the flags, call the stage that does the work, turn problems into
messages and exit codes. No traceback reaches the user unless --debug is given.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder import __version__
from site_builder.diagnostics import BuildFailed, Diagnostic, Level, Reporter

if TYPE_CHECKING:
    from site_builder.linking import LoadedSite


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        result: int = args.run(args)
        return result
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback
        if getattr(args, "debug", False):
            raise
        print(f"site-builder: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("Run again with --debug for the traceback, and please report it.", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description="Build a static site from resolution texts.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="build the site into build/")
    build.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    build.add_argument("--out", type=Path, default=None, help="the output folder (default: SITE/build)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.set_defaults(run=_run_build)

    check = sub.add_parser("check", help="run every check without writing output")
    check.add_argument("--site", type=Path, default=Path("."))
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "json"), default="text", help="json: machine-readable results")
    check.set_defaults(run=_run_check)

    new = sub.add_parser("new", help="make a new site folder with an example resolution")
    new.add_argument("dir", type=Path)
    new.set_defaults(run=_run_new)

    serve = sub.add_parser("serve", help="build, serve and rebuild on every change (live preview)")
    serve.add_argument("--site", type=Path, default=Path("."))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.set_defaults(run=_run_serve)

    imp = sub.add_parser(
        "import", help="turn source texts (PDF text, Official Records, extractions) into content files"
    )
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--site", type=Path, default=Path("."))
    imp.add_argument("--body", default=None, help="the adopting body's key, when the files do not say")
    imp.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    imp.add_argument("--force", action="store_true", help="overwrite existing content files")
    imp.set_defaults(run=_run_import)

    from site_builder.series.command import add_parser as add_compare

    add_compare(sub, _load_site)
    return parser


def _load_site(root: Path, reporter: Reporter) -> LoadedSite:
    from site_builder.build import load_site

    return load_site(root, reporter)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for d in diagnostics:
        print(d.format(), file=sys.stderr)


def _summary(diagnostics: Sequence[Diagnostic], strict: bool) -> str:
    errors = sum(1 for d in diagnostics if d.level is Level.ERROR)
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}" + (" (--strict)" if strict else ""))
    return ", ".join(parts)


def _site_root(site: Path) -> Path | None:
    if not (site / "site.yaml").is_file():
        print(
            f"site-builder: no site.yaml in {site.resolve()}: is this a site folder? "
            "(make one with 'site-builder new DIR', or pass --site DIR)",
            file=sys.stderr,
        )
        return None
    return site


def _run_build(args: argparse.Namespace) -> int:
    from site_builder.build import build_site

    root = _site_root(args.site)
    if root is None:
        return 1
    start = time.perf_counter()
    try:
        result = build_site(root, args.out, strict=args.strict)
    except OSError as exc:  # a full disk, a read-only folder: the old output is kept
        print(f"site-builder: cannot write the output: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics)
        out = args.out or root / "build"
        print(f"Build failed: {_summary(failed.diagnostics, args.strict)}; {out} was left as it was.", file=sys.stderr)
        return 1
    print_diagnostics(result.diagnostics)
    if not args.quiet:
        seconds = time.perf_counter() - start
        plural = "" if result.resolutions == 1 else "s"
        print(
            f"Built {result.resolutions} resolution{plural} ({result.pages} pages) "
            f"into {result.out} in {seconds:.2f} s; "
            f"citations: {result.citations} found, {result.internal_citations} internal, "
            f"{result.external_citations} external"
        )
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from site_builder.build import build_site
    from site_builder.lint.report import as_json

    root = _site_root(args.site)
    if root is None:
        return 1
    try:
        result = build_site(root, strict=args.strict, write=False)
    except BuildFailed as failed:
        if args.format == "json":
            print(as_json(failed.diagnostics, strict=args.strict, resolutions=None, ok=False))
            return 1
        print_diagnostics(failed.diagnostics)
        print(f"Check failed: {_summary(failed.diagnostics, args.strict)}.", file=sys.stderr)
        return 1
    if args.format == "json":
        print(as_json(result.diagnostics, strict=args.strict, resolutions=result.resolutions, ok=True))
        return 0
    print_diagnostics(result.diagnostics)
    print(
        f"Checked {result.resolutions} resolutions: citations: {result.citations} found, "
        f"{result.internal_citations} internal, {result.external_citations} external"
        + (f"; {_summary(result.diagnostics, False)}" if result.diagnostics else "; no problems")
    )
    return 0


def _run_new(args: argparse.Namespace) -> int:
    from site_builder.scaffold import ScaffoldError, make_site

    try:
        made = make_site(args.dir)
    except ScaffoldError as exc:
        print(f"site-builder: {exc}", file=sys.stderr)
        return 1
    for path in made:
        print(f"  wrote {path}")
    print(f"New site in {args.dir}. Build it with: site-builder build --site {args.dir}")
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from site_builder.server import serve

    root = _site_root(args.site)
    if root is None:
        return 1
    code: int = serve(root, host=args.host, port=args.port, open_browser=args.open)
    return code


def _run_import(args: argparse.Namespace) -> int:
    from site_builder.importer import import_files

    code: int = import_files(
        args.files,
        site=args.site,
        body=args.body,
        dry_run=args.dry_run,
        force=args.force,
        out=sys.stdout,
        err=sys.stderr,
    )
    return code
