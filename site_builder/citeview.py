"""What a resolution page shows of its citations, outline and session, as plain view data.

Pure functions from the loaded site's records to small frozen records; the templates
(``resolution.html``, ``_citemap.html``, ``_outline.html``) make every bit of HTML and SVG.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from site_builder.config import BodyConfig, SiteConfig
from site_builder.links import CitingParagraph, SiteIndex, page_dir
from site_builder.model import Citation, Paragraph, Rendered, Resolution
from site_builder.numbering import ResolutionNumber, parse_number, roman_to_int
from site_builder.urls import relative


@dataclass(frozen=True)
class Place:
    """One linked place in a text: ``href`` and the number shown ("3", "5 (b)")."""

    href: str
    num: str


@dataclass(frozen=True)
class Where:
    """Places of one kind in one part: "draft resolution, preambular paragraphs 1, 8"."""

    label: str
    places: tuple[Place, ...]


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


@dataclass(frozen=True)
class CiteGroup:
    """The documents of one body (or "Other documents")."""

    name: str
    entries: tuple[Cited, ...]

    @property
    def count(self) -> int:
        return sum(e.count for e in self.entries)


@dataclass(frozen=True)
class OutlineItem:
    eid: str
    label: str
    level: int
    #: operative paragraphs listed under it by number
    paras: tuple[tuple[str, str], ...] = ()


# --- names as the documents write them -------------------------------------------------

_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_UNITS_CARDINAL = "one two three four five six seven eight nine".split()
_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
)
_TENS = "twent thirt fort fift sixt sevent eight ninet".split()


def spelled_ordinal(n: int) -> str:
    """80 -> "eightieth", 57 -> "fifty-seventh", 101 -> "one hundred and first" (1-199),
    as the Official Records spell session numbers; other numbers as figures."""
    if not 0 < n < 200:
        return f"{n}th"
    if n >= 100:
        rest = n - 100
        return "one hundredth" if rest == 0 else f"one hundred and {spelled_ordinal(rest)}"
    if n < 10:
        return _UNITS[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, units = divmod(n, 10)
    stem = _TENS[tens - 2]
    if units == 0:
        return f"{stem}ieth"
    return f"{stem}y-{_UNITS[units - 1]}"


_SESSION = re.compile(r"(?P<special>E?S-)?(?P<num>\d{1,3})")


def session_name(session: str | None) -> str | None:
    """A session as the document heads it: "80" -> "Eightieth session", "S-10" -> "Tenth
    special session", "ES-11" -> "Eleventh emergency special session"; text as given."""
    if not session:
        return None
    m = _SESSION.fullmatch(session.strip())
    if m is None:
        return session[:1].upper() + session[1:]
    kind = {"S-": "special session", "ES-": "emergency special session"}.get(m.group("special") or "", "session")
    name = f"{spelled_ordinal(int(m.group('num')))} {kind}"
    return name[:1].upper() + name[1:]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def period_label(number: ResolutionNumber) -> str:
    """The year of a year-numbered resolution, the session of a session-numbered one."""
    if number.form in ("year", "number-year"):
        return number.period
    special = "special " if number.period.startswith(("S", "ES")) and number.form == "session" else ""
    digits = re.sub(r"\D", "", number.period)
    if number.form == "roman":
        roman = number.period.split("-")[-1]
        return f"{_ordinal(roman_to_int(roman))} {special}session"
    return f"{_ordinal(int(digits))} {special}session" if digits else number.period


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


# --- places in a text --------------------------------------------------------------------

_PART_NAMES = {"draft": "draft resolution", "annex": "annex", "sec": "section"}


