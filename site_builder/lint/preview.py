"""Drafting findings in the live preview: beside their paragraph, never over the page.

The preview server adds :func:`panel` to every page it serves after a good build. The
panel carries the findings with their page and anchor; a small script keeps those of
the page open, puts each one right after its paragraph (a note the editor reads in
place) and lists them in a corner box that can be hidden. Nothing here blocks the page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from pathlib import Path

from site_builder.config import load_config
from site_builder.diagnostics import Diagnostic, Level, Reporter
from site_builder.frontmatter import parse_resolution
from site_builder.lint import PAGES
from site_builder.lint.report import parts
from site_builder.urls import resolution_dir

PANEL_ID = "site-builder-lint"

_STYLE = """
#site-builder-lint{position:fixed;right:.75rem;bottom:.75rem;max-width:28rem;max-height:40vh;overflow:auto;
 z-index:2147483646;margin:0;padding:.6rem .8rem;background:#fffbea;color:#1a1a1a;border:1px solid #8a6d00;
 border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.2);font:14px/1.4 system-ui,sans-serif;text-align:left}
#site-builder-lint h2{margin:0 0 .35rem;font-size:1rem;color:#5c4800}
#site-builder-lint ul{margin:0;padding-left:1.1rem}
#site-builder-lint button{float:right;font:inherit;padding:0 .5rem}
.site-builder-lint-note{display:block;margin:.2rem 0 .6rem;padding:.25rem .5rem;border-left:4px solid #8a6d00;
 background:#fffbea;color:#1a1a1a;font:13px/1.4 system-ui,sans-serif}
"""

_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("site-builder-lint-data").textContent);
  var path = decodeURIComponent(location.pathname).replace(/index\\.html$/, "");
  var here = data.filter(function (f) { return path.slice(-f.page.length - 1) === "/" + f.page; });
  var box = document.getElementById("site-builder-lint");
  if (!here.length) { box.remove(); return; }
  var list = box.querySelector("ul");
  here.forEach(function (f) {
    var text = f.where + ": " + f.rule + ": " + f.message;
    var target = f.anchor && document.getElementById(f.anchor);
    var item = document.createElement("li");
    var link = document.createElement(target ? "a" : "span");
    if (target) { link.href = "#" + f.anchor; }
    link.textContent = text;
    item.appendChild(link);
    list.appendChild(item);
    if (target) {
      var note = document.createElement("span");
      note.className = "site-builder-lint-note";
      note.setAttribute("role", "note");
      note.textContent = "\\u26a0 " + f.rule + ": " + f.message + " (" + f.where + ")";
      target.appendChild(note);
    }
  });
  box.querySelector("h2").textContent = "Drafting checks: " + here.length + " on this page";
  box.hidden = false;
})();
"""


def panel(root: Path, diagnostics: Sequence[Diagnostic]) -> str:
    """The HTML added to served pages for the drafting findings among ``diagnostics``."""
    findings = [(d, *parts(d)) for d in diagnostics if d.level is Level.WARNING]
    findings = [f for f in findings if f[1] is not None]
    if not findings:
        return ""
    pages = _pages(root, {d.path for d, *_ in findings})
    data = [
        {"page": pages[d.path], "anchor": anchor, "rule": rule, "message": message, "where": f"{d.path}:{d.line}"}
        for d, rule, message, anchor in findings
        if d.path in pages
    ]
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f"<style>{_STYLE}</style>"
        f'<aside id="{PANEL_ID}" hidden aria-label="Drafting checks">'
        '<button type="button" onclick="this.parentNode.hidden=true">Hide</button>'
        f"<h2>{escape('Drafting checks')}</h2><ul></ul></aside>"
        f'<script type="application/json" id="site-builder-lint-data">{payload}</script>'
        f"<script>{_SCRIPT}</script>"
    )


def _pages(root: Path, paths: set[str]) -> dict[str, str]:
    """Each content file's page folder ("ga/80-24/"), as the last run of the checks
    saw it, or from its front matter (a build that found nothing changed runs none)."""
    base = root.resolve()
    out = {path: PAGES[key] for path in paths if (key := str(base / path)) in PAGES}  # from the last run
    missing = sorted(paths - set(out))
    if not missing:
        return out
    config = load_config(root, Reporter())
    for path in missing:
        try:
            data = (root / path).read_bytes()
        except OSError:
            continue
        resolution = parse_resolution(path, data, config, Reporter())
        if resolution is not None:
            out[path] = resolution_dir(resolution.body, resolution.number)
    return out
