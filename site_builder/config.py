"""``site.yaml``: the site's configuration, with a closed schema.

An unknown key or a value of the wrong type is an error naming the key and its
line; every such problem is reported in one run.
"""

from __future__ import annotations

import difflib
import re
import string
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Reporter
from site_builder.numbering import FORMS
from site_builder.urls import SITE_NAMES
from site_builder.yamlsource import YamlDocument, YamlError, clip, load_yaml, shown

CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class BodyConfig:
    """A body that adopts resolutions: how its numbers look, how it is cited."""

    key: str
    name: str
    short_name: str
    #: numbering forms its resolutions use (see ``numbering.FORMS``)
    numbering: tuple[str, ...]
    #: official symbol of a resolution; ``{number}`` is the canonical number
    resolution_symbol: str
    #: official symbol of a decision, where the body takes numbered decisions
    decision_symbol: str | None = None
    #: names that stand before "resolution" in running text
    cited_as: tuple[str, ...] = ()
    #: what its meetings are called in the adoption record
    meeting_name: str = "plenary meeting"

    @property
    def formula(self) -> str:
        """The opening words of its resolutions: "The General Assembly"."""
        return f"The {self.name}"

    def official_symbol(self, canonical_number: str) -> str:
        return self.resolution_symbol.format(number=canonical_number)


DEFAULT_BODIES: dict[str, BodyConfig] = {
    "ga": BodyConfig(
        key="ga",
        name="General Assembly",
        short_name="GA",
        numbering=("session", "roman"),
        resolution_symbol="A/RES/{number}",
        decision_symbol="A/DEC/{number}",
        cited_as=("General Assembly", "Assembly"),
    ),
    "ecosoc": BodyConfig(
        key="ecosoc",
        name="Economic and Social Council",
        short_name="ECOSOC",
        numbering=("year", "roman"),
        resolution_symbol="E/RES/{number}",
        decision_symbol="E/DEC/{number}",
        cited_as=("Economic and Social Council",),
    ),
    "sc": BodyConfig(
        key="sc",
        name="Security Council",
        short_name="SC",
        numbering=("number-year",),
        resolution_symbol="S/RES/{number}",
        decision_symbol=None,
        cited_as=("Security Council",),
        meeting_name="meeting",
    ),
    "hrc": BodyConfig(
        key="hrc",
        name="Human Rights Council",
        short_name="HRC",
        numbering=("session",),
        resolution_symbol="A/HRC/RES/{number}",
        decision_symbol="A/HRC/DEC/{number}",
        cited_as=("Human Rights Council",),
        meeting_name="meeting",
    ),
    "chr": BodyConfig(
        key="chr",
        name="Commission on Human Rights",
        short_name="CHR",
        numbering=("year",),
        resolution_symbol="E/CN.4/RES/{number}",
        decision_symbol="E/CN.4/DEC/{number}",
        cited_as=("Commission on Human Rights", "Commission"),
        meeting_name="meeting",
    ),
}

#: the body a bare number belongs to, by its form, when no prefix names one
DEFAULT_BARE_NUMBERS: dict[str, str] = {
    "session": "ga",
    "roman": "ga",
    "year": "ecosoc",
    "number-year": "sc",
}

DEFAULT_DOCUMENT_URL = "https://undocs.org/{symbol}"


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: str = "Resolutions"
    description: str = ""
    base_url: str | None = None
    language: str = "en"
    document_url: str = DEFAULT_DOCUMENT_URL
    bodies: dict[str, BodyConfig] = field(default_factory=lambda: dict(DEFAULT_BODIES))
    bare_numbers: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_BARE_NUMBERS))
    #: drafting checks switched on or off, by rule name (read by ``site_builder.lint``)
    lint: dict[str, Any] = field(default_factory=dict)
    #: the file's text, so that a change to it is noticed by the cache
    source_text: str = ""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    def document_link(self, symbol: str) -> str:
        """The official document's URL; no space before a parenthesis in a URL."""
        return self.document_url.format(symbol=symbol.replace(" (", "("))


