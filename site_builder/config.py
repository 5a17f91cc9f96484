"""``site.yaml``: the site's configuration, with a closed schema.

An unknown key or a value of the wrong type is an error naming the key and its
line; every such problem is reported in one run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Reporter
from site_builder.numbering import FORMS
from site_builder.yamlsource import YamlDocument, YamlError, load_yaml

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


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{key}'{hint}; known keys: {', '.join(known)}"


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
            reporter.error(name, line, f"{key}: expected {_type_name(expected)}, got {value!r}")
            continue
        values[key] = value
    bodies = _load_bodies(values.pop("bodies", {}), doc, reporter)
    bare = _load_bare_numbers(values.pop("bare_numbers", {}), bodies, doc, reporter)
    document_url = values.get("document_url", DEFAULT_DOCUMENT_URL)
    if "{symbol}" not in document_url:
        reporter.error(name, doc.line_of("document_url"), "document_url: must contain {symbol}")
    base_url = values.get("base_url")
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        reporter.error(name, doc.line_of("base_url"), f"base_url: expected an http(s) URL, got {base_url!r}")
    if base_url is not None and not base_url.endswith("/"):
        values["base_url"] = base_url + "/"
    return replace(config, **values, bodies=bodies, bare_numbers=bare, source_text=text)


def _load_bodies(raw: dict[str, Any], doc: YamlDocument, reporter: Reporter) -> dict[str, BodyConfig]:
    bodies = dict(DEFAULT_BODIES)
    for key, fields in raw.items():
        key = str(key)
        line = doc.line_of("bodies", key)
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
                    CONFIG_FILE, fline, f"bodies.{key}.{fkey}: expected {_type_name(expected)}, got {value!r}"
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
            elif fkey in ("resolution_symbol", "decision_symbol") and raw_value and "{number}" not in str(raw_value):
                reporter.error(CONFIG_FILE, fline, f"bodies.{key}.{fkey}: must contain {{number}}")
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
            reporter.error(CONFIG_FILE, line, f"bare_numbers: unknown form '{form}'; forms are {', '.join(FORMS)}")
        elif body not in bodies:
            reporter.error(CONFIG_FILE, line, f"bare_numbers.{form}: unknown body '{body}'")
        else:
            bare[str(form)] = str(body)
    return bare
