"""Small ElementTree helpers of the AKN export: making elements, mixed text, indentation."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET


def el(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.Element(tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs) if attrs else ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def append_text(parent: ET.Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def wrap_p(element: ET.Element) -> ET.Element:
    p = el("p")
    p.append(element)
    return p


#: elements whose content is text with inline markup: never indented inside
_INLINE_HOSTS = frozenset(
    {"p", "num", "heading", "subheading", "docTitle", "docNumber", "docDate", "docAuthority", "listIntroduction"}
)


def indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure, leaving mixed content (text with markup) untouched.

    Not ``ET.indent``: it also indents inside mixed content (``<p><i>The General
    Assembly</i>,</p>`` would get a newline and spaces before ``<i>``), which changes
    the text. It descends only through structure, so its depth is the structure's."""
    only = element[0] if len(element) == 1 else None
    if element.tag == "p" and only is not None and only.tag == "embeddedStructure" and not element.text:
        element.text = "\n" + " " * (level + 1)
        indent(only, level + 1)
        only.tail = "\n" + " " * level
        return
    if element.tag in _INLINE_HOSTS or not len(element) or (element.text and element.text.strip()):
        return
    for child in element:
        tail = child.tail
        if tail and tail.strip():
            return
    inner = "\n" + " " * (level + 1)
    element.text = inner
    for child in element:
        if len(child):  # an element without children is left as it is
            indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + " " * level


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def mark_date(element: ET.Element, date: dt.date) -> bool:
    """Wrap the first printed occurrence of ``date`` ("22 July 2003") in ``<date>``.
    Recursive through inline markup, whose depth the builder bounds (``MAX_INLINE_DEPTH``)."""
    needle = long_date(date)
    if element.text and needle in element.text:
        before, after = element.text.split(needle, 1)
        element.text = before
        tag = el("date", {"date": date.isoformat(), "refersTo": "#adoption"}, needle)
        tag.tail = after
        element.insert(0, tag)
        return True
    for i, child in enumerate(list(element)):
        if child.tag in ("authorialNote", "date"):
            continue
        if mark_date(child, date):
            return True
        if child.tail and needle in child.tail:
            before, after = child.tail.split(needle, 1)
            child.tail = before
            tag = el("date", {"date": date.isoformat(), "refersTo": "#adoption"}, needle)
            tag.tail = after
            element.insert(i + 1, tag)
            return True
    return False
