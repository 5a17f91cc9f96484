"""The places of a text that cite a document, as a reader names them: "preambular
paragraphs 1, 8 of the draft resolution", each number linked to its paragraph."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from site_builder.model import Paragraph

# Place and Where are named tuples: ``resolution.html`` unpacks places in its loop


class Place(NamedTuple):
    """One linked place in a text: ``href`` and the number shown ("3", "5 (b)")."""

    href: str
    num: str
    #: the text before it in its list: "" for the first, else ", "
    sep: str = ""


class Where(NamedTuple):
    """Places of one kind in one part: "preambular paragraphs 1, 8" " of the draft resolution"."""

    label: str
    part: str
    places: tuple[Place, ...]
    #: the text before it in its entry: ": " for the first, else "; "
    sep: str = ": "


_PART_NAMES = {"draft": "draft resolution", "annex": "annex", "sec": "section"}


def _part_name(eid_part: str) -> str:
    """``draft_1`` -> "the draft resolution", ``annex_1`` -> "the annex" (an unnumbered annex
    is counted), ``annex_II`` -> "annex II", ``sec_IV`` -> "section IV"."""
    kind, _, num = eid_part.partition("_")
    if kind == "draft" or (kind == "annex" and num == "1"):
        return f"the {_PART_NAMES[kind]}"
    return f"{_PART_NAMES[kind]} {num}"


#: the first word of a paragraph's eId part ("para_3", "recital_2", "p_1")
_PARAGRAPH_PARTS = frozenset(("recital", "para", "p"))


def _place(eid: str, paragraphs: Mapping[str, Paragraph]) -> tuple[str, str, str]:
    """(kind, part, number shown) of one citing place: ("paragraph", "the annex", "5 (b)")."""
    if eid.startswith("fn_"):
        return "note", "", eid[3:]
    parts = eid.split("__")
    containers: list[str] = []
    points: list[str] = []
    last = -1  # the last paragraph part
    for i, name in enumerate(parts):
        head, sep, rest = name.partition("_")
        if head in _PART_NAMES:
            containers.append(name)
        elif sep and head in _PARAGRAPH_PARTS:
            last = i
        elif sep and head == "point":
            points.append(rest)
    part = " of ".join(_part_name(c) for c in reversed(containers))
    if last < 0:
        return "text", part, ""
    para = parts[last]
    kind = "preambular paragraph" if para.startswith("recital_") else "paragraph"
    p = paragraphs.get("__".join(parts[: parts.index(para) + 1]))
    num = p.num if p is not None and p.num else para.split("_", 1)[1]
    return kind, part, num + "".join(f" ({x})" for x in points)


def cited_places(eids: list[str], href_prefix: str, paragraphs: Mapping[str, Paragraph]) -> tuple[Where, ...]:
    """The citing paragraphs, grouped by the part they are in and their kind."""
    groups: dict[tuple[str, str], list[Place]] = {}
    for eid in eids:
        kind, part, num = _place(eid, paragraphs)
        places = groups.setdefault((kind, part), [])
        places.append(Place(f"{href_prefix}#{eid}", num, ", " if places else ""))
    out: list[Where] = []
    for (kind, part), places in groups.items():
        plural = "s" if len(places) > 1 and kind != "text" else ""
        out.append(Where(kind + plural, f" of {part}" if part else "", tuple(places), "; " if out else ": "))
    return tuple(out)
