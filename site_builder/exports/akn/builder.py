"""The AKN document from the token stream: the structure from ``token.meta``, set by
the structure rule (``markdown/structure.py``), the text from the inline tokens."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from site_builder.config import DEFAULT_DOCUMENT_URL, SiteConfig
from site_builder.exports.akn.document import meta_block, preface, stated_conclusions
from site_builder.exports.akn.inline import InlineWriter, plain
from site_builder.exports.akn.xml import el, mark_date, sub, wrap_p
from site_builder.model import Resolution

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


@dataclass
class _Frame:
    """A run of text with one container: the resolution, a section, an annex, a draft."""

    kind: str  # "root", "section", "annex", "draft"
    #: where operative paragraphs go
    body: ET.Element
    #: where the formula and recitals go (root: <preamble>; draft: the structure itself)
    preamble: ET.Element | None = None
    #: the last paragraph-like element added, for a draft that follows it
    last: ET.Element | None = None
    #: a section's number and title, until its heading is reached
    pending_heading: dict[str, Any] | None = None
    extra: dict[str, ET.Element] = field(default_factory=dict)


_HIER = {"paragraph", "point", "hcontainer", "section"}


class Builder:
    def __init__(self, resolution: Resolution, config: SiteConfig, tokens: Sequence[Token]) -> None:
        self.r = resolution
        self.config = config
        split = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
        self.tokens = list(tokens[:split])
        self.text = InlineWriter(tokens[split:], str(config.document_url or DEFAULT_DOCUMENT_URL))
        self.by_eid: dict[str, ET.Element] = {}
        self.preamble = el("preamble")
        self.main = el("mainBody")
        self.conclusions: ET.Element | None = None
        self.attachments: list[ET.Element] = []
        self.frames = [_Frame("root", self.main, self.preamble)]

    @property
    def frame(self) -> _Frame:
        return self.frames[-1]

    def build(self) -> ET.Element:
        self._walk()
        r = self.r
        root = el("akomaNtoso", {"xmlns": AKN_NS})
        statement = sub(root, "statement", {"name": "resolution", "contains": "originalVersion"})
        statement.append(meta_block(r, self.config, "main"))
        statement.append(preface(r, self.config))
        if len(self.preamble):
            statement.append(self.preamble)
        for main in [self.main, *(a.find("doc/mainBody") for a in self.attachments)]:
            if main is not None and not len(main):
                # a partial text, or an annex with a heading only: say that nothing follows
                sub(sub(main, "p", {"class": "omitted"}), "omissis", text="[not in the source]")
        statement.append(self.main)
        statement.append(self._conclusions())
        if self.attachments:
            sub(statement, "attachments").extend(self.attachments)
        return root

    def _conclusions(self) -> ET.Element:
        if self.conclusions is None:
            return stated_conclusions(self.r, self.config)
        for p in self.conclusions.iter("p"):
            if mark_date(p, self.r.date):
                break
        return self.conclusions

    # ----- walking the tokens ----------------------------------------------------

    def _walk(self) -> None:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t == "section_open":
                self._open_section(tok.meta)
            elif t == "section_close":
                self.frames.pop()
            elif t == "draft_open":
                self._open_draft(tok.meta)
            elif t == "draft_close":
                if self.frame.kind == "draft":
                    self.frames.pop()
            elif t == "heading_open":
                self._heading(tokens[i + 1])
                i += 3
                continue
            elif t == "paragraph_open":
                self._paragraph(tok.meta, tokens[i + 1])
                i += 3
                continue
            elif t in ("fence", "code_block") and tok.content.strip():
                self._loose_block(el("p", {"class": "code"}, tok.content.rstrip("\n")))
            i += 1

    def _open_section(self, meta: dict[str, Any]) -> None:
        eid = str(meta["eid"])
        if meta["kind"] == "annex":
            attachment = el("attachment", {"eId": eid})
            doc = sub(attachment, "doc", {"name": "annex"})
            doc.append(meta_block(self.r, self.config, eid))
            frame = _Frame("annex", ET.Element("mainBody"))
            frame.extra["preface"] = sub(doc, "preface")
            doc.append(frame.body)
            self.attachments.append(attachment)
            self.by_eid[eid] = attachment
            self.frames.append(frame)
        else:
            section = el("section", {"eId": eid})
            self.frame.body.append(section)
            self.by_eid[eid] = section
            self.frames.append(_Frame("section", section, pending_heading=meta))

    def _open_draft(self, meta: dict[str, Any]) -> None:
        eid = str(meta["eid"])
        structure = el("embeddedStructure", {"eId": eid})
        self.by_eid[eid] = structure
        self._loose_block(wrap_p(structure))
        self.frames.append(_Frame("draft", structure, structure))

    def _heading(self, inline: Token) -> None:
        frame = self.frame
        text = " ".join(plain(inline).split())
        if frame.kind == "annex" and "heading" not in frame.extra:
            p = sub(frame.extra["preface"], "p", {"class": "title"})
            sub(p, "docTitle", text=text)
            frame.extra["heading"] = p
            return
        if frame.kind == "section" and frame.pending_heading is not None:
            section_meta, frame.pending_heading = frame.pending_heading, None
            sub(frame.body, "num", text=str(section_meta["num"]))
            if section_meta["heading"]:
                sub(frame.body, "heading", text=" ".join(str(section_meta["heading"]).split()))
            return
        # any other heading: a cross-heading in the current container
        container = frame.body
        if container.tag in ("mainBody", "embeddedStructure", "preamble", "conclusions"):
            sub(container, "p", {"class": "heading"}, text)
        else:
            sub(sub(container, "hcontainer", {"name": "crossHeading"}), "heading", text=text)

    def _paragraph(self, meta: dict[str, Any], inline: Token) -> None:
        kind = meta.get("kind")
        if kind is None:
            # a paragraph inside a nested list or a block the structure does not number
            p = el("p")
            self.text.inline(p, inline)
            self._loose_block(p)
            return
        eid = str(meta["eid"])
        num = str(meta["num"])
        if kind == "formula":
            self._formula(eid, inline)
        elif kind == "recital":
            self._recital(eid, inline)
        elif kind == "point":
            self._point(eid, str(meta["parent"]), num, inline)
        elif kind == "conclusions" or meta["zone"] == "closing":
            if self.conclusions is None:
                self.conclusions = el("conclusions", {"eId": "conclusions"})
            p = sub(self.conclusions, "p", {} if eid == "conclusions" else {"eId": eid})
            self.text.inline(p, inline)
        else:  # "para", "p"
            paragraph = el("paragraph", {"eId": eid})
            if num:
                sub(paragraph, "num", text=num)
            self.text.inline(sub(sub(paragraph, "content"), "p"), inline)
            self._add_block(eid, paragraph)

    def _add_block(self, eid: str, element: ET.Element) -> None:
        self.frame.body.append(element)
        self.by_eid[eid] = element
        self.frame.last = element

    def _formula(self, eid: str, inline: Token) -> None:
        frame = self.frame
        if frame.preamble is not None:
            formula = sub(frame.preamble, "formula", {"name": "enactingFormula", "eId": eid})
            self.text.inline(sub(formula, "p"), inline)
            self.by_eid[eid] = formula
        else:
            box = el("hcontainer", {"name": "formula", "eId": eid})
            self.text.inline(sub(sub(box, "content"), "p"), inline)
            self._add_block(eid, box)

    def _recital(self, eid: str, inline: Token) -> None:
        frame = self.frame
        if frame.preamble is not None:
            target = frame.preamble
            recitals = target[-1] if len(target) and target[-1].tag == "recitals" else sub(target, "recitals")
            recital = sub(recitals, "recital", {"eId": eid})
            self.text.inline(sub(recital, "p"), inline)
            self.by_eid[eid] = recital
            frame.last = recital
        else:  # a section's or annex's own preambular paragraphs
            box = el("hcontainer", {"name": "recital", "eId": eid})
            self.text.inline(sub(sub(box, "content"), "p"), inline)
            self._add_block(eid, box)

    def _point(self, eid: str, parent_eid: str, num: str, inline: Token) -> None:
        parent = self.by_eid.get(parent_eid)
        if parent is None:  # cannot happen with structure.py's ids; keep the text anyway
            p = el("p", {"eId": eid})
            self.text.inline(p, inline)
            self._loose_block(p)
            return
        if parent.tag in _HIER:
            content = parent.find("content")
            if content is not None:
                content.tag = "intro"
            lst = parent[-1] if len(parent) and parent[-1].tag == "list" else sub(parent, "list")
            point = sub(lst, "point", {"eId": eid})
            if num:
                sub(point, "num", text=num)
            self.text.inline(sub(sub(point, "content"), "p"), inline)
        else:  # recital, formula, item: block content takes a blockList
            lst = parent[-1] if len(parent) and parent[-1].tag == "blockList" else sub(parent, "blockList")
            point = sub(lst, "item", {"eId": eid})
            if num:
                sub(point, "num", text=num)
            self.text.inline(sub(point, "p"), inline)
        self.by_eid[eid] = point

    def _loose_block(self, p: ET.Element) -> None:
        """A block with no anchor of its own (a draft, a nested list's text): it joins
        the paragraph before it, or stands in the container where blocks may."""
        last = self.frame.last
        if last is not None:
            if last.tag in _HIER:
                content = last.find("content")
                if content is not None:
                    content.append(p)
                    return
                wrap = last.find("wrapUp")
                (wrap if wrap is not None else sub(last, "wrapUp")).append(p)
                return
            if last.tag == "recital":
                last.append(p)
                return
        container = self.frame.body
        if container.tag in ("mainBody", "embeddedStructure"):
            container.append(p)
        else:
            sub(sub(container, "hcontainer", {"name": "block"}), "content").append(p)
