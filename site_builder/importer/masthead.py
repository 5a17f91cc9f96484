"""What a masthead and an adoption record say: session, agenda item, draft,
report, date and meeting. Shared by the readers of extracted texts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.importer.text import ordinal_number, parse_date

_DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
_ORDINAL = r"(?:st|nd|rd|th)"
# The adoption record closes a resolution: the meeting (GA and ECOSOC: "plenary
# meeting"; the HRC: "meeting") and its date, on one line or two; the date may be
# missing (it is then in the masthead's "Resolution adopted by ... on"). The
# Security Council prints "Adopted [unanimously] by the Security Council at its
# 9000th meeting, on 28 September 2023" under the number. The HRC prints how it
# was adopted in brackets ("[Adopted without a vote.]") beside the record.
_MEETING_RECORD = rf"(?P<meeting>\d{{1,5}}){_ORDINAL} (?:plenary )?meeting(?:[,.]?\s+(?P<date>{_DATE}))?\.?"
_ADOPTED_AT = (
    rf"Adopted\b[^.\[\]]{{0,120}}? at its (?P<at_meeting>\d{{1,5}}){_ORDINAL} (?:plenary )?meeting,?"
    rf"(?: held)? on (?P<at_date>{_DATE})\.?"
)
_VOTE = r"\[[^\[\]]{1,4000}\]"
ADOPTION = re.compile(rf"^(?P<before>{_VOTE}\s+)?(?P<record>{_MEETING_RECORD}|{_ADOPTED_AT})(?P<after>\s+{_VOTE})?$")


_SESSION = re.compile(r"\b([A-Z][a-z]+(?:-[a-z]+)?) (special |emergency special )?session\b")
_AGENDA = re.compile(r"\bAgenda items? (\d{1,3}(?: \([a-z]\))?)")
_ADOPTED_ON = re.compile(rf"Resolution adopted by the [A-Z][A-Za-z ]+? on ({_DATE})")
_DRAFT = re.compile(r"\[without reference to a Main Committee \(([^)\]]+)\)\]")
_REPORT = re.compile(r"\[on the report of the [A-Z][A-Za-z ]+? \(([A-Z]/[^,)\]\s]+)")


@dataclass(frozen=True)
class Adoption:
    meeting: int
    #: None when the record gives no date (the masthead's then counts)
    date: dt.date | None
    #: the record itself ("18th plenary meeting 14 October 2025")
    record: str
    #: the bracketed vote statement printed beside it, or ""
    vote: str


def adoption(text: str) -> Adoption | None:
    """``44th plenary meeting, 22 July 2003`` -> Adoption(44, date, ...)."""
    m = ADOPTION.match(" ".join(text.split()))
    if not m:
        return None
    meeting = m.group("meeting") or m.group("at_meeting")
    raw_date = m.group("date") or m.group("at_date")
    date = parse_date(raw_date) if raw_date else None
    if raw_date and date is None:
        return None
    vote = (m.group("before") or m.group("after") or "").strip()
    return Adoption(int(meeting), date, m.group("record"), vote)


def read_masthead(text: str) -> dict[str, Any]:
    """Fields a masthead gives (``text`` is the masthead's lines joined)."""
    text = " ".join(text.split())
    meta: dict[str, Any] = {}
    m = _SESSION.search(text)
    if m:
        number = ordinal_number(m.group(1))
        kind = (m.group(2) or "").strip()
        if number is not None and not kind:
            meta["session"] = number
        else:
            meta["session"] = m.group(0)
    m = _AGENDA.search(text)
    if m:
        meta["agenda_item"] = m.group(1)
    m = _ADOPTED_ON.search(text)
    if m and parse_date(m.group(1)):
        meta["adopted_on"] = parse_date(m.group(1))
    m = _DRAFT.search(text)
    if m:
        meta["draft"] = m.group(1).strip()
    m = _REPORT.search(text)
    if m:
        meta["report"] = m.group(1).strip()
    return meta


class HeaderError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def split_header(lines: list[str]) -> tuple[dict[str, Any], int]:
    """An extraction's own YAML header: (fields, index of the first body line).
    Anchors and aliases are refused before anything is built: a header needs
    none, and an alias bomb would expand without bound."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            text = "\n".join(lines[1:i])
            try:
                for token in yaml.scan(text, Loader=yaml.SafeLoader):
                    if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                        what = "an alias" if isinstance(token, yaml.AliasToken) else "an anchor"
                        raise HeaderError(
                            token.start_mark.line + 2, f"the YAML header uses {what} (& or *): not allowed here"
                        )
                data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1
                problem = getattr(exc, "problem", None) or "not YAML"
                raise HeaderError(line, f"the YAML header does not parse: {problem}") from None
            if not isinstance(data, dict):
                raise HeaderError(2, "the YAML header is not a mapping of fields")
            return {str(k): v for k, v in data.items()}, i + 1
    raise HeaderError(1, "the YAML header is not closed (file truncated?): no second '---' line")


def clean_title(title: str) -> str:
    """A catalogue title ``Scale of assessments ... : requests ... :`` as printed."""
    title = " ".join(title.split())
    title = re.sub(r"\s*:\s*$", "", title)
    return re.sub(r"\s+:\s+", ": ", title)


def choose_title(printed: str, catalogue: object) -> tuple[str, bool]:
    """The whole title: the printed one, or the catalogue's when the printed one
    was cut short by the extractor (it is then a prefix of the catalogue's).
    Returns (title, completed)."""
    printed = " ".join(printed.split())
    if isinstance(catalogue, str) and catalogue.strip():
        whole = clean_title(catalogue)
        if len(whole) > len(printed) and whole.lower().startswith(printed.lower()):
            return whole, True
    return printed, False
