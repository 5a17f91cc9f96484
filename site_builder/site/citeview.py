"""What a resolution page shows of its citations, outline and session, as plain view data.

Pure functions from the loaded site's records to small frozen records; the templates
(``resolution.html``, ``_citemap.html``, ``_outline.html``) make every bit of HTML and SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from site_builder.config import BodyConfig, SiteConfig
from site_builder.indexes import in_body_order
from site_builder.linking import CitingParagraph, SiteIndex
from site_builder.model import Citation, Paragraph, Rendered, Resolution
from site_builder.numbering import ResolutionNumber, parse_number
from site_builder.site.outline import outline
from site_builder.site.places import Where, cited_places
from site_builder.site.sessions import period_label, session_name
from site_builder.site.templates import long_date
from site_builder.urls import page_dir

#: a page's relative link to a site path
Link = Callable[[str], str]


@dataclass(frozen=True)
class Cited:
    """A document in "Cites" or "Cited by", once per document."""

    target: str
    #: as people write it: "Security Council resolution 1373 (2001)"
    label: str
    #: for the picture: "1373 (2001)"; and its period ("2001", "57th session")
    short: str
    period: str
    sort_key: tuple[int, int, int, str]
    href: str
    internal: bool
    title: str
    date: dt.date | None
    count: int
    where: tuple[Where, ...]
    #: a resolution of this site written as an example, not an official text
    example: bool = False
    #: its date as ``<time datetime>`` gives it ("2003-07-22") and as read ("22 July 2003")
    date_iso: str = ""
    date_text: str = ""


@dataclass(frozen=True)
class CiteGroup:
    """The documents of one body (or "Other documents")."""

    name: str
    entries: tuple[Cited, ...]

    @property
    def count(self) -> int:
        return sum(e.count for e in self.entries)


# --- which body a cited symbol belongs to ----------------------------------------------


def identify(target: str, kind: str, bodies: Mapping[str, BodyConfig]) -> tuple[BodyConfig, ResolutionNumber] | None:
    """The body and number of a resolution or decision symbol, from the bodies' symbol
    patterns ("S/RES/{number}"); None for any other document."""
    for body in bodies.values():
        pattern = body.resolution_symbol if kind == "resolution" else body.decision_symbol
        if not pattern or "{number}" not in pattern:
            continue
        before, _, after = pattern.partition("{number}")
        if target.startswith(before) and target.endswith(after):
            number = parse_number(target[len(before) : len(target) - len(after)], body.numbering)
            if number is not None:
                return body, number
    return None


# --- "Cites" and "Cited by" ----------------------------------------------------------------


def _site_entry(r: Resolution, config: SiteConfig, target: str) -> Cited:
    """A resolution of this site in "Cites" or "Cited by", without count and places; its
    ``href`` is its page's folder (each page links to it from where it is)."""
    return Cited(
        target=target,
        label=f"{config.bodies[r.body].name} resolution {r.symbol}",
        short=r.symbol,
        period=period_label(r.number),
        sort_key=r.number.sort_key,
        href=page_dir(r),
        internal=True,
        title=r.title,
        date=r.date,
        count=0,
        where=(),
        example=getattr(r, "example", False),
        date_iso=r.date.isoformat(),
        date_text=long_date(r.date),
    )


#: the group key of documents of no configured body ("Other documents")
_OTHER = ""


def _entry_for(target: str, kind: str, r: Resolution | None, config: SiteConfig) -> tuple[str, Cited]:
    """(body key or ``_OTHER``, entry without count and places); ``r`` is the site's
    resolution ``target`` names, if any."""
    if r is not None:
        return r.body, _site_entry(r, config, target)
    found = identify(target, kind, config.bodies)
    if found is not None:
        body, number = found
        return body.key, Cited(
            target=target,
            label=f"{body.name} {kind} {number.display}",
            short=number.display,
            period=period_label(number),
            sort_key=number.sort_key,
            href=config.document_link(target),
            internal=False,
            title="",
            date=None,
            count=0,
            where=(),
        )
    return _OTHER, Cited(
        target=target,
        label=target,
        short=target,
        period="",
        sort_key=(0, 0, 0, target),
        href=config.document_link(target),
        internal=False,
        title="",
        date=None,
        count=0,
        where=(),
    )


