"""The Jinja environment: a site's own templates first, then the shipped ones.

Autoescape is on and undefined variables are errors (StrictUndefined), so a
template typo fails the build with the template's file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from site_builder.model import Resolution

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_dir(name: str) -> Path:
    """``templates`` or ``theme`` as shipped: inside the wheel, or the repository's
    own folders when running from a checkout or an editable install."""
    packaged = PACKAGE_DIR / "defaults" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / name


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process (the live preview builds
    again and again): Jinja stores each by its name and file and uses it only while
    the checksum of the template's source is the same, so an edited template is
    compiled again. Every environment is made here with the same options."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


class Environment(jinja2.Environment):
    """Jinja's environment, noting whether a template read a resolution's text: a page
    rendered without reading it does not depend on it (the build then makes the page
    again only when something else it shows changed). Every way a template reaches a
    field goes through ``getattr`` or ``getitem`` (``r.text``, ``r["text"]``,
    ``attr``, ``map(attribute=...)``, ``sort``, ``groupby``), and a resolution's
    ``repr`` leaves the text out; printing an object that is not a plain value counts
    as reading everything."""

    read_text = False

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is Resolution and _reads_text(attribute):
            self.read_text = True
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is Resolution and _reads_text(argument):
            self.read_text = True
        return super().getitem(obj, argument)


def _reads_text(name: object) -> bool:
    """A field that changes with the text, or a way around fields (``__getstate__``)."""
    return not isinstance(name, str) or name in Resolution.TEXT_FIELDS or name.startswith("_")


_PLAIN = (str, int, float, type(None))


def make_environment(site_templates: Path) -> Environment:
    loaders: list[jinja2.BaseLoader] = []
    if site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(site_templates)))
    loaders.append(jinja2.FileSystemLoader(str(default_dir("templates"))))
    env = Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # one environment per build: a template never changes during it, so it is not
        # checked on disk again each time a page asks for it
        auto_reload=False,
        bytecode_cache=_BYTECODE,
    )

    def finalize(value: Any) -> Any:
        if not isinstance(value, _PLAIN):  # (Markup is a str)
            env.read_text = True
        return value

    env.finalize = finalize
    env.filters["longdate"] = long_date
    env.filters["ordinal"] = _ordinal
    return env


def long_date(value: object) -> str:
    """2003-07-22 -> "22 July 2003", as resolutions print dates."""
    import datetime as dt

    if isinstance(value, dt.date):
        return f"{value.day} {value.strftime('%B')} {value.year}"
    return str(value)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def template_location(filename: str | None, line: int, site_templates: Path) -> tuple[str, int]:
    """(path, line) of a template error, as the user should look for it."""
    path = Path(filename or "templates")
    for base in (site_templates, default_dir("templates")):
        try:
            return (str(path.resolve().relative_to(base.resolve().parent)), line)
        except ValueError:
            continue
    return (str(path), line)
