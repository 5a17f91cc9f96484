"""``site-builder compare A B [--site DIR] [--format text|html] [--out FILE]``.

Any two resolutions of a site (two sessions of a series, a draft against the adopted
text), aligned as on the comparison pages: printed for a terminal, or one HTML file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_builder.content import resolution_label
from site_builder.diagnostics import Level, Reporter
from site_builder.linking import LoadedSite
from site_builder.model import Resolution
from site_builder.series.align import compare
from site_builder.series.view import text_report
from site_builder.urls import absolute

#: the build's ``load_site`` (passed in by the CLI: the build is above this layer)
Loader = Callable[[Path, Reporter], LoadedSite]


def add_parser(sub: Any, load_site: Loader) -> None:
    """Add the ``compare`` subcommand to the CLI's subparsers; ``load_site`` loads the site."""
    cmd = sub.add_parser("compare", help="show what changed between two resolutions of the site")
    cmd.add_argument("old", help="the earlier resolution: 79/7, A/RES/79/7, ...")
    cmd.add_argument("new", help="the later resolution")
    cmd.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: .)")
    cmd.add_argument("--format", choices=("text", "html"), default="text", help="text (default) or one HTML page")
    cmd.add_argument("--out", type=Path, default=None, help="write to FILE instead of standard output")
    cmd.set_defaults(run=lambda args: run(args, load_site))


def _squash(symbol: str) -> str:
    return "".join(symbol.split()).upper()


def find(resolutions: list[Resolution], wanted: str) -> list[Resolution]:
    """The resolutions a symbol names, in any form: as cited (``79/7``, ``1373 (2001)``),
    official (``A/RES/79/7``) or as printed in the document field."""
    key = _squash(wanted)
    return [r for r in resolutions if key in (_squash(r.symbol), _squash(r.canonical), _squash(r.document))]


def run(args: argparse.Namespace, load_site: Loader) -> int:
    from site_builder.series.site import comparison_context
    from site_builder.site.templates import default_dir, make_environment

    root: Path = args.site
    if not (root / "site.yaml").is_file():
        print(f"site-builder: no site.yaml in {root.resolve()}: pass --site DIR", file=sys.stderr)
        return 1
    reporter = Reporter()
    site = load_site(root.resolve(), reporter)
    errors = [d for d in reporter.diagnostics if d.level is Level.ERROR]
    if errors:
        for d in errors:
            print(d.format(), file=sys.stderr)
        print("compare: the site has errors; fix them first.", file=sys.stderr)
        return 1
    chosen: list[Resolution] = []
    for wanted in (args.old, args.new):
        found = find(site.resolutions, wanted)
        if len(found) != 1:
            bodies = site.config.bodies
            why = (
                "is not in this site"
                if not found
                else "names several: " + ", ".join(resolution_label(r, bodies) for r in found)
            )
            print(f"site-builder compare: {wanted!r} {why}", file=sys.stderr)
            return 1
        chosen.append(found[0])
    old, new = chosen
    if args.format == "text":
        bodies = site.config.bodies
        old_p = site.rendered[old.canonical].paragraphs
        new_p = site.rendered[new.canonical].paragraphs
        output = text_report(
            compare(old_p, new_p),
            f"{resolution_label(old, bodies)} ({old.date.isoformat()})",
            f"{resolution_label(new, bodies)} ({new.date.isoformat()})",
            old_p,
            new_p,
        )
    else:
        base = site.config.base_url
        ctx = comparison_context(site, old, new, "", page_link=lambda path: absolute(base, path) or "")
        css = site.config.theme_dir / "compare.css"
        if not css.is_file():
            css = default_dir("theme") / "compare.css"
        ctx["inline_css"] = css.read_text(encoding="utf-8")
        env = make_environment(site.config.templates_dir)
        output = env.get_template("compare-file.html").render(ctx)
    if args.out is not None:
        args.out.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0
