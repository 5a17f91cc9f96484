"""Akoma Ntoso 3.0 (AKN4UN shape) for every resolution: ``{page}/akn.xml``.

The XML is built from the Markdown token stream, the same one the HTML comes
from: ``render_markdown(..., akn=config)`` builds it from the tokens it has just
rendered (in the build's worker processes), so a build parses each text once; the
structure plugin (``markdown/structure.py``) has already given every paragraph
its eId in ``token.attrs["id"]``. So the XML's eIds are the HTML anchors:

==========================  =============================================
HTML anchor                 AKN element
==========================  =============================================
``formula_1``               ``preamble/formula[@name="enactingFormula"]``
``recital_2``               ``preamble/recitals/recital``
``para_6``                  ``mainBody/paragraph`` (``num`` as printed)
``para_6__list_1__point_a``  ``paragraph/list/point`` (``intro`` holds the
                            paragraph's own text); under a recital,
                            ``blockList/item``
``sec_II``                  ``mainBody/section`` with ``num``/``heading``
``sec_II__recital_1``       ``section/hcontainer[@name="recital"]``
``annex_1``                 ``attachments/attachment`` holding
                            ``doc[@name="annex"]``
``draft_1``                 ``embeddedStructure`` inside the paragraph that
                            introduces the draft, with its own formula,
                            recitals and paragraphs
``conclusions``             ``conclusions`` (the date as ``date``)
``fn_75``                   ``authorialNote[@marker="75"]`` at the mark;
                            a second mark is ``noteRef`` ``fnref_75_2``
==========================  =============================================

Citations become ``ref`` elements whose ``href`` is the official document's
URL (``https://undocs.org/A/RES/57/173``), whatever the page links to. Nothing
here reads rendered HTML.

``akn_files`` lists a resolution's file with what it depends on, its rendering's
key (the file's digest, the configuration, the code and the resolver answers it
used), so an unchanged resolution's ``akn.xml`` is kept as it is in an in-place build.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.config import DEFAULT_DOCUMENT_URL, SiteConfig
from site_builder.markdown import make_parser
from site_builder.markdown.footnotes import footnote_id, footnote_ref_id
from site_builder.model import OutFile, Resolution
from site_builder.urls import page_dir

if TYPE_CHECKING:
    from site_builder.linking import LoadedSite

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: the file written next to each resolution's index.html
AKN_FILE = "akn.xml"
MEDIA_TYPE = "application/akn+xml"

_NUM_SPAN = re.compile(r'^<span class="num">(.*?)</span>')
_SECTION_HEADING = re.compile(r"^([IVXLC]+|[A-Z])(?:\.\s*(.*))?$")
#: ISO 639-1 -> the ISO 639-2 code AKN expressions are named with
_LANG3 = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho", "de": "deu", "pt": "por"}


def akn_path(resolution: Resolution) -> str:
    """``ecosoc/2003-22/akn.xml``: the file's path in the output."""
    return page_dir(resolution) + AKN_FILE


def work_uri(resolution: Resolution) -> str:
    """The FRBR work IRI: ``/akn/un/statement/resolution/ecosoc/2003-07-22/2003-22``."""
    return f"/akn/un/statement/resolution/{resolution.body}/{resolution.date.isoformat()}/{resolution.number.slug}"


def akn_files(site: LoadedSite) -> list[OutFile]:
    """``akn.xml`` beside every resolution page. The XML comes with each rendering
    (``Rendered.akn``), made only for the files the build writes again: each depends
    on its rendering's key (the file's digest, the configuration, the code and the
    resolver answers it used)."""

    def xml(r: Resolution) -> Callable[[], str]:
        return lambda: site.rendered[r.canonical].akn

    return [OutFile(akn_path(r), xml(r), ("akn.xml", site.keys.render[r.canonical])) for r in site.resolutions]


