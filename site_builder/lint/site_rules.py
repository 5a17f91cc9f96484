"""Rules that read a resolution against its front matter and against the rest of the
site: metadata, citations in time, footnotes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from site_builder.config import BodyConfig
from site_builder.lint.document import QUOTES, Document
from site_builder.lint.finding import Finding
from site_builder.numbering import ordinal, roman_to_int

#: the months as the adoption record prints them ("22 July 2003"): the calendar's names
_MONTHS = {
    name: n
    for n, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_RECORD_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b")
#: "44th plenary meeting", "Adopted by the Security Council at its 4385th meeting"
_RECORD_MEETING = re.compile(r"\b(\d+)(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b", re.IGNORECASE)
#: the General Assembly's documents series: its regular session N opens in September of
#: 1945 + N and runs until the next one opens (rules of procedure, rule 1)
_GA_SERIES = "A/RES/"


@dataclass(frozen=True)
class SiteFacts:
    """What the whole site knows, for the checks that look beyond one resolution."""

    #: adoption date of every resolution of the site, by canonical symbol
    dates: Mapping[str, dt.date]
    #: canonical symbols cited as decisions anywhere in the site
    decisions: frozenset[str]
    #: where each decision symbol is first cited as one: (path, line)
    decision_sources: Mapping[str, tuple[str, int]]


def facts_of(documents: list[Document]) -> SiteFacts:
    dates = {d.resolution.canonical: d.resolution.date for d in documents}
    sources: dict[str, tuple[str, int]] = {}
    for d in documents:
        for c in d.citations:
            if c.kind == "decision":
                sources.setdefault(c.target, (d.resolution.path, c.line))
    return SiteFacts(dates, frozenset(sources), sources)


# ----- metadata ------------------------------------------------------------------


def metadata(doc: Document, body: BodyConfig | None, field_line: Callable[[str], int]) -> Iterator[Finding]:
    """``field_line``: the line of a front matter field in the file (0 when unknown)."""
    r = doc.resolution
    record = [p for p in doc.paragraphs if p.eid == "conclusions" or p.eid.startswith("conclusions__")]
    if record:
        first = record[0]
        text = " ".join(p.text for p in record)
        meeting = _RECORD_MEETING.search(text)
        if meeting and r.meeting is not None and int(meeting.group(1)) != r.meeting:
            yield Finding(
                r.path,
                first.line,
                "metadata",
                f"front matter says meeting {r.meeting}, the adoption record meeting {meeting.group(1)}",
                first.eid,
            )
        date = _record_date(text)
        if date is not None and date != r.date:
            yield Finding(
                r.path,
                first.line,
                "metadata",
                f"front matter says date {r.date.isoformat()}, the adoption record {date.isoformat()}",
                first.eid,
            )
    if body is None:
        return
    period = _period(r.number.form, r.number.period, body)
    if period is not None:
        start, end, what = period
        if not start <= r.date <= end:
            yield Finding(
                r.path,
                field_line("date") or r.text_line,
                "metadata",
                f"{r.symbol} is of {what} ({start.isoformat()} to {end.isoformat()}), "
                f"but the date is {r.date.isoformat()}",
            )
    formula = next((p for p in doc.paragraphs if p.eid == "formula_1"), None)
    if formula is not None:
        named = " ".join(formula.text.strip(QUOTES + " ,").split())
        if named.lower() != body.formula.lower():
            yield Finding(
                r.path,
                formula.line,
                "metadata",
                f'the formula names "{named}" but the body is {body.key} ("{body.formula}")',
                formula.eid,
            )


def _record_date(text: str) -> dt.date | None:
    for m in _RECORD_DATE.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            try:
                return dt.date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                return None
    return None


def _period(form: str, period: str, body: BodyConfig) -> tuple[dt.date, dt.date, str] | None:
    """The dates a number's year or session allows: a year is a calendar year; a regular
    session of the General Assembly runs from September of 1945 + N (the first opened
    in January 1946) to the end of September of the year after."""
    if form in ("year", "number-year") and period.isdigit():
        year = int(period)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"the year {year}"
    if not body.resolution_symbol.startswith(_GA_SERIES):
        return None
    if form == "session" and period.isdigit():
        session = int(period)
    elif form == "roman" and period.isalpha():
        session = roman_to_int(period)
    else:
        return None  # special and emergency special sessions keep no calendar
    opens = dt.date(1946, 1, 1) if session == 1 else dt.date(1945 + session, 9, 1)
    return opens, dt.date(1946 + session, 9, 30), f"the {ordinal(session)} session"


# ----- citations in time -----------------------------------------------------------


def citations_in_time(doc: Document, facts: SiteFacts, bodies: Mapping[str, BodyConfig]) -> Iterator[Finding]:
    r = doc.resolution
    for c in doc.citations:
        if c.kind != "resolution":
            continue
        adopted = facts.dates.get(c.target)
        if adopted is not None and adopted > r.date:
            yield Finding(
                r.path,
                c.line,
                "citations-in-time",
                f"cites resolution {c.text}, adopted {adopted.isoformat()}, after this one ({r.date.isoformat()})",
                c.from_paragraph,
            )
        if adopted is None:
            decision = _as_decision(c.target, bodies)
            if decision is not None and decision in facts.decisions:
                where, line = facts.decision_sources[decision]
                yield Finding(
                    r.path,
                    c.line,
                    "citations-in-time",
                    f"cites resolution {c.text}, which the site knows as decision {decision} ({where}:{line})",
                    c.from_paragraph,
                )


def _as_decision(target: str, bodies: Mapping[str, BodyConfig]) -> str | None:
    """``A/RES/76/563`` -> ``A/DEC/76/563``, by the bodies' symbol patterns."""
    for body in bodies.values():
        if not body.decision_symbol:
            continue
        head = body.resolution_symbol.split("{number}", 1)[0]
        if target.startswith(head):
            return body.decision_symbol.format(number=target[len(head) :])
    return None


# ----- footnotes -------------------------------------------------------------------


def footnotes(doc: Document) -> Iterator[Finding]:
    """Numbers run through a volume, so gaps are normal; within one resolution they
    never go down, and no number is given to two notes."""
    r = doc.resolution
    highest: tuple[int, str] | None = None
    seen: set[str] = set()
    for label, line in doc.marks:
        if label in seen or not label.isdigit():
            continue  # a second mark of one note is normal
        seen.add(label)
        if highest is not None and int(label) < highest[0]:
            yield Finding(r.path, line, "footnotes", f"footnote {label} is marked after footnote {highest[1]}")
        if highest is None or int(label) > highest[0]:
            highest = (int(label), label)
    defined: set[str] = set()
    for label, line in doc.notes:
        if label in defined:
            yield Finding(r.path, line, "footnotes", f"footnote {label} is defined twice")
        defined.add(label)
