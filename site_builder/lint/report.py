"""``site-builder check --format json``: every problem of a check, machine-readable.

The shape (documented in the README) is::

    {"ok": true, "strict": false, "resolutions": 9,
     "counts": {"errors": 0, "warnings": 2},
     "problems": [{"path": "content/ga/80/80-24.md", "line": 86, "level": "warning",
                   "rule": "punctuation", "anchor": "para_2",
                   "message": "operative paragraph ends with no punctuation, not a semicolon"}]}

``rule`` and ``anchor`` are null for problems that are not drafting findings (a bad
date, an unknown body); ``message`` is then the whole message as the terminal prints it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from site_builder.diagnostics import Diagnostic, Level
from site_builder.lint.finding import RULES

_FINDING = re.compile(r"^(?P<rule>[a-z-]+): (?P<message>.*?)(?: \[#(?P<anchor>[\w-]+)\])?$")


def parts(d: Diagnostic) -> tuple[str | None, str, str | None]:
    """(rule, reason, anchor) of a drafting finding; (None, message, None) otherwise."""
    m = _FINDING.match(d.message)
    if m is None or m.group("rule") not in RULES:
        return None, d.message, None
    return m.group("rule"), m.group("message"), m.group("anchor")


def as_json(diagnostics: Sequence[Diagnostic], *, strict: bool, resolutions: int | None, ok: bool) -> str:
    problems: list[dict[str, Any]] = []
    for d in diagnostics:
        rule, message, anchor = parts(d)
        problems.append(
            {
                "path": d.path,
                "line": d.line,
                "level": d.level.value,
                "rule": rule,
                "anchor": anchor,
                "message": message,
            }
        )
    errors = sum(1 for d in diagnostics if d.level is Level.ERROR)
    data = {
        "ok": ok,
        "strict": strict,
        "resolutions": resolutions,
        "counts": {"errors": errors, "warnings": len(diagnostics) - errors},
        "problems": problems,
    }
    return json.dumps(data, ensure_ascii=False, indent=1)