def akn_document(resolution: Resolution, config: SiteConfig, md: MarkdownIt | None = None) -> str:
    """The resolution as an Akoma Ntoso 3.0 document (UTF-8 XML text), parsed anew."""
    md = md or make_parser(config)
    env: dict[str, Any] = {
        "speaker": resolution.body,
        "line_offset": resolution.text_line - 1,
        "document_url": config.document_url,
        "problems": [],
        "citations": [],
    }
    return akn_from_tokens(resolution, config, md.parse(resolution.text, env))


def akn_from_tokens(resolution: Resolution, config: SiteConfig, tokens: Sequence[Token]) -> str:
    """The XML from the token stream of ``make_parser`` (rendered or not: tokens are
    only read). Citation links point at the official document whatever their ``href``."""
    root = _Builder(resolution, config, tokens).build()
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _tostring(root) + "\n"


#: ElementTree's own escaping, so that the text is what ``ET.tostring`` writes
_escape_cdata: Callable[[str], str] = getattr(ET, "_escape_cdata")  # noqa: B009
_escape_attrib: Callable[[str], str] = getattr(ET, "_escape_attrib")  # noqa: B009


def _tostring(root: ET.Element) -> str:
    """``ET.tostring(root, encoding="unicode")``, without its namespace pass: the
    tree has plain tags, attribute names and values (anything else goes to ElementTree)."""
    out: list[str] = []
    try:
        _write_element(out.append, root)
    except _NotPlain:
        return ET.tostring(root, encoding="unicode")
    return "".join(out)


class _NotPlain(Exception):
    """A namespaced or non-string tag or attribute: left to ElementTree."""


def _write_element(write: Callable[[str], object], element: ET.Element) -> None:
    tag = element.tag
    if type(tag) is not str or tag[:1] == "{":
        raise _NotPlain
    start = "<" + tag
    for key, value in element.attrib.items():
        if type(key) is not str or key[:1] == "{" or type(value) is not str:
            raise _NotPlain
        start += " " + key + '="' + _escape_attrib(value) + '"'
    text = element.text
    if text or len(element):
        write(start + ">")
        if text:
            write(_escape_cdata(text))
        for child in element:
            _write_element(write, child)
        write("</" + tag + ">")
    else:
        write(start + " />")
    if element.tail:
        write(_escape_cdata(element.tail))


# ----- small helpers -------------------------------------------------------------