class SharedView:
    """What the pages of one build share: each cited document's entry but for its link,
    count and places (a document is cited from many pages), each resolution's paragraphs
    by eId. ``shared_view`` keeps the last build's; each entry is also kept with the
    resolution it was made from, and made again if the index or texts hold another."""

    def __init__(self, index: SiteIndex, config: SiteConfig, rendered: Mapping[str, Rendered]) -> None:
        self.index, self.config, self.rendered = index, config, rendered
        self._entries: dict[tuple[str, str], tuple[Resolution | None, str, Cited]] = {}
        self._paragraphs: dict[str, tuple[Rendered | None, Mapping[str, Paragraph]]] = {}

    def entry(self, target: str, kind: str) -> tuple[str, Cited]:
        """(body key or "" for other documents, the entry of a cited document)."""
        r = self.index.by_symbol.get(target)
        found = self._entries.get((target, kind))
        if found is None or found[0] is not r:
            found = self._entries[target, kind] = (r, *_entry_for(target, kind, r, self.config))
        return found[1], found[2]

    def site_entry(self, r: Resolution) -> Cited:
        """A resolution of this site as it cites another."""
        found = self._entries.get((r.canonical, ""))
        if found is None or found[0] is not r:
            found = self._entries[r.canonical, ""] = (r, r.body, _site_entry(r, self.config, r.canonical))
        return found[2]

    def paragraphs(self, canonical: str) -> Mapping[str, Paragraph]:
        rendered = self.rendered.get(canonical)
        found = self._paragraphs.get(canonical)
        if found is None or found[0] is not rendered:
            by_eid = {p.eid: p for p in rendered.paragraphs} if rendered else {}
            found = self._paragraphs[canonical] = (rendered, by_eid)
        return found[1]


_LAST: list[SharedView] = []


def shared_view(index: SiteIndex, config: SiteConfig, rendered: Mapping[str, Rendered]) -> SharedView:
    """The ``SharedView`` of a build's index, configuration and rendered texts (the same
    objects for every page of a build), made on the first page."""
    last = _LAST[0] if _LAST else None
    if last is None or last.index is not index or last.config is not config or last.rendered is not rendered:
        last = SharedView(index, config, rendered)
        _LAST[:] = [last]
    return last


def _placed(entry: Cited, href: str, count: int, where: tuple[Where, ...]) -> Cited:
    """A shared entry as one page shows it: ``dataclasses.replace(entry, href=..., count=...,
    where=...)`` without the frozen class's field-by-field ``__init__`` (a page places
    some twenty entries; the fields are plain values, copied as they are)."""
    fields = dict(entry.__dict__)
    fields["href"], fields["count"], fields["where"] = href, count, where
    placed = object.__new__(Cited)
    object.__setattr__(placed, "__dict__", fields)
    return placed


def _grouped(entries: dict[str, list[Cited]], config: SiteConfig) -> tuple[CiteGroup, ...]:
    """Entries by body key, in the bodies' order, then "Other documents"."""
    groups = [
        CiteGroup(body.name, tuple(sorted(items, key=lambda e: e.sort_key)))
        for body, items in in_body_order(entries, config.bodies)
    ]
    if _OTHER in entries:
        groups.append(CiteGroup("Other documents", tuple(sorted(entries[_OTHER], key=lambda e: e.sort_key))))
    return tuple(groups)


