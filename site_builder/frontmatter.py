"""Split a content file into front matter and Markdown, and validate the fields.

One place parses dates, meetings and symbols; every problem is reported with the
line in the file (front matter included), and all of a file's problems at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from site_builder.config import BodyConfig, SiteConfig
from site_builder.diagnostics import Reporter
from site_builder.model import Resolution, Vote
from site_builder.numbering import parse_number
from site_builder.yamlsource import YamlError, clip, load_yaml, shown

REQUIRED = ("symbol", "body", "date", "meeting")
#: field -> what it holds, for messages and the README
FIELDS: dict[str, str] = {
    "symbol": "the number as cited in text, e.g. 2003/22 or 1373 (2001)",
    "body": "the key of the adopting body in site.yaml, e.g. ga, ecosoc, sc",
    "title": "the title, without the number",
    "date": "the date of adoption, YYYY-MM-DD",
    "meeting": "the number of the (plenary) meeting that adopted it",
    "session": "the session, e.g. 58 or 'substantive session of 2003'",
    "agenda_item": "the agenda item, e.g. 107 or '107 (a)'",
    "document": "the official symbol, e.g. E/RES/2003/22 (derived when absent)",
    "topics": "a list of subject words",
    "vote": "the vote record: text, or in_favour/against/abstentions",
    "partial": "true when the source holds only part of the text",
    "draft": "the symbol of the draft resolution, e.g. A/80/L.4",
    "report": "the report it was adopted on, e.g. A/80/401",
    "lint": "drafting checks switched off for this file, e.g. {numbering: off}",
    "example": "true for a text written as an example, not an official one",
    "editorial": "editor's notes: a list of {at: eId or title, kind: cut|restored-title|restored-label|note, text}",
    "predecessor": "the resolution this one follows in a series, e.g. 79/7 (none: it follows none)",
}
_VOTE_KEYS = ("text", "in_favour", "against", "abstentions")


@dataclass(frozen=True)
class SplitFile:
    front_matter: str
    body: str
    #: line in the file where the body starts (1-based)
    body_line: int


class NoFrontMatter(Exception):
    pass


def split_front_matter(text: str) -> SplitFile:
    """``---`` / YAML / ``---`` / Markdown. The YAML starts on line 2."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise NoFrontMatter("no front matter: the file must begin with a '---' line")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return SplitFile("".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2)
    raise NoFrontMatter("front matter is not closed: add a '---' line after it")


def _quote(value: Any) -> str:
    return shown(value)