def _where(eids: list[str], href_prefix: str, paragraphs: Mapping[str, Paragraph]) -> tuple[Where, ...]:
    """The citing paragraphs, grouped by the part they are in and their kind."""
    groups: dict[str, list[Place]] = {}
    for eid in eids:
        if eid.startswith("fn_"):
            part, kind, num = "", "note", eid[3:]
        else:
            parts = eid.split("__")
            container = [p for p in parts if p.split("_")[0] in _PART_NAMES]
            part = ", ".join(
                f"{_PART_NAMES[c.split('_')[0]]} {c.split('_', 1)[1]}".replace("annex 1", "annex")
                if not c.startswith("draft")
                else "draft resolution"
                for c in container
            )
            para = [p for p in parts if p.startswith(("recital_", "para_", "p_"))]
            points = [p.split("_", 1)[1] for p in parts if p.startswith("point_")]
            if not para:
                kind, num = "text", ""
            else:
                kind = "preambular paragraph" if para[-1].startswith("recital_") else "paragraph"
                p = paragraphs.get("__".join(parts[: parts.index(para[-1]) + 1]))
                num = p.num if p is not None and p.num else para[-1].split("_", 1)[1]
                num += "".join(f" ({x})" for x in points)
        label = f"{part}: {kind}" if part else kind
        groups.setdefault(label, []).append(Place(f"{href_prefix}#{eid}", num))
    out = []
    for label, places in groups.items():
        plural = len(places) > 1 and not label.endswith("text")
        out.append(Where(label + ("s" if plural else ""), tuple(places)))
    return tuple(out)


# --- "Cites" and "Cited by" ----------------------------------------------------------------


