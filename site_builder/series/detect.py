"""Series of resolutions: which resolution each one follows, found in the site's own data.

A resolution that comes back every year or two under the same agenda item and title
recalls its predecessors at the head of its preamble ("*Recalling* its resolutions
77/7 of ... and 78/7 of ..."). Its predecessor is the most recent resolution of the
same body that it cites there and that shares its title (normalised) or its agenda
item. Front matter ``predecessor:`` overrides that, and ``predecessor: none`` stops it.
Predecessor links form chains; a chain is a series, named after its first member.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from site_builder.model import Resolution

#: how many preambular paragraphs of the text itself (not of an embedded draft or an
#: annex) are read for the recall of earlier resolutions: by drafting practice the
#: recall of the resolutions a text follows comes first in the preamble, after at
#: most a few paragraphs guided by the Charter and general principles
FIRST_RECITALS = 10

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Series:
    """One chain of resolutions; ``id`` names its page (``series/<id>/``)."""

    id: str
    #: canonical symbols, oldest first
    members: tuple[str, ...]


@dataclass(frozen=True)
class SeriesIndex:
    #: canonical symbol -> the canonical symbol of its predecessor in the site
    predecessor: Mapping[str, str]
    #: canonical symbol -> the first resolution that follows it
    successor: Mapping[str, str]
    #: canonical symbol -> its series (only resolutions in a series of two or more)
    series: Mapping[str, Series]
    #: front matter predecessors that are not in the site: (canonical of the citing text, the symbol)
    missing: tuple[tuple[str, str], ...] = ()

    def all_series(self) -> list[Series]:
        """Every series once, in the order of their ids."""
        return sorted({s.id: s for s in self.series.values()}.values(), key=lambda s: s.id)


def normalise_title(title: str) -> str:
    """A title as compared: case, punctuation, accents and spacing do not count
    ("Nuclear disarmament :" and "Nuclear Disarmament" are one title)."""
    text = title.casefold()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def normalise_agenda_item(item: str | None) -> str:
    """ "99 (b)" and "99(b)" are one agenda item."""
    return "".join((item or "").casefold().split())


def recalled(citations: Iterable[tuple[str, str | None]]) -> list[str]:
    """The targets cited in the first :data:`FIRST_RECITALS` preambular paragraphs of the
    text itself, from (target, citing paragraph eId) pairs."""
    found: list[str] = []
    for target, where in citations:
        if where is not None and where.startswith("recital_"):
            n = where[8:]
            if n.isdigit() and int(n) <= FIRST_RECITALS and target not in found:
                found.append(target)
    return found


def _order(r: Resolution) -> tuple[object, ...]:
    return (r.date, r.number.sort_key, r.path)


def detect_series(
    resolutions: Sequence[Resolution], citations: Mapping[str, Iterable[tuple[str, str | None]]]
) -> SeriesIndex:
    """Every resolution's predecessor, successor and series; a pure function of the
    loaded resolutions and, by canonical symbol, their citations as (target, citing eId)."""
    by_symbol = {r.canonical: r for r in resolutions}
    predecessor: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    titles: dict[str, str] = {}

    def title_of(r: Resolution) -> str:
        found = titles.get(r.canonical)
        if found is None:
            found = titles[r.canonical] = normalise_title(r.title)
        return found

    for r in resolutions:
        if r.predecessor == "none":
            continue
        if r.predecessor is not None:
            if r.predecessor in by_symbol and r.predecessor != r.canonical:
                predecessor[r.canonical] = r.predecessor
            else:
                missing.append((r.canonical, r.predecessor))
            continue
        recalls = recalled(citations.get(r.canonical, ()))
        if not recalls:
            continue
        title, item = title_of(r), normalise_agenda_item(r.agenda_item)
        best: Resolution | None = None
        for target in recalls:
            cited = by_symbol.get(target)
            if cited is None or cited.body != r.body or _order(cited) >= _order(r):
                continue
            same_title = bool(title) and title_of(cited) == title
            same_item = bool(item) and normalise_agenda_item(cited.agenda_item) == item
            if (same_title or same_item) and (best is None or _order(cited) > _order(best)):
                best = cited
        if best is not None:
            predecessor[r.canonical] = best.canonical
    return _chains(resolutions, predecessor, tuple(missing))


def _chains(
    resolutions: Sequence[Resolution], predecessor: dict[str, str], missing: tuple[tuple[str, str], ...]
) -> SeriesIndex:
    by_symbol = {r.canonical: r for r in resolutions}
    # a front matter cycle (a names b, b names a) is cut at its oldest member
    for start in sorted(predecessor):
        seen: list[str] = []
        at: str | None = start
        while at is not None and at not in seen:
            seen.append(at)
            at = predecessor.get(at)
        if at is not None:
            cycle = seen[seen.index(at) :]
            oldest = min(cycle, key=lambda s: _order(by_symbol[s]))
            predecessor.pop(oldest, None)
    followers: dict[str, list[str]] = {}
    for symbol, before in predecessor.items():
        followers.setdefault(before, []).append(symbol)
    successor = {before: min(after, key=lambda s: _order(by_symbol[s])) for before, after in followers.items()}
    roots: dict[str, list[str]] = {}
    for r in resolutions:
        at = r.canonical
        while at in predecessor:
            at = predecessor[at]
        roots.setdefault(at, []).append(r.canonical)
    series: dict[str, Series] = {}
    for root, members in roots.items():
        if len(members) < 2:
            continue
        first = by_symbol[root]
        one = Series(f"{first.body}-{first.number.slug}", tuple(sorted(members, key=lambda s: _order(by_symbol[s]))))
        for symbol in members:
            series[symbol] = one
    return SeriesIndex(predecessor, successor, series, missing)