def parse_resolution(rel_path: str, data: bytes, config: SiteConfig, reporter: Reporter) -> Resolution | None:
    """Validate one content file; ``None`` (with its problems reported) when unusable."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reporter.error(rel_path, line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}")
        return None
    text = text.removeprefix("\ufeff")
    try:
        split = split_front_matter(text)
    except NoFrontMatter as exc:
        reporter.error(rel_path, 1, str(exc))
        return None
    try:
        doc = load_yaml(split.front_matter)
    except YamlError as exc:
        reporter.error(rel_path, exc.line + 1, exc.message)
        return None
    for line, message in doc.duplicate_problems(offset=1):
        reporter.error(rel_path, line, message)
    meta = doc.data
    if not isinstance(meta, dict):
        reporter.error(rel_path, 2, "front matter: expected fields such as 'symbol: 2003/22'")
        return None

    def line_of(key: str) -> int:
        return doc.line_of(key) + 1  # the YAML starts on line 2

    ok = True

    def problem(key: str, message: str) -> None:
        nonlocal ok
        ok = False
        reporter.error(rel_path, line_of(key) if key else 2, message)

    for key in meta:
        if str(key) not in FIELDS:
            close = difflib.get_close_matches(str(key), list(FIELDS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problem(str(key), f"unknown field '{clip(str(key))}'{hint}; fields are {', '.join(FIELDS)}")
    for key in REQUIRED:
        if meta.get(key) is None:
            problem("", f"missing field '{key}' ({FIELDS[key]})")
    if not meta.get("partial") and not meta.get("title"):
        problem("", f"missing field 'title' ({FIELDS['title']}); only a partial text may lack one")

    body: BodyConfig | None = None
    raw_body = meta.get("body")
    if raw_body is not None:
        body = config.bodies.get(str(raw_body))
        if body is None:
            problem("body", f"body: unknown body {_quote(raw_body)}; bodies are {', '.join(config.bodies)}")

    number = None
    raw_symbol = meta.get("symbol")
    if raw_symbol is not None:
        if not isinstance(raw_symbol, str | int):
            problem("symbol", f"symbol: expected the number as cited, got {_quote(raw_symbol)}")
        elif body is not None:
            number = parse_number(str(raw_symbol), body.numbering)
            if number is None:
                examples = {"session": "57/173", "year": "2003/22", "number-year": "1373 (2001)", "roman": "2625 (XXV)"}
                forms = ", ".join(f"{f} ({examples[f]})" for f in body.numbering)
                problem(
                    "symbol",
                    f"symbol: {_quote(raw_symbol)} does not fit the numbering of the {body.name}: {forms}",
                )

    date = _parse_date(meta.get("date"))
    if meta.get("date") is not None and date is None:
        problem("date", f"date: expected YYYY-MM-DD, got {_quote(meta.get('date'))}")

    meeting = meta.get("meeting")
    if meeting is not None and (isinstance(meeting, bool) or not isinstance(meeting, int) or meeting < 1):
        problem("meeting", f"meeting: expected a meeting number such as 44, got {_quote(meeting)}")

    strings: dict[str, str | None] = {}
    for key in ("title", "session", "agenda_item", "document", "draft", "report"):
        value = meta.get(key)
        if value is None:
            strings[key] = None
        elif isinstance(value, bool) or not isinstance(value, str | int):
            problem(key, f"{key}: expected text, got {_quote(value)}")
        else:
            strings[key] = " ".join(str(value).split())

    topics = meta.get("topics") or []
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        problem("topics", f"topics: expected a list of words, got {_quote(topics)}")
        topics = []

    partial = meta.get("partial", False)
    if not isinstance(partial, bool):
        problem("partial", f"partial: expected true or false, got {_quote(partial)}")

    example = meta.get("example", False)
    if not isinstance(example, bool):
        problem("example", f"example: expected true or false, got {_quote(example)}")
    editorial = _parse_editorial(meta.get("editorial", []))
    if editorial is None:
        problem("editorial", f"editorial: expected {FIELDS['editorial']}")

    vote = _parse_vote(meta.get("vote"))
    if meta.get("vote") is not None and vote is None:
        problem("vote", "vote: expected text or a mapping of text, in_favour, against, abstentions")

    predecessor = _parse_predecessor(meta.get("predecessor"), body)
    if meta.get("predecessor") is not None and predecessor is None:
        problem(
            "predecessor",
            f"predecessor: expected a resolution number such as 79/7, or none, got {_quote(meta.get('predecessor'))}",
        )

    if not ok or body is None or number is None or date is None or not isinstance(meeting, int):
        return None
    canonical = body.official_symbol(number.canonical)
    document = strings["document"] or body.official_symbol(number.display)
    if strings["document"] and document.replace(" ", "") != canonical.replace(" ", ""):
        reporter.warning(rel_path, line_of("document"), f"document: {document} does not match the symbol's {canonical}")
    return Resolution(
        path=rel_path,
        body=body.key,
        number=number,
        document=document,
        canonical=canonical,
        title=strings["title"] or "",
        date=date,
        meeting=meeting,
        session=strings["session"],
        agenda_item=strings["agenda_item"],
        topics=tuple(topics),
        vote=vote,
        partial=bool(partial),
        draft=strings["draft"],
        report=strings["report"],
        example=example is True,
        editorial=editorial or (),
        predecessor=predecessor,
        text=split.body,
        text_line=split.body_line,
        digest=digest,
    )


def _parse_predecessor(value: Any, body: BodyConfig | None) -> str | None:
    """The canonical symbol of a predecessor of the same body ("79/7" or "A/RES/79/7"), or "none"."""
    if value is None or isinstance(value, bool) or not isinstance(value, str | int) or body is None:
        return None
    text = " ".join(str(value).split())
    if text.lower() == "none":
        return "none"
    prefix = body.official_symbol("")
    compact = text.replace(" ", "")
    if prefix and compact.upper().startswith(prefix.upper()):
        text = compact[len(prefix) :]
    number = parse_number(text, body.numbering)
    return body.official_symbol(number.canonical) if number is not None else None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


_NOTE_KINDS = ("cut", "restored-title", "restored-label", "note")


def _parse_editorial(value: Any) -> tuple[tuple[str, str, str], ...] | None:
    if not isinstance(value, list):
        return None
    notes = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"at", "kind", "text"}:
            return None
        at, kind, text = item.get("at"), item.get("kind", "note"), item.get("text", "")
        if not isinstance(at, str) or kind not in _NOTE_KINDS or not isinstance(text, str):
            return None
        if kind == "note" and not text:
            return None
        notes.append((at, kind, text))
    return tuple(notes)


def _parse_vote(value: Any) -> Vote | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Vote(text=value)
    if isinstance(value, dict) and all(k in _VOTE_KEYS for k in value):
        counts = [value.get(k) for k in _VOTE_KEYS[1:]]
        if not all(c is None or (isinstance(c, int) and not isinstance(c, bool) and c >= 0) for c in counts):
            return None
        text = value.get("text")
        if text is None:
            parts = [
                f"{c} {w}"
                for c, w in zip(counts, ("in favour", "against", "abstentions"), strict=True)
                if c is not None
            ]
            text = "Adopted by a recorded vote of " + ", ".join(parts)
        return Vote(str(text), *counts)
    return None
