"""Pinpoints: the part of a cited resolution a citation points at, as an AKN eId.

"paragraph 5 (a) of resolution X" -> ``para_5__list_1__point_a``; "section IV of
resolution X" -> ``sec_IV``; "the annex to resolution X" -> ``annex_1``;
"resolution X, para. 6" -> ``para_6``; "resolution X of <date>, in section IV of
which" -> ``sec_IV``. A list of paragraphs ("paragraphs 3 and 4") points at the first.
"""

from __future__ import annotations

import re

_POINT = r"\((?P<{p}pt>[a-z]{{1,4}})\)(?:\s*\((?P<{p}sub>[ivxl]{{1,6}})\))?"
_MORE_PARAS = r"(?:(?:\s*,\s*|\s+and\s+|\s*[-–]\s*|\s+to\s+)\d{1,3}(?:\s*\([a-z]{1,4}\))*)*"
_ANNEX_NUM = r"[IVXLC]+|\d{1,2}"

# Matched against the text just before a citation's prefix, so anchored at the end.
_BEFORE = re.compile(
    r"(?:"
    rf"(?:[Pp]aragraphs?|[Pp]aras?\.)\s+(?P<para>\d{{1,3}})(?:\s*{_POINT.format(p='')})?{_MORE_PARAS}\s+of"
    r"|[Ss]ections?\s+(?P<sec>[IVXLC]+|[A-Z])\s+of"
    rf"|[Aa]nnex(?:\s+(?P<annex>{_ANNEX_NUM}))?\s+(?:to|of)"
    r")\s+$"
)

# Matched right after a cited number (and its date), so anchored at the start.
_AFTER = re.compile(
    r"[\s\ufffc]*,\s*(?:"
    rf"(?:paras?\.|paragraphs?)\s+(?P<para>\d{{1,3}})(?:\s*{_POINT.format(p='')})?(?![\w/])"
    r"|(?:sect\.|sections?)\s+(?P<sec>[IVXLC]+)\b"
    rf"|annex(?:\s+(?P<annex>{_ANNEX_NUM}))?\b"
    r"|in\s+(?:"
    rf"(?:paragraph|para\.)\s+(?P<wpara>\d{{1,3}})(?:\s*{_POINT.format(p='w')})?"
    r"|section\s+(?P<wsec>[IVXLC]+)"
    r"|(?P<wannex>the\s+annex)"
    r")\s+(?:of|to)\s+which\b"
    r")"
)

_WINDOW = 80


def _para_or_section(groups: dict[str, str | None], p: str = "") -> str | None:
    para = groups.get(p + "para")
    if para:
        eid = f"para_{para}"
        point = groups.get(p + "pt")
        if point:
            eid += f"__list_1__point_{point}"
            sub = groups.get(p + "sub")
            if sub:
                eid += f"__list_1__point_{sub}"
        return eid
    sec = groups.get(p + "sec")
    return f"sec_{sec}" if sec else None


def pinpoint_before(text: str, end: int) -> tuple[int, str] | None:
    """The pinpoint ending at ``end`` ("paragraph 5 of "), as (its start, eId)."""
    start = max(0, end - _WINDOW)
    window = text[start:end]
    if not window.rstrip().endswith(("of", "to")):  # each pinpoint ends so: a cheap test first
        return None
    m = _BEFORE.search(window)
    if not m:
        return None
    # an unnumbered annex is the first (and only) one: annex_1
    eid = _para_or_section(m.groupdict()) or f"annex_{m.group('annex') or 1}"
    return start + m.start(), eid


def pinpoint_after(text: str, pos: int) -> tuple[int, str] | None:
    """The pinpoint starting at ``pos`` (", para. 6"), as (its end, eId)."""
    m = _AFTER.match(text, pos)
    if not m:
        return None
    g = m.groupdict()
    eid = _para_or_section(g) or _para_or_section(g, "w")
    if eid is None:
        eid = "annex_1" if g["wannex"] else f"annex_{g['annex'] or 1}"
    return m.end(), eid
