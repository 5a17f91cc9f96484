"""The shape of a resolution: formula, preamble, operative part, subparagraphs,
sections, annexes, an embedded draft, the adoption record.

A core rule walks the block tokens once, classifies each paragraph and gives it
a stable anchor in the AKN eId grammar (``recital_2``, ``para_6``,
``para_6__list_1__point_a``, ``sec_II__para_3``, ``annex_1``,
``draft_1__para_6``); see docs/content-format.md. It records the anchors in
``env["paragraphs"]`` and marks every ``inline`` token with ``meta["eid"]`` and
``meta["speaker"]`` (the body speaking there) for the rules that follow.

What each part is goes in ``token.meta``, for the rules and exports that follow (the
Akoma Ntoso export is built from it); the HTML is made by the render rules of
``markdown/structure_html.py`` only:

- a numbered or classified paragraph's ``paragraph_open``: ``kind`` (``formula``,
  ``recital``, ``para``, ``point``, ``p``, ``conclusions``), ``num`` (the number as
  printed, ``"6."``, ``"(a)"``, or ""), ``eid``, ``speaker``, ``zone`` (``preamble``,
  ``operative``, ``closing``); a ``point`` also ``parent`` (the eId of the paragraph
  or point it belongs to) and ``level`` (1 for ``(a)``, 2 for ``(i)`` under it);
- ``section_open``: ``kind`` (``section`` or ``annex``), ``eid``, ``num`` and, for
  a section, ``heading`` (its title after the number);
- ``draft_open``: ``kind`` ``draft``, ``eid``, ``speaker``;
- ``heading_open``: ``kind`` ``heading``.

Inside a paragraph's ``inline``, a ``para_num`` token stands for its printed number
and a ``permalink`` token for its ``¶`` link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from site_builder.markdown.eids import Eids, formula_body
from site_builder.markdown.shape import (
    ADOPTION_QUOTED,
    ANNEX,
    KIND_NAMES,
    NUMBERED,
    POINT,
    QUOTES_SPACE,
    SECTION,
    Scope,
    block_token,
    plain_text,
)
from site_builder.markdown.structure_html import structure_html_plugin
from site_builder.markdown.tokens import meta_token
from site_builder.model import Paragraph


def structure_plugin(md: MarkdownIt, *, body_names: dict[str, str]) -> None:
    """``body_names``: body key -> name ("ga" -> "General Assembly"), to read formulas."""
    rule = _make_rule(body_names)
    if "footnote_tail" in [r.name for r in md.core.ruler.__rules__]:
        md.core.ruler.after("footnote_tail", "structure", rule)
    else:
        md.core.ruler.push("structure", rule)
    md.use(structure_html_plugin)


def _make_rule(body_names: dict[str, str]) -> Callable[[StateCore], None]:
    formulas = {f"the {name}".lower(): key for key, name in body_names.items()}

    def rule(state: StateCore) -> None:
        _Walker(state, formulas).run()

    return rule


class _Walker:
    def __init__(self, state: StateCore, formulas: dict[str, str]) -> None:
        self.state = state
        self.env = state.env
        self.formulas = formulas
        self.line_offset: int = int(self.env.get("line_offset", 0))
        self.out: list[Token] = []
        self.paragraphs: list[Paragraph] = []
        self.root = Scope(prefix="", speaker=self.env.get("speaker"))
        self.scopes: list[Scope] = [self.root]
        self.drafts = 0
        self.annexes = 0
        self.section_token: Token | None = None  # the open <section> of a sec
        self.annex_token: Token | None = None
        self._annex_scope: Scope | None = None
        #: the level of the last heading (the page's own title is the <h1>)
        self.heading_level = 1
        #: the number of the list item whose first paragraph comes next
        self.pending_number: str | None = None
        self.problems: list[tuple[int, str, bool]] = self.env.setdefault("problems", [])
        self.eids = Eids(self.problems, self.line_offset)

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    def run(self) -> None:
        tokens = self.state.tokens
        i = 0
        in_footnotes = False
        footnote_eid: str | None = None
        # open lists: True for a top-level ordered list, whose items are operative
        # paragraphs carrying their own numbers (its <ol>/<li> are dropped)
        lists: list[bool] = []
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "footnote_block_open":
                self._close_all()
                in_footnotes = True
            if in_footnotes:
                if kind == "footnote_open":
                    footnote_eid = "fn_" + str(tok.meta.get("label"))
                if kind == "inline":
                    tok.meta["eid"] = footnote_eid
                    tok.meta["speaker"] = self.root.speaker
                self.out.append(tok)
                i += 1
                continue
            if kind in ("ordered_list_open", "bullet_list_open"):
                dropped = kind == "ordered_list_open" and not lists
                lists.append(dropped)
                if dropped:
                    i += 1
                    continue
            elif kind in ("ordered_list_close", "bullet_list_close"):
                if lists.pop():
                    i += 1
                    continue
            elif kind in ("list_item_open", "list_item_close") and lists == [True]:
                self.pending_number = tok.info if kind == "list_item_open" else None
                i += 1
                continue
            if kind == "blockquote_open":
                self._open_draft(tok)
            elif kind == "blockquote_close":
                self._close_scope_wrapper()
                self.scopes.pop()
                self.out.extend([tok, block_token("draft_close", "figure", -1)])
            elif kind == "heading_open":
                i = self._heading(tokens, i)
                continue
            elif kind == "paragraph_open" and (not lists or lists == [True]):
                i = self._paragraph(tokens, i, len(lists))
                continue
            else:
                if kind == "inline":
                    tok.meta.setdefault("speaker", self.scope.speaker)
                    tok.meta.setdefault("eid", self.scope.anchor_para)
                self.out.append(tok)
            i += 1
        self._close_all()
        self.state.tokens = self.out
        self.env["paragraphs"] = self.paragraphs

    # ----- scopes and wrappers -------------------------------------------------

    def _open_draft(self, tok: Token) -> None:
        self.drafts += 1
        eid = self.eids.unique(f"{self.scope.prefix}draft_{self.drafts}")
        # <figure> + <figcaption> names the quoted draft for every reader
        figure = block_token("draft_open", "figure", 1)
        figure.attrSet("id", eid)
        figure.attrSet("class", "draft-resolution")
        figure.meta = {"kind": "draft", "eid": eid, "speaker": self.scope.speaker}
        tok.attrSet("class", "draft-text")
        self.out.extend([figure, tok])
        self.scopes.append(Scope(prefix=eid + "__", speaker=self.scope.speaker, in_annex=self.scope.in_annex))
        self._push_paragraph(eid, "draft", "", "", tok)

    def _close_scope_wrapper(self) -> None:
        scope = self.scope
        if scope.wrapper is not None:
            self.out.append(block_token("zone_close", "div", -1))
            scope.wrapper = None

    def _set_zone(self, zone: str) -> None:
        scope = self.scope
        if scope.zone == zone and (scope.wrapper is not None or zone == "closing"):
            return
        if scope.wrapper is not None:
            self.out.append(block_token("zone_close", "div", -1))
            scope.wrapper = None
        scope.zone = zone
        if zone in ("preamble", "operative"):
            wrapper = block_token("zone_open", "div", 1)
            wrapper.attrSet("class", zone)
            self.out.append(wrapper)
            scope.wrapper = wrapper

    def _close_all(self) -> None:
        while len(self.scopes) > 1:
            self._close_scope_wrapper()
            self.scopes.pop()
        self._close_scope_wrapper()
        self._close_section()
        self._close_annex()

    def _close_section(self) -> None:
        if self.section_token is not None:
            self._close_scope_wrapper()
            self.out.append(block_token("section_close", "section", -1))
            self.section_token = None
            self.scopes[0] = self._annex_scope or self.root

    def _close_annex(self) -> None:
        if self.annex_token is not None:
            self._close_scope_wrapper()
            self.out.append(block_token("section_close", "section", -1))
            self.annex_token = None
            self._annex_scope = None
            self.scopes[0] = self.root

    # ----- headings --------------------------------------------------------------

    def _heading(self, tokens: list[Token], i: int) -> int:
        open_tok, inline, close_tok = tokens[i], tokens[i + 1], tokens[i + 2]
        text = plain_text(inline)
        top = len(self.scopes) == 1
        annex = ANNEX.match(text) if top else None
        section = SECTION.match(text) if top and open_tok.tag == "h2" and not annex else None
        if annex:
            self._close_section()
            self._close_annex()
            self._close_scope_wrapper()
            self.annexes += 1
            num = annex.group(1) or str(self.annexes)
            eid = self.eids.unique(f"annex_{num}")
            self.annex_token = self._open_section("annex", eid, {"kind": "annex", "eid": eid, "num": num})
            self._annex_scope = Scope(prefix=eid + "__", speaker=self.root.speaker, in_annex=True, zone="operative")
            self.scopes[0] = self._annex_scope
            self._push_paragraph(eid, "annex", num, text, inline)
        elif section:
            self._close_section()
            self._close_scope_wrapper()
            num = section.group(1)
            base = self._annex_scope.prefix if self._annex_scope else ""
            eid = self.eids.unique(f"{base}sec_{num}")
            meta = {"kind": "section", "eid": eid, "num": num, "heading": section.group(2) or ""}
            self.section_token = self._open_section("resolution-section", eid, meta)
            parent = self.scope
            self.scopes[0] = Scope(prefix=eid + "__", speaker=parent.speaker, in_annex=parent.in_annex)
            self._push_paragraph(eid, "section", num, text, inline)
        else:
            self._close_scope_wrapper()
        inline.meta["speaker"] = self.scope.speaker
        # the page's title is the <h1>: a heading may go at most one level deeper than
        # the one before it (a source that opens with ### gets <h2>), so none is skipped
        level = min(int(open_tok.tag[1]), self.heading_level + 1)
        open_tok.tag = close_tok.tag = f"h{level}"
        open_tok.meta["kind"] = "heading"
        self.heading_level = level
        self.out.extend([open_tok, inline, close_tok])
        return i + 3

    def _open_section(self, css: str, eid: str, meta: dict[str, str]) -> Token:
        """``<section class=... id=...>`` for an annex or a section of the text."""
        wrapper = block_token("section_open", "section", 1)
        wrapper.meta = meta
        wrapper.attrSet("class", css)
        wrapper.attrSet("id", eid)
        self.out.append(wrapper)
        return wrapper

    # ----- paragraphs ------------------------------------------------------------

    def _paragraph(self, tokens: list[Token], i: int, list_depth: int) -> int:
        open_tok, inline, close_tok = tokens[i], tokens[i + 1], tokens[i + 2]
        scope = self.scope
        text = plain_text(inline)
        number = self.pending_number if list_depth == 1 else None
        self.pending_number = None
        open_tok.hidden = close_tok.hidden = False  # tight list items hide their <p>
        inline.meta["speaker"] = scope.speaker

        point = POINT.match(text) if number is None else None
        numbered = NUMBERED.match(text) if number is None and not point else None
        if number is None and numbered and list_depth == 0:
            number = numbered.group(2)
        else:
            numbered = None
        # a formula opens the text: the test is needed only there
        formula = formula_body(inline, text, self.formulas) if scope.zone == "start" else None

        if formula is not None:
            scope.speaker = formula or scope.speaker
            inline.meta["speaker"] = scope.speaker
            self._set_zone("preamble")
            eid = self.eids.unique(f"{scope.prefix}formula_1")
            self._emit(open_tok, inline, close_tok, eid, "formula", "", text)
            return i + 3
        if not scope.in_annex and len(self.scopes) == 1 and ADOPTION_QUOTED.match(text):
            if self.section_token is not None:  # the record closes the last section
                self._close_section()
                scope = self.scope
            self._set_zone("closing")
            eid = self.eids.unique("conclusions")
            self._emit(open_tok, inline, close_tok, eid, "conclusions", "", text)
            return i + 3
        if scope.zone == "closing" and len(self.scopes) == 1:
            scope.plain += 1
            eid = self.eids.unique(f"conclusions__p_{scope.plain}")
            self._emit(open_tok, inline, close_tok, eid, "p", "", text)
            return i + 3
        if point and scope.anchor_para is not None:
            label = point.group(2)
            eid, parent = self.eids.point(scope, label)
            open_tok.meta["parent"] = parent
            self._emit(open_tok, inline, close_tok, eid, "point", label, text, marker=point)
            return i + 3
        if number is not None:
            self._set_zone("operative")
            eid = self.eids.unique(f"{scope.prefix}para_{number}", line_token=inline, what=f"paragraph {number}")
            scope.anchor_at(eid)
            self._emit(open_tok, inline, close_tok, eid, "para", number, text, marker=numbered, number=number)
            return i + 3
        if scope.in_annex:
            scope.plain += 1
            eid = self.eids.unique(f"{scope.prefix}p_{scope.plain}")
            scope.anchor_at(eid)
            self._emit(open_tok, inline, close_tok, eid, "p", "", text)
            return i + 3
        ends_with_comma = text.rstrip(QUOTES_SPACE).endswith(",")
        if scope.zone in ("start", "preamble") and ends_with_comma:
            self._set_zone("preamble")
            scope.recitals += 1
            eid = self.eids.unique(f"{scope.prefix}recital_{scope.recitals}")
            scope.anchor_at(eid)
            self._emit(open_tok, inline, close_tok, eid, "recital", "", text)
            return i + 3
        self._set_zone("operative")
        scope.unnumbered += 1
        eid = self.eids.unique(f"{scope.prefix}para_{scope.unnumbered}")
        scope.anchor_at(eid)
        self._emit(open_tok, inline, close_tok, eid, "para", "", text)
        return i + 3

    def _push_paragraph(self, eid: str, kind: str, num: str, text: str, tok: Token) -> None:
        line = (tok.map[0] if tok.map else 0) + self.line_offset + 1
        self.paragraphs.append(Paragraph(eid, kind, num, text, line))

    def _emit(
        self,
        open_tok: Token,
        inline: Token,
        close_tok: Token,
        eid: str,
        kind: str,
        num: str,
        text: str,
        *,
        marker: re.Match[str] | None = None,
        number: str | None = None,
    ) -> None:
        attrs = open_tok.attrs
        attrs["id"] = eid
        meta = open_tok.meta
        scope = self.scopes[-1]
        meta.update(kind=kind, eid=eid, speaker=scope.speaker, zone=scope.zone)
        if kind == "point":
            meta["level"] = level = eid.count("__point_")
            attrs["class"] = f"point point-{level}"
        else:
            attrs["class"] = "text" if kind == "p" else kind
        inline.meta["eid"] = eid
        children = inline.children or []
        printed = ""
        if marker is not None and children and children[0].type == "text":
            # the printed number, kept as printed, in a token of its own
            first = children[0]
            printed = first.content[: marker.end()].rstrip()
            first.content = first.content[marker.end() :]
        elif number is not None:
            printed = f"{number}."
        meta["num"] = printed
        if printed:
            children.insert(0, meta_token("para_num", {"num": printed}))
        what = KIND_NAMES.get(kind, kind)
        label = f"{what} {num}".strip() if num else what
        children.append(meta_token("permalink", {"eid": eid, "label": label}))
        inline.children = children
        self._push_paragraph(eid, kind, num, text, inline)
        self.out.extend([open_tok, inline, close_tok])