def _el(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.Element(tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs) if attrs else ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _append_text(parent: ET.Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


#: elements whose content is text with inline markup: never indented inside
_INLINE_HOSTS = frozenset(
    {"p", "num", "heading", "subheading", "docTitle", "docNumber", "docDate", "docAuthority", "listIntroduction"}
)


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure, leaving mixed content (text with markup) untouched."""
    only = element[0] if len(element) == 1 else None
    if element.tag == "p" and only is not None and only.tag == "embeddedStructure" and not element.text:
        element.text = "\n" + " " * (level + 1)
        _indent(only, level + 1)
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
            _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + " " * level


def _long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _mark_date(element: ET.Element, date: dt.date) -> bool:
    """Wrap the first printed occurrence of ``date`` ("22 July 2003") in ``<date>``."""
    needle = _long_date(date)
    if element.text and needle in element.text:
        before, after = element.text.split(needle, 1)
        element.text = before
        tag = _el("date", {"date": date.isoformat(), "refersTo": "#adoption"}, needle)
        tag.tail = after
        element.insert(0, tag)
        return True
    for i, child in enumerate(list(element)):
        if child.tag in ("authorialNote", "date"):
            continue
        if _mark_date(child, date):
            return True
        if child.tail and needle in child.tail:
            before, after = child.tail.split(needle, 1)
            child.tail = before
            tag = _el("date", {"date": date.isoformat(), "refersTo": "#adoption"}, needle)
            tag.tail = after
            element.insert(i + 1, tag)
            return True
    return False


# ----- the builder ---------------------------------------------------------------


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
    pending_heading: str | None = None
    extra: dict[str, ET.Element] = field(default_factory=dict)


_HIER = {"paragraph", "point", "hcontainer", "section"}


class _Builder:
    def __init__(self, resolution: Resolution, config: SiteConfig, tokens: Sequence[Token]) -> None:
        self.r = resolution
        self.config = config
        self.body = config.bodies[resolution.body]
        split = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
        self.tokens = list(tokens[:split])
        self.notes = _collect_notes(tokens[split:])
        self.by_eid: dict[str, ET.Element] = {}
        self.preamble = _el("preamble")
        self.main = _el("mainBody")
        self.conclusions: ET.Element | None = None
        self.attachments: list[ET.Element] = []
        self.frames = [_Frame("root", self.main, self.preamble)]
        self.footnote_env: dict[str, Any] = {}
        self.document_url = str(config.document_url or DEFAULT_DOCUMENT_URL)

    @property
    def frame(self) -> _Frame:
        return self.frames[-1]

    # ----- document ----------------------------------------------------------

    def build(self) -> ET.Element:
        self._walk()
        r = self.r
        root = _el("akomaNtoso", {"xmlns": AKN_NS})
        statement = _sub(root, "statement", {"name": "resolution", "contains": "originalVersion"})
        statement.append(self._meta(work_uri(r), "main"))
        statement.append(self._preface())
        if len(self.preamble):
            statement.append(self.preamble)
        for main in [self.main, *(a.find("doc/mainBody") for a in self.attachments)]:
            if main is not None and not len(main):
                # a partial text, or an annex with a heading only: say that nothing follows
                _sub(_sub(main, "p", {"class": "omitted"}), "omissis", text="[not in the source]")
        statement.append(self.main)
        statement.append(self._conclusions())
        if self.attachments:
            attachments = _sub(statement, "attachments")
            attachments.extend(self.attachments)
        return root

    def _meta(self, work: str, component: str) -> ET.Element:
        r = self.r
        lang = _LANG3.get(self.config.language, self.config.language)
        expression = f"{work}/{lang}@"
        date = r.date.isoformat()
        meta = _el("meta")
        ident = _sub(meta, "identification", {"source": "#source"})
        w = _sub(ident, "FRBRWork")
        _sub(w, "FRBRthis", {"value": f"{work}/!{component}"})
        _sub(w, "FRBRuri", {"value": work})
        _sub(w, "FRBRalias", {"value": r.document, "name": "symbol"})
        _sub(w, "FRBRdate", {"date": date, "name": "adoption"})
        _sub(w, "FRBRauthor", {"href": f"#{r.body}"})
        _sub(w, "FRBRcountry", {"value": "un"})
        _sub(w, "FRBRsubtype", {"value": "resolution"})
        _sub(w, "FRBRnumber", {"value": r.symbol})
        _sub(w, "FRBRname", {"value": "resolution"})
        e = _sub(ident, "FRBRExpression")
        _sub(e, "FRBRthis", {"value": f"{expression}/!{component}"})
        _sub(e, "FRBRuri", {"value": expression})
        _sub(e, "FRBRdate", {"date": date, "name": "adoption"})
        _sub(e, "FRBRauthor", {"href": f"#{r.body}"})
        _sub(e, "FRBRlanguage", {"language": lang})
        m = _sub(ident, "FRBRManifestation")
        _sub(m, "FRBRthis", {"value": f"{expression}/!{component}.xml"})
        _sub(m, "FRBRuri", {"value": f"{expression}.akn"})
        # the adoption date, not the build's: the same text always gives the same file
        _sub(m, "FRBRdate", {"date": date, "name": "transformation"})
        _sub(m, "FRBRauthor", {"href": "#source"})
        _sub(m, "FRBRformat", {"value": MEDIA_TYPE})
        if component != "main":
            return meta  # an annex shares the statement's references (eIds are unique in it)
        refs = _sub(meta, "references", {"source": "#source"})
        _sub(
            refs,
            "TLCOrganization",
            {"eId": "source", "href": "/akn/ontology/organization/site_builder", "showAs": self.config.title},
        )
        _sub(
            refs,
            "TLCOrganization",
            {"eId": r.body, "href": f"/akn/ontology/organization/un/{r.body}", "showAs": self.body.name},
        )
        _sub(refs, "TLCEvent", {"eId": "adoption", "href": "/akn/ontology/event/adoption", "showAs": "Adoption"})
        return meta

    def _preface(self) -> ET.Element:
        r = self.r
        preface = _el("preface")
        _sub(_sub(preface, "p", {"class": "symbol"}), "docNumber", text=r.document)
        _sub(_sub(preface, "p", {"class": "authority"}), "docAuthority", text=self.body.name)
        title = _sub(_sub(preface, "longTitle"), "p")
        number = _sub(title, "docNumber", text=r.symbol)
        if r.title:
            number.tail = ". "
            _sub(title, "docTitle", text=r.title)
        _sub(_sub(preface, "p", {"class": "date"}), "docDate", {"date": r.date.isoformat()}, _long_date(r.date))
        return preface

    def _conclusions(self) -> ET.Element:
        if self.conclusions is not None:
            for p in self.conclusions.iter("p"):
                if _mark_date(p, self.r.date):
                    break
            return self.conclusions
        # no adoption record in the source: state the meeting and date of the front matter
        conclusions = _el("conclusions")
        p = _sub(conclusions, "p", {"class": "adoption"})
        if self.r.meeting:
            p.text = f"{_ordinal(self.r.meeting)} {self.body.meeting_name}, "
        _sub(p, "date", {"date": self.r.date.isoformat(), "refersTo": "#adoption"}, _long_date(self.r.date))
        return conclusions

    # ----- walking the tokens ----------------------------------------------------

    def _walk(self) -> None:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t == "section_open":
                self._open_section(tok)
            elif t == "section_close":
                self.frames.pop()
            elif t == "draft_open":  # a <figure> wraps the draft's blockquote
                self._open_draft(tok)
                self.frame.extra["figure"] = self.frame.body
            elif t == "draft_close":
                if self.frame.kind == "draft":
                    self.frames.pop()
            elif t == "blockquote_open" and tok.attrGet("id"):  # the draft is the blockquote itself
                self._open_draft(tok)
            elif t == "blockquote_close":
                if self.frame.kind == "draft" and "figure" not in self.frame.extra:
                    self.frames.pop()
            elif t == "heading_open":
                self._heading(tokens[i + 1])
                i += 3
                continue
            elif t == "paragraph_open":
                self._paragraph(tok, tokens[i + 1])
                i += 3
                continue
            elif t in ("fence", "code_block") and tok.content.strip():
                self._loose_block(_el("p", {"class": "code"}, tok.content.rstrip("\n")))
            i += 1

    def _open_section(self, tok: Token) -> None:
        eid = str(tok.attrGet("id") or "")
        if str(tok.attrGet("class")) == "annex":
            attachment = _el("attachment", {"eId": eid})
            doc = _sub(attachment, "doc", {"name": "annex"})
            doc.append(self._meta(work_uri(self.r), eid))
            preface = _sub(doc, "preface")
            main = _sub(doc, "mainBody")
            self.attachments.append(attachment)
            self.by_eid[eid] = attachment
            frame = _Frame("annex", main)
            frame.extra["preface"] = preface
            frame.extra["doc"] = doc
            self.frames.append(frame)
        else:
            section = _el("section", {"eId": eid})
            self._container_for_paragraphs().append(section)
            self.by_eid[eid] = section
            frame = _Frame("section", section)
            frame.pending_heading = eid
            self.frames.append(frame)

    def _open_draft(self, tok: Token) -> None:
        eid = str(tok.attrGet("id") or "")
        structure = _el("embeddedStructure", {"eId": eid})
        self.by_eid[eid] = structure
        self._loose_block(_wrap_p(structure))
        self.frames.append(_Frame("draft", structure, structure))

    def _heading(self, inline: Token) -> None:
        frame = self.frame
        text = " ".join(_plain(inline).split())
        if frame.kind == "annex" and "heading" not in frame.extra:
            p = _sub(frame.extra["preface"], "p", {"class": "title"})
            _sub(p, "docTitle", text=text)
            frame.extra["heading"] = p
            return
        if frame.kind == "section" and frame.pending_heading:
            frame.pending_heading = None
            match = _SECTION_HEADING.match(text)
            section = frame.body
            if match:
                _sub(section, "num", text=match.group(1))
                if match.group(2):
                    _sub(section, "heading", text=match.group(2))
            else:
                _sub(section, "heading", text=text)
            return
        # any other heading: a cross-heading in the current container
        container = self._container_for_paragraphs()
        if container.tag in ("mainBody", "embeddedStructure", "preamble", "conclusions"):
            _sub(container, "p", {"class": "heading"}, text)
        else:
            _sub(_sub(container, "hcontainer", {"name": "crossHeading"}), "heading", text=text)

    def _paragraph(self, open_tok: Token, inline: Token) -> None:
        eid = open_tok.attrGet("id")
        css = str(open_tok.attrGet("class") or "")
        if not eid:
            # a paragraph inside a nested list or a block the structure does not number
            p = _el("p")
            self._inline(p, inline)
            self._loose_block(p)
            return
        eid = str(eid)
        kind = "point" if css.startswith("point") else ("p" if css == "text" else css)
        num, _ = _num_of(inline)
        frame = self.frame
        if kind == "formula":
            self._formula(eid, inline)
        elif kind == "recital":
            self._recital(eid, inline)
        elif kind == "point":
            self._point(eid, num, inline)
        elif kind == "conclusions" or eid.startswith("conclusions__"):
            if self.conclusions is None:
                self.conclusions = _el("conclusions", {"eId": "conclusions"})
            p = _sub(self.conclusions, "p", {} if eid == "conclusions" else {"eId": eid})
            self._inline(p, inline)
        else:  # "para", "p"
            paragraph = _el("paragraph", {"eId": eid})
            if num:
                _sub(paragraph, "num", text=num)
            self._inline(_sub(_sub(paragraph, "content"), "p"), inline)
            self._container_for_paragraphs().append(paragraph)
            self.by_eid[eid] = paragraph
            frame.last = paragraph

    def _formula(self, eid: str, inline: Token) -> None:
        frame = self.frame
        if frame.preamble is not None:
            formula = _sub(frame.preamble, "formula", {"name": "enactingFormula", "eId": eid})
            self._inline(_sub(formula, "p"), inline)
            self.by_eid[eid] = formula
        else:
            box = _el("hcontainer", {"name": "formula", "eId": eid})
            self._inline(_sub(_sub(box, "content"), "p"), inline)
            self._container_for_paragraphs().append(box)
            self.by_eid[eid] = box
            frame.last = box

    def _recital(self, eid: str, inline: Token) -> None:
        frame = self.frame
        if frame.preamble is not None:
            target = frame.preamble
            recitals = target[-1] if len(target) and target[-1].tag == "recitals" else _sub(target, "recitals")
            recital = _sub(recitals, "recital", {"eId": eid})
            self._inline(_sub(recital, "p"), inline)
            self.by_eid[eid] = recital
            frame.last = recital
        else:  # a section's or annex's own preambular paragraphs
            box = _el("hcontainer", {"name": "recital", "eId": eid})
            self._inline(_sub(_sub(box, "content"), "p"), inline)
            self._container_for_paragraphs().append(box)
            self.by_eid[eid] = box
            frame.last = box

    def _point(self, eid: str, num: str, inline: Token) -> None:
        parent_eid = eid.rsplit("__list_", 1)[0]
        parent = self.by_eid.get(parent_eid)
        if parent is None:  # cannot happen with structure.py's ids; keep the text anyway
            p = _el("p", {"eId": eid})
            self._inline(p, inline)
            self._loose_block(p)
            return
        if parent.tag in _HIER:
            content = parent.find("content")
            if content is not None:
                content.tag = "intro"
            lst = parent[-1] if len(parent) and parent[-1].tag == "list" else _sub(parent, "list")
            point = _sub(lst, "point", {"eId": eid})
            if num:
                _sub(point, "num", text=num)
            self._inline(_sub(_sub(point, "content"), "p"), inline)
        else:  # recital, formula, item: block content takes a blockList
            host = parent
            lst = host[-1] if len(host) and host[-1].tag == "blockList" else _sub(host, "blockList")
            point = _sub(lst, "item", {"eId": eid})
            if num:
                _sub(point, "num", text=num)
            self._inline(_sub(point, "p"), inline)
        self.by_eid[eid] = point

    # ----- where things go ---------------------------------------------------------

    def _container_for_paragraphs(self) -> ET.Element:
        return self.frame.body

    def _loose_block(self, p: ET.Element) -> None:
        """A block with no anchor of its own (a draft, a nested list's text): it joins
        the paragraph before it, or stands in the container where blocks may."""
        frame = self.frame
        last = frame.last
        if last is not None:
            if last.tag in _HIER:
                content = last.find("content")
                if content is not None:
                    content.append(p)
                    return
                wrap = last.find("wrapUp")
                (wrap if wrap is not None else _sub(last, "wrapUp")).append(p)
                return
            if last.tag == "recital":
                last.append(p)
                return
        container = self._container_for_paragraphs()
        if container.tag in ("mainBody", "embeddedStructure"):
            container.append(p)
        else:
            box = _sub(container, "hcontainer", {"name": "block"})
            _sub(box, "content").append(p)

    # ----- inline content --------------------------------------------------------

    def _inline(self, target: ET.Element, inline: Token) -> None:
        stack = [target]
        for child in inline.children or []:
            t = child.type
            top = stack[-1]
            if t == "text":
                _append_text(top, child.content)
            elif t == "softbreak":
                _append_text(top, " ")
            elif t == "hardbreak":
                _sub(top, "br")
            elif t == "code_inline":
                _sub(top, "inline", {"name": "code"}, child.content)
            elif t in ("em_open", "strong_open", "s_open"):
                stack.append(_sub(top, {"em_open": "i", "strong_open": "b", "s_open": "del"}[t]))
            elif t == "link_open":
                cited = child.attrGet("data-cite")
                # a citation links the official document, whatever page the HTML links
                href = self.document_url.format(symbol=cited) if cited else str(child.attrGet("href") or "")
                attrs = {"href": href}
                if cited:
                    attrs["class"] = "citation"
                    attrs["title"] = str(cited)
                stack.append(_sub(top, "ref", attrs))
            elif t in ("em_close", "strong_close", "s_close", "link_close"):
                if len(stack) > 1:
                    stack.pop()
            elif t == "footnote_ref":
                self._note(top, child)
            # html_inline: the number span and the permalink, written by the renderer

    def _note(self, target: ET.Element, ref: Token) -> None:
        label = str(ref.meta.get("label") or int(ref.meta.get("id", 0)) + 1)
        sub_id = int(ref.meta.get("subId", 0))
        note_eid = footnote_id(label, self.footnote_env)
        if sub_id == 0:
            note = _sub(target, "authorialNote", {"marker": label, "placement": "bottom", "eId": note_eid})
            for inline in self.notes.get(int(ref.meta.get("id", -1)), []):
                self._inline(_sub(note, "p"), inline)
            if not len(note):
                _sub(note, "p")
        else:
            _sub(
                target,
                "noteRef",
                {
                    "href": f"#{note_eid}",
                    "marker": label,
                    "eId": footnote_ref_id(label, sub_id, self.footnote_env),
                },
            )


def _wrap_p(element: ET.Element) -> ET.Element:
    p = _el("p")
    p.append(element)
    return p


def _plain(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _num_of(inline: Token) -> tuple[str, bool]:
    for child in inline.children or []:
        if child.type == "html_inline":
            match = _NUM_SPAN.match(child.content)
            if match:
                return html.unescape(match.group(1)), True
    return "", False


def _collect_notes(tokens: Iterable[Token]) -> dict[int, list[Token]]:
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
