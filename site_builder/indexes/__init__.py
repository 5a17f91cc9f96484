"""Grouping and sorting for the index pages, as pure functions.

Templates only loop over what these return; they never sort or group.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from site_builder.config import BodyConfig
from site_builder.model import Resolution

T = TypeVar("T")


def in_body_order(groups: Mapping[str, T], bodies: Mapping[str, BodyConfig]) -> list[tuple[BodyConfig, T]]:
    """Groups keyed by body key, in the order of the configuration's bodies (``site.yaml``);
    a body with no group is left out."""
    return [(body, groups[key]) for key, body in bodies.items() if key in groups]


def _by_number(resolutions: Iterable[Resolution]) -> list[Resolution]:
    return sorted(resolutions, key=lambda r: (r.body, r.number.sort_key))


@dataclass(frozen=True)
class DateGroup:
    date: dt.date
    resolutions: tuple[Resolution, ...]


@dataclass(frozen=True)
class YearGroup:
    year: int
    dates: tuple[DateGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(d.resolutions) for d in self.dates)


def by_date(resolutions: Iterable[Resolution]) -> tuple[YearGroup, ...]:
    """Years, latest first; within a year each date in order, with what was adopted that day."""
    days: dict[dt.date, list[Resolution]] = defaultdict(list)
    for r in resolutions:
        days[r.date].append(r)
    years: dict[int, list[DateGroup]] = defaultdict(list)
    for day in sorted(days):
        years[day.year].append(DateGroup(day, tuple(_by_number(days[day]))))
    return tuple(YearGroup(year, tuple(years[year])) for year in sorted(years, reverse=True))


@dataclass(frozen=True)
class MeetingGroup:
    meeting: int
    dates: tuple[dt.date, ...]
    resolutions: tuple[Resolution, ...]


@dataclass(frozen=True)
class PeriodGroup:
    """A session (GA, HRC) or year (ECOSOC, SC) of one body."""

    period: str
    label: str
    meetings: tuple[MeetingGroup, ...]


@dataclass(frozen=True)
class BodyGroup:
    body: BodyConfig
    periods: tuple[PeriodGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(m.resolutions) for p in self.periods for m in p.meetings)


def period_label(resolution: Resolution) -> str:
    if resolution.number.form in ("session", "roman"):
        period = resolution.number.period
        if period.startswith(("S-", "ES-")):
            kind = "Emergency special session" if period.startswith("ES-") else "Special session"
            return f"{kind} {period.split('-', 1)[1]}"
        return f"Session {period}"
    return resolution.number.period


def _period_sort(resolution: Resolution) -> tuple[int, int]:
    key = resolution.number.sort_key
    return (key[0], key[1])


def by_meeting(resolutions: Iterable[Resolution], bodies: dict[str, BodyConfig]) -> tuple[BodyGroup, ...]:
    """Body (in configuration order), then session or year (latest first), then each
    meeting in order, with its date and the resolutions adopted at it."""
    tree: dict[str, dict[tuple[int, int], dict[int, list[Resolution]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    labels: dict[tuple[str, tuple[int, int]], tuple[str, str]] = {}
    for r in resolutions:
        if r.meeting is None:
            continue
        period_key = _period_sort(r)
        tree[r.body][period_key][r.meeting].append(r)
        labels[(r.body, period_key)] = (r.number.period, period_label(r))
    groups = []
    for body, by_period in in_body_order(tree, bodies):
        periods = []
        for period_key in sorted(by_period, reverse=True):
            meetings = tuple(
                MeetingGroup(
                    meeting,
                    tuple(sorted({r.date for r in rs})),
                    tuple(_by_number(rs)),
                )
                for meeting, rs in sorted(by_period[period_key].items())
            )
            period, label = labels[(body.key, period_key)]
            periods.append(PeriodGroup(period, label, meetings))
        groups.append(BodyGroup(body, tuple(periods)))
    return tuple(groups)


@dataclass(frozen=True)
class BodyListing:
    """All resolutions of one body, by session or year."""

    body: BodyConfig
    periods: tuple[tuple[str, tuple[Resolution, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(rs) for _, rs in self.periods)


def by_body(resolutions: Iterable[Resolution], bodies: dict[str, BodyConfig]) -> tuple[BodyListing, ...]:
    grouped: dict[str, dict[tuple[int, int], list[Resolution]]] = defaultdict(lambda: defaultdict(list))
    for r in resolutions:
        grouped[r.body][_period_sort(r)].append(r)
    return tuple(
        BodyListing(
            body,
            tuple((period_label(rs[0]), tuple(_by_number(rs))) for _, rs in sorted(by_period.items(), reverse=True)),
        )
        for body, by_period in in_body_order(grouped, bodies)
    )


def neighbours(resolutions: list[Resolution]) -> dict[str, tuple[Resolution | None, Resolution | None]]:
    """Previous and next resolution of the same body, by number."""
    out: dict[str, tuple[Resolution | None, Resolution | None]] = {}
    by_body_key: dict[str, list[Resolution]] = defaultdict(list)
    for r in _by_number(resolutions):
        by_body_key[r.body].append(r)
    for rs in by_body_key.values():
        for i, r in enumerate(rs):
            out[r.canonical] = (rs[i - 1] if i > 0 else None, rs[i + 1] if i + 1 < len(rs) else None)
    return out


def latest(resolutions: Iterable[Resolution], count: int = 10) -> tuple[Resolution, ...]:
    return tuple(sorted(resolutions, key=lambda r: (r.date, r.body, r.number.sort_key), reverse=True)[:count])
