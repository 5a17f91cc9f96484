"""A paragraph's inline tokens as AKN mixed content: text, ``i``/``b``/``del``,
``ref`` for links (a citation links the official document), ``authorialNote`` at a
footnote's first mark and ``noteRef`` at the next ones."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from markdown_it.token import Token

from site_builder.exports.akn.xml import append_text, sub
from site_builder.markdown.footnotes import footnote_id, footnote_ref_id

#: Inline markup nested deeper than this (``*`` in ``**`` in ``[...](...)``, a
#: thousand times over) is not nested further in the XML: the inner levels' text
#: is kept in the innermost element kept. No drafted text comes near it; it bounds
#: the depth of the tree that ElementTree walks recursively when it writes it.
MAX_INLINE_DEPTH = 50

_OPENING = {"em_open": "i", "strong_open": "b", "s_open": "del"}
_CLOSING = frozenset({"em_close", "strong_close", "s_close", "link_close"})


class InlineWriter:
    def __init__(self, tokens: Iterable[Token], document_url: str) -> None:
        self.notes = collect_notes(tokens)
        self.document_url = document_url
        self.footnote_env: dict[str, Any] = {}

    def inline(self, target: ET.Element, inline: Token) -> None:
        stack = [target]
        for child in inline.children or []:
            t = child.type
            top = stack[-1]
            if t == "text":
                append_text(top, child.content)
            elif t == "softbreak":
                append_text(top, " ")
            elif t == "hardbreak":
                sub(top, "br")
            elif t == "code_inline":
                sub(top, "inline", {"name": "code"}, child.content)
            elif t in _OPENING or t == "link_open":
                if len(stack) > MAX_INLINE_DEPTH:
                    stack.append(top)  # the text goes on in the element kept
                elif t == "link_open":
                    stack.append(sub(top, "ref", self._ref(child)))
                else:
                    stack.append(sub(top, _OPENING[t]))
            elif t in _CLOSING:
                if len(stack) > 1:
                    stack.pop()
            elif t == "footnote_ref":
                self._note(top, child)
            # para_num and permalink: the number (in <num>) and the HTML's ¶ link

    def _ref(self, link: Token) -> dict[str, str]:
        cited = link.attrGet("data-cite")
        # a citation links the official document, whatever page the HTML links
        href = self.document_url.format(symbol=cited) if cited else str(link.attrGet("href") or "")
        attrs = {"href": href}
        if cited:
            attrs["class"] = "citation"
            attrs["title"] = str(cited)
        return attrs

    def _note(self, target: ET.Element, ref: Token) -> None:
        label = str(ref.meta.get("label") or int(ref.meta.get("id", 0)) + 1)
        sub_id = int(ref.meta.get("subId", 0))
        note_eid = footnote_id(label, self.footnote_env)
        if sub_id == 0:
            note = sub(target, "authorialNote", {"marker": label, "placement": "bottom", "eId": note_eid})
            for inline in self.notes.get(int(ref.meta.get("id", -1)), []):
                self.inline(sub(note, "p"), inline)
            if not len(note):
                sub(note, "p")
        else:
            ref_eid = footnote_ref_id(label, sub_id, self.footnote_env)
            sub(target, "noteRef", {"href": f"#{note_eid}", "marker": label, "eId": ref_eid})


def plain(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def collect_notes(tokens: Iterable[Token]) -> dict[int, list[Token]]:
    """Footnote id -> the inline tokens of its paragraphs."""
    notes: dict[int, list[Token]] = {}
    current: int | None = None
    for tok in tokens:
        if tok.type == "footnote_open":
            current = int(tok.meta.get("id", -1))
            notes[current] = []
        elif tok.type == "footnote_close":
            current = None
        elif tok.type == "inline" and current is not None:
            notes[current].append(tok)
    return notes
