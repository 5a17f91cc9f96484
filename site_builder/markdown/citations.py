"""The ``citations`` core rule: every citation the recogniser finds becomes a link.

For each ``inline`` token it joins the children's text (a footnote mark as U+FFFC,
a line break as a space), asks the recogniser, and cuts the text tokens so that
each cited number or symbol is wrapped in ``link_open``/``link_close``. Nothing is
linked inside an existing link or a code span. The links need no render rule of
their own; ``env["citations"]`` gets a :class:`~site_builder.model.Citation` each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from site_builder.citations.cited import CitedDocument, Match
from site_builder.citations.recognise import MARK, Recogniser
from site_builder.config import DEFAULT_DOCUMENT_URL
from site_builder.markdown.tokens import new_token
from site_builder.model import Citation

#: stands for what a citation cannot be part of (code, a link's text): it ends any list
_BARRIER = "\ue000"
_SILENT = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
_BREAKS = frozenset({"softbreak", "hardbreak"})
_DIGIT = re.compile(r"\d")

Resolver = Callable[[CitedDocument], tuple[str, bool]]


def citations_plugin(md: MarkdownIt, *, recogniser: Recogniser) -> None:
    def citations(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline" and token.children and may_cite(token.content):
                _link_citations(token, state.env, recogniser)

    md.core.ruler.push("citations", citations)


def may_cite(source: str) -> bool:
    """Whether an inline's source text may hold a citation: every citation has a
    digit, and a "/" (a symbol, "57/173") or a keyword ("resolution 1373 (2001)").
    An entity ("&#47;") may stand for either, so a source with one is always read."""
    if "&" in source:
        return True
    # the substring tests are quicker than the digit search: they go first
    if "/" in source or "esolution" in source or "ecision" in source:
        return _DIGIT.search(source) is not None
    return False


def _link_citations(inline: Token, env: MutableMapping[str, Any], recogniser: Recogniser) -> None:
    children = inline.children or []
    text, spans, linkable = _join(children)
    speaker = inline.meta.get("speaker", env.get("speaker"))
    found = recogniser.find(text, speaker)
    if not found:
        return
    matches = [m for m in found if _can_link(m, spans, linkable)]
    if not matches:
        return
    line = (inline.map[0] if inline.map else 0) + int(env.get("line_offset", 0)) + 1
    starts = {m.start: m for m in matches}
    ends = {m.end for m in matches}
    cuts = sorted({p for m in matches for p in (m.start, m.end)})
    citations: list[Citation] = env.setdefault("citations", [])
    eid = inline.meta.get("eid")
    new_children: list[Token] = []
    for child, (start, end) in _cut(children, spans, linkable, cuts):
        if end <= start or child.type != "text":
            new_children.append(child)
            continue
        match = starts.get(start)
        if match is not None:
            cited = match.cited
            href, internal = _resolve(env, cited)
            new_children.append(_link_open(child, href, internal, match))
            written = text[match.start : match.end]
            citations.append(Citation(cited.target, cited.kind, written, cited.pinpoint, eid, line, internal))
            # the parts a range leaves unwritten ("A to C": B) are cited by the same words
            for also in match.also:
                citations.append(
                    Citation(also.target, also.kind, written, also.pinpoint, eid, line, _resolve(env, also)[1])
                )
        new_children.append(child)
        if end in ends:
            new_children.append(new_token("link_close", "a", -1, child.level))
    inline.children = new_children


def _join(children: list[Token]) -> tuple[str, list[tuple[int, int]], list[bool]]:
    """The inline's text, where each child stands in it, and which children a link may hold."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    linkable: list[bool] = []
    length = 0
    in_link = 0
    for child in children:
        kind = child.type
        may_link = False
        if kind == "text":
            if in_link:
                piece = _BARRIER  # a link's text
            else:
                piece, may_link = child.content, True
        elif kind in _SILENT:
            piece = ""
        elif kind in _BREAKS:
            piece, may_link = " ", not in_link
        elif kind == "link_open":
            in_link += 1
            piece = ""
        elif kind == "link_close":
            in_link -= 1
            piece = ""
        elif kind == "footnote_ref":
            piece = MARK
        else:  # code, anything else
            piece = _BARRIER
        end = length + len(piece)
        spans.append((length, end))
        linkable.append(may_link)
        parts.append(piece)
        length = end
    return "".join(parts), spans, linkable


def _can_link(match: Match, spans: list[tuple[int, int]], linkable: list[bool]) -> bool:
    """Whether the match covers only text and line breaks, with no emphasis edge inside."""
    for (start, end), may_link in zip(spans, linkable, strict=True):
        if start == end:
            if match.start < start < match.end:
                return False
        elif start < match.end and end > match.start and not may_link:
            return False
    return True


def _cut(
    children: list[Token], spans: list[tuple[int, int]], linkable: list[bool], cuts: list[int]
) -> list[tuple[Token, tuple[int, int]]]:
    """The children, with linkable text tokens cut at ``cuts`` (sorted), each with its span."""
    out: list[tuple[Token, tuple[int, int]]] = []
    first, last = cuts[0], cuts[-1]
    for child, span, may_link in zip(children, spans, linkable, strict=True):
        start, end = span
        if not may_link or start >= last or end <= first or child.type != "text":
            out.append((child, span))
            continue
        points = [p for p in cuts if start < p < end]
        if not points:
            out.append((child, span))
            continue
        content, level = child.content, child.level
        for a, b in zip([start, *points], [*points, end], strict=True):
            out.append((new_token("text", "", 0, level, content[a - start : b - start]), (a, b)))
    return out


def _resolve(env: MutableMapping[str, Any], cited: CitedDocument) -> tuple[str, bool]:
    resolver: Resolver | None = env.get("resolve_citation")
    if resolver is not None:
        return resolver(cited)
    template = str(env.get("document_url") or DEFAULT_DOCUMENT_URL)
    return template.format(symbol=cited.target), False


def _title(cited: CitedDocument) -> str:
    if cited.kind == "document":
        return f"{cited.target}, official document"
    return f"{cited.label} ({cited.target}), official document"


def _link_open(like: Token, href: str, internal: bool, match: Match) -> Token:
    cited = match.cited
    attrs: dict[str, str | int | float] = {
        "href": href,
        "class": "cite cite-internal" if internal else "cite cite-external",
        "data-cite": cited.target,
    }
    if match.also:
        # "36/87 A to C": the link of "C" also stands for 36/87 B
        attrs["data-cite-also"] = " ".join(also.target for also in match.also)
    if not internal:
        attrs["title"] = _title(cited)
    token = new_token("link_open", "a", 1, like.level)
    token.attrs = attrs
    return token