_TOP_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "document_url": str,
    "bodies": dict,
    "bare_numbers": dict,
    "lint": dict,
}
_BODY_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "short_name": str,
    "numbering": (list, str),
    "resolution_symbol": str,
    "decision_symbol": (str, type(None)),
    "cited_as": list,
    "meeting_name": str,
}
_TYPE_NAMES = {str: "a string", dict: "a mapping", list: "a list", type(None): "empty"}


def _type_name(t: type | tuple[type, ...]) -> str:
    types = t if isinstance(t, tuple) else (t,)
    return " or ".join(_TYPE_NAMES.get(x, x.__name__) for x in types)


#: a body key becomes the first folder of its pages' URLs: lower-case letters, digits
#: and hyphens, starting with a letter (no "/", "..", dots or spaces can reach a path)
BODY_KEY = re.compile(r"[a-z][a-z0-9-]*")


def template_problem(template: str, fields: tuple[str, ...]) -> str | None:
    """Why ``template`` (a ``str.format`` pattern) is unusable, or None: only the
    named ``fields``, each plain (no ``{}``, no attribute, index, conversion or format)."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:  # "Single '{' encountered in format string"
        return f"{exc}; write a literal brace as {{{{ or }}}}"
    names = " or ".join("{" + f + "}" for f in fields)
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name == "":
            return f"an empty {{}}: name the field, {names}"
        if name not in fields or spec or conversion:
            whole = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"unknown field {{{clip(whole, 30)}}}; the only field is {names}"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable http(s) URL, or None."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return f"expected an http(s) URL without spaces, got {shown(url)}"
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"expected an http:// or https:// URL with a host, got {shown(url)}"
    return None


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{clip(key, 30)}'{hint}; known keys: {', '.join(known)}"


def load_config(root: Path, reporter: Reporter) -> SiteConfig:
    """Read ``root/site.yaml``; problems go to ``reporter``, defaults fill the gaps."""
    path = root / CONFIG_FILE
    name = CONFIG_FILE
    config = SiteConfig(root=root)
    if not path.is_file():
        reporter.error(name, 0, f"no {CONFIG_FILE} in {root} (is this a site folder?)")
        return config
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reporter.error(name, 0, f"not UTF-8 text (byte {exc.start})")
        return config
    try:
        doc = load_yaml(text)
    except YamlError as exc:
        reporter.error(name, exc.line, exc.message)
        return config
    for line, message in doc.duplicate_problems():
        reporter.error(name, line, message)
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        reporter.error(name, 1, "expected a mapping of keys such as 'title' and 'bodies'")
        return config
    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        line = doc.line_of(key)
        if key not in _TOP_KEYS:
            reporter.error(name, line, _unknown_key(key, list(_TOP_KEYS)))
            continue
        expected = _TOP_KEYS[key]
        if not isinstance(value, expected):
            reporter.error(name, line, f"{key}: expected {_type_name(expected)}, got {shown(value)}")
            continue
        values[key] = value
    bodies = _load_bodies(values.pop("bodies", {}), doc, reporter)
    bare = _load_bare_numbers(values.pop("bare_numbers", {}), bodies, doc, reporter)
    document_url = values.get("document_url", DEFAULT_DOCUMENT_URL)
    problem = template_problem(document_url, ("symbol",))
    if problem is None and "{symbol}" not in document_url:
        problem = "must contain {symbol}"
    if problem is None:
        problem = url_problem(document_url.format(symbol="A/RES/1(2000)"))
    if problem is not None:
        reporter.error(name, doc.line_of("document_url"), f"document_url: {problem}")
        values.pop("document_url", None)
    base_url = values.get("base_url")
    if base_url is not None and (problem := url_problem(base_url)) is not None:
        reporter.error(name, doc.line_of("base_url"), f"base_url: {problem}")
        values.pop("base_url")
    elif base_url is not None and not base_url.endswith("/"):
        values["base_url"] = base_url + "/"
    return replace(config, **values, bodies=bodies, bare_numbers=bare, source_text=text)


def _load_bodies(raw: dict[str, Any], doc: YamlDocument, reporter: Reporter) -> dict[str, BodyConfig]:
    bodies = dict(DEFAULT_BODIES)
    for key, fields in raw.items():
        key = str(key)
        line = doc.line_of("bodies", key)
        if not BODY_KEY.fullmatch(key):
            reporter.error(
                CONFIG_FILE,
                line,
                f"bodies: the key {shown(key)} is not a body key: lower-case letters, digits and "
                "hyphens, starting with a letter (it names the folder of the body's pages)",
            )
            continue
        if key in SITE_NAMES:
            reporter.error(
                CONFIG_FILE,
                line,
                f"bodies: the key '{key}' is the name of the site's own {key}/ pages; choose another "
                f"(reserved: {', '.join(n for n in SITE_NAMES if '.' not in n)})",
            )
            continue
        if not isinstance(fields, dict):
            reporter.error(CONFIG_FILE, line, f"bodies.{key}: expected a mapping")
            continue
        values: dict[str, Any] = {}
        ok = True
        for fkey, raw_value in fields.items():
            fkey = str(fkey)
            value: Any = raw_value
            fline = doc.line_of("bodies", key, fkey)
            if fkey not in _BODY_KEYS:
                reporter.error(CONFIG_FILE, fline, f"bodies.{key}: " + _unknown_key(fkey, list(_BODY_KEYS)))
                ok = False
                continue
            expected = _BODY_KEYS[fkey]
            if not isinstance(value, expected):
                reporter.error(
                    CONFIG_FILE, fline, f"bodies.{key}.{fkey}: expected {_type_name(expected)}, got {shown(value)}"
                )
                ok = False
                continue
            if fkey == "numbering":
                forms = (raw_value,) if isinstance(raw_value, str) else tuple(str(v) for v in raw_value)
                bad = [f for f in forms if f not in FORMS]
                if bad or not forms:
                    reporter.error(
                        CONFIG_FILE,
                        fline,
                        f"bodies.{key}.numbering: unknown form {', '.join(bad) or '(none)'}; "
                        f"forms are {', '.join(FORMS)}",
                    )
                    ok = False
                    continue
                value = forms
            elif fkey == "cited_as":
                value = tuple(str(v) for v in raw_value)
            elif fkey in ("resolution_symbol", "decision_symbol") and raw_value:
                problem = template_problem(str(raw_value), ("number",))
                if problem is None and "{number}" not in str(raw_value):
                    problem = "must contain {number}"
                if problem is not None:
                    reporter.error(CONFIG_FILE, fline, f"bodies.{key}.{fkey}: {problem}")
                    ok = False
                    continue
            values[fkey] = value
        if not ok:
            continue
        if key in bodies:
            bodies[key] = replace(bodies[key], **values)
            continue
        missing = [f for f in ("name", "numbering", "resolution_symbol") if f not in values]
        if missing:
            reporter.error(CONFIG_FILE, line, f"bodies.{key}: missing {', '.join(missing)}")
            continue
        values.setdefault("short_name", key.upper())
        values.setdefault("cited_as", (values["name"],))
        bodies[key] = BodyConfig(key=key, **values)
    return bodies


def _load_bare_numbers(
    raw: dict[str, Any], bodies: dict[str, BodyConfig], doc: YamlDocument, reporter: Reporter
) -> dict[str, str]:
    bare = dict(DEFAULT_BARE_NUMBERS)
    for form, body in raw.items():
        line = doc.line_of("bare_numbers", str(form))
        if form not in FORMS:
            reporter.error(CONFIG_FILE, line, f"bare_numbers: unknown form {shown(form)}; forms are {', '.join(FORMS)}")
        elif body not in bodies:
            reporter.error(CONFIG_FILE, line, f"bare_numbers.{form}: unknown body {shown(body)}")
        else:
            bare[str(form)] = str(body)
    return bare
