"""The records that flow through the pipeline, filled stage by stage.

load (``content``) -> render (``markdown``) -> link (``links``) -> index
(``indexes``) -> template (``pages``) -> write (``writer``). Each record is
frozen: a stage makes new records rather than changing the ones it was given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from site_builder.numbering import ResolutionNumber


@dataclass(frozen=True)
class Vote:
    """A recorded vote; ``text`` is what the record says, as given."""

    text: str
    in_favour: int | None = None
    against: int | None = None
    abstentions: int | None = None


@dataclass(frozen=True)
class Resolution:
    """One resolution as loaded from its content file (front matter + body)."""

    #: the content file, relative to the site root, with forward slashes
    path: str
    body: str  # key of a BodyConfig: "ga", "ecosoc", ...
    number: ResolutionNumber
    #: the official document symbol, as printed: "S/RES/1373 (2001)"
    document: str
    #: the official symbol as linked and used as an id: "S/RES/1373(2001)"
    canonical: str
    title: str
    date: dt.date
    meeting: int | None
    session: str | None = None
    agenda_item: str | None = None
    topics: tuple[str, ...] = ()
    vote: Vote | None = None
    partial: bool = False
    draft: str | None = None
    report: str | None = None
    #: an example text written for the site, not an official one (front matter ``example``)
    example: bool = False
    #: editor's notes on what the source lacks: (eId or "title", kind, text)
    editorial: tuple[tuple[str, str, str], ...] = ()
    #: front matter ``predecessor``: the canonical symbol of the resolution this one
    #: follows in a series, "none" to say it follows none, None to let it be detected
    predecessor: str | None = None
    #: the Markdown after the front matter
    text: str = ""
    #: 1-based line in the file where ``text`` starts
    text_line: int = 1
    #: sha256 of the file's bytes, for the build cache
    digest: str = ""

    @property
    def symbol(self) -> str:
        """The number as cited in text: "2003/22", "1373 (2001)"."""
        return self.number.display


@dataclass(frozen=True)
class Paragraph:
    """A paragraph with a stable anchor (AKN eId)."""

    eid: str
    #: "formula", "recital", "para", "point", "heading", "annex", "section"
    kind: str
    #: the number as printed ("6", "a", "II"), "" when unnumbered
    num: str
    #: plain text, for search and the citing excerpt of "Cited by"
    text: str
    line: int


@dataclass(frozen=True)
class Citation:
    """A document cited in a resolution's text."""

    #: canonical official symbol: "A/RES/57/173", "S/RES/1373(2001)", "A/57/152"
    target: str
    #: "resolution", "decision" or "document"
    kind: str
    #: the text as it stands in the source: "57/173", "1373 (2001)"
    text: str
    #: eId within the target ("para_5", "sec_IV"), or None
    pinpoint: str | None
    #: eId of the citing paragraph (None outside any paragraph)
    from_paragraph: str | None
    line: int
    #: a page of this site, or None when it links to the official document
    internal: bool = False


@dataclass(frozen=True)
class Rendered:
    """What rendering one resolution's Markdown produced."""

    html: str
    footnotes_html: str
    paragraphs: tuple[Paragraph, ...]
    footnote_labels: tuple[str, ...]
    citations: tuple[Citation, ...]
    #: problems found while rendering, as (line, message, is_error)
    problems: tuple[tuple[int, str, bool], ...] = field(default=())
    #: the Akoma Ntoso XML (``site_builder.akn``), when asked for: made from the same parse
    akn: str = ""
