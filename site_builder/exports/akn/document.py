"""The parts of an AKN document made from the front matter: the FRBR identification,
the preface (symbol, authority, title, date) and, when the text has no adoption
record, the conclusions stating the meeting and date."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from site_builder.config import SiteConfig
from site_builder.exports.akn.xml import el, long_date, sub
from site_builder.model import Resolution
from site_builder.numbering import ordinal

MEDIA_TYPE = "application/akn+xml"
#: ISO 639-1 -> the ISO 639-2 code AKN expressions are named with
_LANG3 = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho", "de": "deu", "pt": "por"}


def work_uri(resolution: Resolution) -> str:
    """The FRBR work IRI: ``/akn/un/statement/resolution/ecosoc/2003-07-22/2003-22``."""
    return f"/akn/un/statement/resolution/{resolution.body}/{resolution.date.isoformat()}/{resolution.number.slug}"


def meta_block(r: Resolution, config: SiteConfig, component: str) -> ET.Element:
    """``<meta>`` of the statement (``component`` "main") or of one of its annexes."""
    work = work_uri(r)
    lang = _LANG3.get(config.language, config.language)
    expression = f"{work}/{lang}@"
    date = r.date.isoformat()
    meta = el("meta")
    ident = sub(meta, "identification", {"source": "#source"})
    w = sub(ident, "FRBRWork")
    sub(w, "FRBRthis", {"value": f"{work}/!{component}"})
    sub(w, "FRBRuri", {"value": work})
    sub(w, "FRBRalias", {"value": r.document, "name": "symbol"})
    sub(w, "FRBRdate", {"date": date, "name": "adoption"})
    sub(w, "FRBRauthor", {"href": f"#{r.body}"})
    sub(w, "FRBRcountry", {"value": "un"})
    sub(w, "FRBRsubtype", {"value": "resolution"})
    sub(w, "FRBRnumber", {"value": r.symbol})
    sub(w, "FRBRname", {"value": "resolution"})
    e = sub(ident, "FRBRExpression")
    sub(e, "FRBRthis", {"value": f"{expression}/!{component}"})
    sub(e, "FRBRuri", {"value": expression})
    sub(e, "FRBRdate", {"date": date, "name": "adoption"})
    sub(e, "FRBRauthor", {"href": f"#{r.body}"})
    sub(e, "FRBRlanguage", {"language": lang})
    m = sub(ident, "FRBRManifestation")
    sub(m, "FRBRthis", {"value": f"{expression}/!{component}.xml"})
    sub(m, "FRBRuri", {"value": f"{expression}.akn"})
    # the adoption date, not the build's: the same text always gives the same file
    sub(m, "FRBRdate", {"date": date, "name": "transformation"})
    sub(m, "FRBRauthor", {"href": "#source"})
    sub(m, "FRBRformat", {"value": MEDIA_TYPE})
    if component != "main":
        return meta  # an annex shares the statement's references (eIds are unique in it)
    refs = sub(meta, "references", {"source": "#source"})
    source = {"eId": "source", "href": "/akn/ontology/organization/site_builder", "showAs": config.title}
    sub(refs, "TLCOrganization", source)
    body = {"eId": r.body, "href": f"/akn/ontology/organization/un/{r.body}", "showAs": config.bodies[r.body].name}
    sub(refs, "TLCOrganization", body)
    sub(refs, "TLCEvent", {"eId": "adoption", "href": "/akn/ontology/event/adoption", "showAs": "Adoption"})
    return meta


def preface(r: Resolution, config: SiteConfig) -> ET.Element:
    out = el("preface")
    sub(sub(out, "p", {"class": "symbol"}), "docNumber", text=r.document)
    sub(sub(out, "p", {"class": "authority"}), "docAuthority", text=config.bodies[r.body].name)
    title = sub(sub(out, "longTitle"), "p")
    number = sub(title, "docNumber", text=r.symbol)
    if r.title:
        number.tail = ". "
        sub(title, "docTitle", text=r.title)
    sub(sub(out, "p", {"class": "date"}), "docDate", {"date": r.date.isoformat()}, long_date(r.date))
    return out


def stated_conclusions(r: Resolution, config: SiteConfig) -> ET.Element:
    """No adoption record in the source: the meeting and date of the front matter."""
    conclusions = el("conclusions")
    p = sub(conclusions, "p", {"class": "adoption"})
    if r.meeting:
        p.text = f"{ordinal(r.meeting)} {config.bodies[r.body].meeting_name}, "
    sub(p, "date", {"date": r.date.isoformat(), "refersTo": "#adoption"}, long_date(r.date))
    return conclusions