def _entry_for(
    target: str, kind: str, index: SiteIndex, config: SiteConfig, from_dir: str
) -> tuple[str, Cited]:
    """(group name, entry without count and places)."""
    r = index.by_symbol.get(target)
    found = identify(target, kind, config.bodies)
    if r is not None:
        body = config.bodies[r.body]
        return body.name, Cited(
            target=target,
            label=f"{body.name} resolution {r.symbol}",
            short=r.symbol,
            period=period_label(r.number),
            sort_key=r.number.sort_key,
            href=relative(from_dir, page_dir(r)),
            internal=True,
            title=r.title,
            date=r.date,
            count=0,
            where=(),
            example=getattr(r, "example", False),
        )
    if found is not None:
        body, number = found
        return body.name, Cited(
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
    return "Other documents", Cited(
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


def _grouped(entries: dict[str, list[Cited]], config: SiteConfig) -> tuple[CiteGroup, ...]:
    order = {b.name: i for i, b in enumerate(config.bodies.values())}
    return tuple(
        CiteGroup(name, tuple(sorted(items, key=lambda e: e.sort_key)))
        for name, items in sorted(entries.items(), key=lambda kv: order.get(kv[0], len(order)))
    )


def cite_groups(
    citations: tuple[Citation, ...],
    from_dir: str,
    index: SiteIndex,
    config: SiteConfig,
    paragraphs: Mapping[str, Paragraph],
) -> tuple[CiteGroup, ...]:
    """What a resolution cites, by body, each document once with where it is cited."""
    eids: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for c in citations:
        kinds.setdefault(c.target, c.kind)
        counts[c.target] = counts.get(c.target, 0) + 1
        where = eids.setdefault(c.target, [])
        if c.from_paragraph and c.from_paragraph not in where:
            where.append(c.from_paragraph)
    groups: dict[str, list[Cited]] = {}
    for target, kind in kinds.items():
        name, entry = _entry_for(target, kind, index, config, from_dir)
        entry = _with(entry, counts[target], _where(eids[target], "", paragraphs))
        groups.setdefault(name, []).append(entry)
    return _grouped(groups, config)


def cited_by_groups(
    places: tuple[CitingParagraph, ...],
    from_dir: str,
    config: SiteConfig,
    rendered: Mapping[str, Rendered],
) -> tuple[CiteGroup, ...]:
    """The resolutions of the site citing one, by body, with the paragraphs citing it."""
    by_citing: dict[str, tuple[Resolution, list[str], int]] = {}
    for place in places:
        r = place.resolution
        _, eids, n = by_citing.get(r.canonical, (r, [], 0))
        if place.paragraph and place.paragraph not in eids:
            eids.append(place.paragraph)
        by_citing[r.canonical] = (r, eids, n + 1)
    groups: dict[str, list[Cited]] = {}
    for r, eids, n in by_citing.values():
        body = config.bodies[r.body]
        href = relative(from_dir, page_dir(r))
        paragraphs = {p.eid: p for p in rendered[r.canonical].paragraphs} if r.canonical in rendered else {}
        entry = Cited(
            target=r.canonical,
            label=f"{body.name} resolution {r.symbol}",
            short=r.symbol,
            period=period_label(r.number),
            sort_key=r.number.sort_key,
            href=href,
            internal=True,
            title=r.title,
            date=r.date,
            count=n,
            where=_where(eids, href, paragraphs),
            example=getattr(r, "example", False),
        )
        groups.setdefault(body.name, []).append(entry)
    return _grouped(groups, config)


def _with(entry: Cited, count: int, where: tuple[Where, ...]) -> Cited:
    return replace(entry, count=count, where=where)


# --- the outline ---------------------------------------------------------------------------

#: an outline is worth its place when a text has parts, or more operative paragraphs than
#: a screen shows (about ten paragraphs of resolution prose at 1280 x 900)
MANY_PARAGRAPHS = 10


def outline(paragraphs: tuple[Paragraph, ...]) -> tuple[OutlineItem, ...]:
    """The parts of a text (preamble, operative part, drafts, annexes, sections), following
    its eIds, each with its operative paragraphs; () when the text is short and undivided."""
    items: list[OutlineItem] = []
    paras: dict[str, list[tuple[str, str]]] = {}
    #: container eid -> index of the item its paragraphs go under
    holder: dict[str, int] = {}
    preambles: set[str] = set()
    has_parts = False
    count = 0
    for p in paragraphs:
        parts = p.eid.split("__")
        container = "__".join(parts[:-1])
        level = len(parts)
        if p.kind in ("annex", "section", "draft"):
            has_parts = True
            label = _part_label(p)
            holder[p.eid] = len(items)
            items.append(OutlineItem(p.eid, label, level))
            if p.kind != "draft":
                paras[p.eid] = []
        elif p.kind in ("formula", "recital") and container not in preambles:
            preambles.add(container)
            items.append(OutlineItem(p.eid, "Preamble", level))
        elif p.kind == "para":
            count += 1
            if container not in paras:
                holder[container] = len(items)
                paras[container] = []
                items.append(OutlineItem(p.eid, "Operative paragraphs", level))
            paras[container].append((p.eid, p.num or str(len(paras[container]) + 1)))
    if not has_parts and count < MANY_PARAGRAPHS:
        return ()
    out = list(items)
    for container, found in paras.items():
        i = holder[container]
        out[i] = OutlineItem(out[i].eid, out[i].label, out[i].level, tuple(found))
    return tuple(out)


def _part_label(p: Paragraph) -> str:
    if p.kind == "draft":
        return "Draft resolution"
    text = " ".join(p.text.split())
    if p.kind == "annex":
        return text or "Annex"
    return text if len(text) <= 70 else text[:68].rsplit(" ", 1)[0] + " …"


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
            where = _where([at], "", paragraphs)[0]
            place = f"{where.label} {where.places[0].num}".strip()
            place = place[:1].upper() + place[1:]
        notes.append(EditorNote(at, kind, text or NOTE_TEXTS.get(kind, ""), place))
    return tuple(notes)


def resolution_view(
    r: Resolution,
    rendered: Rendered,
    *,
    config: SiteConfig,
    index: SiteIndex,
    incoming: tuple[CitingParagraph, ...],
    all_rendered: Mapping[str, Rendered],
) -> dict[str, object]:
    """What ``resolution.html`` shows besides the text: citations both ways, by body, and
    their picture; the outline; the session as the document names it; editor's notes."""
    from site_builder.citepicture import picture

    current = page_dir(r)
    paragraphs = {p.eid: p for p in rendered.paragraphs}
    cites = cite_groups(rendered.citations, current, index, config, paragraphs)
    cited_by = cited_by_groups(incoming, current, config, all_rendered)
    return {
        "cite_groups": cites,
        "cited_by_groups": cited_by,
        "picture": picture(cites, cited_by, r.symbol, r.title),
        "outline": outline(rendered.paragraphs),
        "session_name": session_name(r.session),
        "editor_notes": editor_notes(r, paragraphs),
    }
