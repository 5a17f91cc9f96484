"""The outline of a long or divided resolution text, from its paragraphs' AKN eIds."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.model import Paragraph


@dataclass(frozen=True)
class OutlineItem:
    eid: str
    label: str
    level: int
    #: operative paragraphs listed under it by number
    paras: tuple[tuple[str, str], ...] = ()


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
