"""Which rules are on: ``lint: {rule-name: off}`` in ``site.yaml`` and in a file's front matter.

``off`` (YAML reads it as false) switches a rule off, ``on`` (true) back on; a file's
setting wins over the site's. An unknown rule name or value is an error with its line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from site_builder.config import CONFIG_FILE, SiteConfig
from site_builder.frontmatter import NoFrontMatter, split_front_matter
from site_builder.lint.finding import RULES
from site_builder.yamlsource import YamlError, load_yaml

#: (path, line, message) of a setting that cannot be read
Problem = tuple[str, int, str]
_VALUES = {False: False, True: True, "off": False, "on": True}


def _switches(raw: Any, path: str, line_of: Callable[[str], int], problems: list[Problem]) -> dict[str, bool]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append((path, line_of(""), f"lint: expected a mapping such as {{numbering: off}}, got {raw!r}"))
        return {}
    out: dict[str, bool] = {}
    for key, value in raw.items():
        name = str(key)
        if name not in RULES:
            close = difflib.get_close_matches(name, list(RULES), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append((path, line_of(name), f"lint: unknown rule '{name}'{hint}; rules are {', '.join(RULES)}"))
        elif not isinstance(value, (bool, str)) or value not in _VALUES:
            problems.append((path, line_of(name), f"lint.{name}: expected off or on, got {value!r}"))
        else:
            out[name] = _VALUES[value]
    return out


def site_switches(config: SiteConfig, problems: list[Problem]) -> dict[str, bool]:
    """The site's settings, from ``site.yaml``."""
    if not config.lint:
        return {}
    try:
        doc = load_yaml(config.source_text)
    except YamlError:
        return _switches(config.lint, CONFIG_FILE, lambda key: 0, problems)
    return _switches(
        config.lint, CONFIG_FILE, lambda key: doc.line_of("lint", key) if key else doc.line_of("lint"), problems
    )


def file_switches(root: Path, path: str, problems: list[Problem]) -> dict[str, bool]:
    """A content file's own settings, from its front matter (which the loader has checked)."""
    try:
        text = (root / path).read_text(encoding="utf-8").removeprefix("\ufeff")
        if "lint" not in text:
            return {}
        split = split_front_matter(text)
        doc = load_yaml(split.front_matter)
    except (OSError, UnicodeDecodeError, NoFrontMatter, YamlError):
        return {}
    if not isinstance(doc.data, dict) or "lint" not in doc.data:
        return {}

    def line_of(key: str) -> int:
        return (doc.line_of("lint", key) if key else doc.line_of("lint")) + 1  # the YAML starts on line 2

    return _switches(doc.data["lint"], path, line_of, problems)


def field_lines(root: Path, path: str) -> Callable[[str], int]:
    """The line of each front matter field of a content file, read when first asked for
    (0 when the file cannot be read)."""
    lines: dict[str, int] = {}
    loaded = False

    def line_of(field: str) -> int:
        nonlocal loaded
        if not loaded:
            loaded = True
            try:
                text = (root / path).read_text(encoding="utf-8").removeprefix("\ufeff")
                doc = load_yaml(split_front_matter(text).front_matter)
            except (OSError, UnicodeDecodeError, NoFrontMatter, YamlError):
                return 0
            if isinstance(doc.data, dict):
                lines.update((str(key), doc.line_of(str(key)) + 1) for key in doc.data)  # YAML starts on line 2
        return lines.get(field, 0)

    return line_of