def cite_groups(
    citations: tuple[Citation, ...],
    link: Link,
    shared: SharedView,
    paragraphs: Mapping[str, Paragraph],
) -> tuple[CiteGroup, ...]:
    """What a resolution cites, by body, each document once with where it is cited;
    ``link`` makes a page's relative links."""
    # each document's citing paragraphs in order, once each (a dict: many citations)
    eids: dict[str, dict[str, None]] = {}
    counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for c in citations:
        target = c.target
        if target in kinds:
            counts[target] += 1
        else:
            kinds[target], counts[target], eids[target] = c.kind, 1, {}
        if c.from_paragraph:
            eids[target][c.from_paragraph] = None
    groups: dict[str, list[Cited]] = {}
    for target, kind in kinds.items():
        name, entry = shared.entry(target, kind)
        href = link(entry.href) if entry.internal else entry.href
        entry = _placed(entry, href, counts[target], cited_places(list(eids[target]), "", paragraphs))
        groups.setdefault(name, []).append(entry)
    return _grouped(groups, shared.config)


def cited_by_groups(places: tuple[CitingParagraph, ...], link: Link, shared: SharedView) -> tuple[CiteGroup, ...]:
    """The resolutions of the site citing one, by body, with the paragraphs citing it."""
    # the citing paragraphs of each resolution in order, once each (a dict: many places)
    by_citing: dict[str, tuple[Resolution, dict[str, None], int]] = {}
    for place in places:
        r = place.resolution
        _, citing, n = by_citing.get(r.canonical, (r, {}, 0))
        if place.paragraph:
            citing[place.paragraph] = None
        by_citing[r.canonical] = (r, citing, n + 1)
    groups: dict[str, list[Cited]] = {}
    for r, seen, n in by_citing.values():
        entry = shared.site_entry(r)
        href = link(entry.href)
        entry = _placed(entry, href, n, cited_places(list(seen), href, shared.paragraphs(r.canonical)))
        groups.setdefault(r.body, []).append(entry)
    return _grouped(groups, shared.config)


# --- editor's notes --------------------------------------------------------------------------


@dataclass(frozen=True)
class EditorNote:
    #: the eId it is about, or "title"
    at: str
    #: "cut", "restored-title", "restored-label" or "note"
    kind: str
    text: str
    #: where it is, as the reader names it: "paragraph 12", "annex: paragraph 3 (b)"
    place: str = "Title"


#: what each kind of note says when the front matter gives no text of its own
NOTE_TEXTS = {
    "cut": "The source breaks off in this paragraph: the rest of it is not in the source.",
    "restored-title": "The title is not printed in full in the source; it is restored from another record.",
    "restored-label": "The label of this subparagraph is not in the source; it is restored from its neighbours.",
}


def editor_notes(r: Resolution, paragraphs: Mapping[str, Paragraph]) -> tuple[EditorNote, ...]:
    """The front matter's ``editorial`` notes, each with the text shown to the reader."""
    notes = []
    for at, kind, text in getattr(r, "editorial", ()):
        place = "Title"
        if at != "title":
            where = cited_places([at], "", paragraphs)[0]
            place = f"{where.label} {where.places[0].num}{where.part}".strip()
            place = place[:1].upper() + place[1:]
        notes.append(EditorNote(at, kind, text or NOTE_TEXTS.get(kind, ""), place))
    return tuple(notes)


def resolution_view(
    r: Resolution,
    rendered: Rendered,
    *,
    link: Link,
    shared: SharedView,
    incoming: tuple[CitingParagraph, ...],
    paragraphs: Mapping[str, Paragraph],
) -> dict[str, object]:
    """What ``resolution.html`` shows besides the text: citations both ways, by body, and
    their picture; the outline; the session as the document names it; editor's notes.
    ``link`` makes the page's relative links; ``paragraphs`` are its text's by eId."""
    from site_builder.site.citepicture import picture

    cites = cite_groups(rendered.citations, link, shared, paragraphs)
    cited_by = cited_by_groups(incoming, link, shared)
    return {
        "cite_groups": cites,
        "cited_by_groups": cited_by,
        "picture": picture(cites, cited_by, r.symbol, r.title),
        "outline": outline(rendered.paragraphs),
        "session_name": session_name(r.session),
        "editor_notes": editor_notes(r, paragraphs),
    }
