"""What the browser shows when a build fails: ``path:line``, the message, the source.

The same HTML is laid over the last good page (the editor keeps their place) or,
when there is no good build yet, is a page of its own. Either way it is served
with the reload script, so saving the fix brings the page back by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from site_builder.diagnostics import Diagnostic, Level

OVERLAY_ID = "site-builder-errors"

_STYLE = """
#site-builder-errors{position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;
 margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #b00020;
 box-shadow:0 4px 16px rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif;text-align:left}
#site-builder-errors.notice{background:#fffbea;border-color:#8a6d00;max-height:35vh}
#site-builder-errors h2{margin:0 0 .5rem;font-size:1.1rem;color:#b00020}
#site-builder-errors.notice h2{color:#5c4800}
#site-builder-errors .where{font:600 14px/1.4 ui-monospace,monospace}
#site-builder-errors .problem{margin:.75rem 0}
#site-builder-errors pre{margin:.35rem 0 0;padding:.5rem;background:#fff;border:1px solid #ddd;
 overflow:auto;font:13px/1.4 ui-monospace,monospace}
#site-builder-errors .line{display:block;white-space:pre}
#site-builder-errors .line.at{background:#ffd7d7;font-weight:700}
#site-builder-errors .hint{margin:.5rem 0 0;color:#444;font-size:.9em}
#site-builder-errors button{float:right;font:inherit;padding:.1rem .6rem}
"""


def where(d: Diagnostic) -> str:
    """``path:line``, ``path`` or empty, as in the terminal."""
    if d.path and d.line:
        return f"{d.path}:{d.line}"
    return d.path


def _problem(d: Diagnostic) -> str:
    level = "warning" if d.level is Level.WARNING else "error"
    head = f'<span class="where">{escape(where(d))}</span>: ' if where(d) else ""
    parts = [f'<div class="problem {level}">', f"<div>{head}{level}: {escape(d.message)}</div>"]
    if d.context:
        width = len(str(max(n for n, _ in d.context)))
        lines = []
        for n, text in d.context:
            mark = ">" if n == d.line else " "
            cls = "line at" if n == d.line else "line"
            lines.append(f'<span class="{cls}">{mark} {n:>{width}} | {escape(text)}</span>')
        parts.append(f"<pre>{''.join(lines)}</pre>")
    parts.append("</div>")
    return "".join(parts)


def overlay(errors: Sequence[Diagnostic], *, notices: Sequence[str] = (), has_site: bool = True) -> str:
    """The panel laid over a served page: build errors (red) or notices (yellow)."""
    if not errors and not notices:
        return ""
    if errors:
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        title = f"Build failed: {count}"
        hint = (
            "The page below is the last good build. Save the fix and this page updates by itself."
            if has_site
            else "There is no good build yet. Save the fix and this page updates by itself."
        )
        body = "".join(_problem(d) for d in errors)
        cls = ""
    else:
        title = "Changes to note"
        hint = ""
        body = "".join(f'<div class="problem">{escape(n)}</div>' for n in notices)
        cls = ' class="notice"'
    close = '<button type="button" onclick="this.parentNode.hidden=true">Hide</button>' if has_site else ""
    return (
        f"<style>{_STYLE}</style>"
        f'<section id="{OVERLAY_ID}"{cls} role="alert" aria-live="assertive">'
        f"{close}<h2>{escape(title)}</h2>{body}"
        + (f'<p class="hint">{escape(hint)}</p>' if hint else "")
        + "</section>"
    )


def error_page(errors: Sequence[Diagnostic], *, language: str = "en") -> str:
    """A whole page for when no build has succeeded yet."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Build failed · site-builder</title>\n</head>\n<body>\n"
        + overlay(errors, has_site=False)
        + "\n</body>\n</html>\n"
    )


def terminal_text(d: Diagnostic) -> str:
    """The diagnostic as the build prints it, followed by its numbered source lines."""
    lines = [d.format()]
    if d.context:
        width = len(str(max(n for n, _ in d.context)))
        for n, text in d.context:
            mark = ">" if n == d.line else " "
            lines.append(f"  {mark} {n:>{width}} | {text}")
    return "\n".join(lines)
