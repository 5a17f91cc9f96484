"""What the comparison and series templates receive, and the terminal form of a comparison.

Pure functions of resolutions, their paragraphs and a :class:`Comparison`; no HTML here
(the templates ``compare.html``, ``_compare_rows.html`` and ``series.html`` write it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from site_builder.model import Paragraph, Resolution
from site_builder.series.align import Comparison, Pair, Segment
from site_builder.site.contexts import paragraph_label

#: a link maker: (a resolution's page folder, a paragraph eId) -> href, or "" for no link
Linker = Callable[[Resolution, str], str]

#: what each status says in words (the page never relies on colour alone)
STATUS_LABEL = {
    "new": "New",
    "removed": "Removed",
    "moved": "Moved",
    "changed": "Changed",
    "same": "Unchanged",
}


@dataclass(frozen=True)
class Row:
    id: str
    status: str
    status_label: str
    changed: bool
    renumbered: bool
    old_label: str
    new_label: str
    old_href: str
    new_href: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Renumbered:
    old_label: str
    new_label: str
    old_num: str
    new_num: str
    old_href: str
    new_href: str
    row_id: str


@dataclass(frozen=True)
class Summary:
    new: int
    removed: int
    changed: int
    moved: int
    unchanged: int
    renumbered: int


def summary(c: Comparison) -> Summary:
    return Summary(c.new, c.removed, c.changed, c.moved, c.count("same"), len(c.renumbering))


def _label(p: Paragraph, by_eid: Mapping[str, Paragraph]) -> str:
    return paragraph_label(p.eid, by_eid)


def _row_id(pair: Pair) -> str:
    return f"new-{pair.new.eid}" if pair.new is not None else f"old-{pair.old.eid}" if pair.old is not None else ""


def rows(
    c: Comparison,
    old: Resolution,
    new: Resolution,
    old_paragraphs: Sequence[Paragraph],
    new_paragraphs: Sequence[Paragraph],
    link: Linker,
) -> tuple[tuple[Row, ...], tuple[Renumbered, ...]]:
    """The rows of a comparison and its renumbering table, with labels and links to both texts."""
    old_by = {p.eid: p for p in old_paragraphs}
    new_by = {p.eid: p for p in new_paragraphs}
    out: list[Row] = []
    renumbered: list[Renumbered] = []
    for pair in c.pairs:
        old_label = _label(pair.old, old_by) if pair.old is not None else ""
        new_label = _label(pair.new, new_by) if pair.new is not None else ""
        old_href = link(old, pair.old.eid) if pair.old is not None else ""
        new_href = link(new, pair.new.eid) if pair.new is not None else ""
        row = Row(
            id=_row_id(pair),
            status=pair.status,
            status_label=STATUS_LABEL[pair.status] + (" and changed" if pair.moved and pair.changed else ""),
            changed=pair.changed,
            renumbered=pair.renumbered,
            old_label=old_label,
            new_label=new_label,
            old_href=old_href,
            new_href=new_href,
            segments=pair.segments,
        )
        out.append(row)
        if pair.renumbered and pair.old is not None and pair.new is not None:
            renumbered.append(Renumbered(old_label, new_label, pair.old.num, pair.new.num, old_href, new_href, row.id))
    return tuple(out), tuple(renumbered)


@dataclass(frozen=True)
class Mark:
    """One resolution on the series timeline."""

    x: float
    label_y: float
    symbol: str
    date: dt.date
    href: str


def timeline(
    members: Sequence[Resolution], href: Callable[[Resolution], str], *, width: float = 640, margin: float = 48
) -> tuple[Mark, ...]:
    """One mark per member, placed by date on a line ``width`` wide; labels alternate
    between two rows so that neighbours do not overlap."""
    if not members:
        return ()
    first, last = members[0].date.toordinal(), members[-1].date.toordinal()
    span = max(last - first, 1)
    marks = []
    for k, r in enumerate(members):
        if last == first:
            x = width / 2 if len(members) == 1 else margin + k * (width - 2 * margin) / (len(members) - 1)
        else:
            x = margin + (r.date.toordinal() - first) * (width - 2 * margin) / span
        marks.append(Mark(round(x, 1), 56.0 if k % 2 == 0 else 74.0, r.symbol, r.date, href(r)))
    return tuple(marks)


def text_report(
    c: Comparison,
    old_name: str,
    new_name: str,
    old_paragraphs: Sequence[Paragraph],
    new_paragraphs: Sequence[Paragraph],
) -> str:
    """A comparison for a terminal: one unified listing, each paragraph with its label.

    ``  `` unchanged, ``- `` removed, ``+ `` new, ``~ `` changed, ``> `` moved; words
    within a paragraph as ``[-deleted-]`` and ``{+inserted+}``."""
    old_by = {p.eid: p for p in old_paragraphs}
    new_by = {p.eid: p for p in new_paragraphs}
    s = summary(c)
    lines = [
        f"--- {old_name}",
        f"+++ {new_name}",
        f"{s.new} new, {s.removed} removed, {s.changed} changed, {s.moved} moved, {s.unchanged} unchanged",
    ]
    for pair in c.renumbering:
        assert pair.old is not None and pair.new is not None
        lines.append(f"renumbered: {_label(pair.old, old_by)} -> {_label(pair.new, new_by)}")
    mark = {"same": " ", "new": "+", "removed": "-", "changed": "~", "moved": ">"}
    for pair in c.pairs:
        if pair.old is not None and pair.new is not None:
            a, b = _label(pair.old, old_by), _label(pair.new, new_by)
            label = a if a == b else f"{a} -> {b}"
        else:
            p = pair.new or pair.old
            assert p is not None
            label = _label(p, new_by if pair.new is not None else old_by)
        status = pair.status + (", changed" if pair.moved and pair.changed else "")
        lines.append(f"{mark[pair.status]} [{label}] ({status})" if pair.status != "same" else f"  [{label}]")
        words = _marked(pair.segments) if pair.status not in ("new", "removed") else pair.segments[0].words
        lines.append(f"{mark[pair.status]}   {words.strip()}")
    return "\n".join(lines) + "\n"


def _marked(segments: Sequence[Segment]) -> str:
    """Words with ``[-deleted-]`` and ``{+inserted+}`` runs; a replacement reads ``[-old-]{+new+}``."""
    out = []
    for k, s in enumerate(segments):
        if s.op == "equal":
            out.append(s.words)
            continue
        core = s.words.strip()
        lead = s.words[: len(s.words) - len(s.words.lstrip())]
        space = s.words[len(s.words.rstrip()) :]
        followed_by_insert = s.op == "delete" and k + 1 < len(segments) and segments[k + 1].op == "insert"
        out.append(
            lead + (f"[-{core}-]" if s.op == "delete" else f"{{+{core}+}}") + ("" if followed_by_insert else space)
        )
    return "".join(out)
