"""The records that flow through the pipeline, one form of each.

load (``content``) -> render (``markdown``) -> link (``linking``) -> index
(``indexes``) -> pages (``site``) and exports (``exports``) -> write (``output``).
Each record is frozen (a stage makes new records rather than changing the ones it
was given): a slotted dataclass, or a NamedTuple for the many small ones (paragraphs,
citations), so that it is small and cheap to make, store and send to a worker process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from site_builder.numbering import ResolutionNumber


@dataclass(frozen=True, slots=True)
class Vote:
    """A recorded vote; ``text`` is what the record says, as given."""

    text: str
    in_favour: int | None = None
    against: int | None = None
    abstentions: int | None = None


@dataclass(frozen=True, slots=True)
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
    text: str = field(default="", repr=False)
    #: 1-based line in the file where ``text`` starts
    text_line: int = field(default=1, repr=False)
    #: sha256 of the file's bytes, for the build cache
    digest: str = field(default="", repr=False)

    #: the fields that change with the text (left out of ``repr``: see ``site.templates``)
    TEXT_FIELDS = frozenset({"text", "text_line", "digest"})

    @property
    def symbol(self) -> str:
        """The number as cited in text: "2003/22", "1373 (2001)"."""
        return self.number.display


class Paragraph(NamedTuple):
    """A paragraph with a stable anchor (AKN eId)."""

    eid: str
    #: "formula", "recital", "para", "point", "heading", "annex", "section"
    kind: str
    #: the number as printed ("6", "a", "II"), "" when unnumbered
    num: str
    #: plain text, for search and the citing excerpt of "Cited by"
    text: str
    line: int


class Citation(NamedTuple):
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


@dataclass(frozen=True, slots=True)
class Rendered:
    """What rendering one resolution's Markdown produced."""

    html: str
    footnotes_html: str
    paragraphs: tuple[Paragraph, ...]
    footnote_labels: tuple[str, ...]
    citations: tuple[Citation, ...]
    #: problems found while rendering, as (line, message, is_error)
    problems: tuple[tuple[int, str, bool], ...] = field(default=())
    #: the Akoma Ntoso XML (``exports/akn``), when asked for: made from the same parse
    akn: str = ""


class PageEntry(NamedTuple):
    """One file of the output folder, as the last build left it."""

    #: what it was made from, hashed ("" when unknown: always made again)
    fingerprint: str
    #: blake2b of its bytes
    digest: str
    size: int
    mtime_ns: int


class FileStat(NamedTuple):
    """A content file as last read."""

    size: int
    mtime_ns: int
    ctime_ns: int
    #: sha256 of its bytes
    sha256: str
    #: when it was read (``time.time_ns``)
    read_ns: int


@dataclass(frozen=True, slots=True)
class OutFile:
    """A file of the output that is not a page: its path, what makes its bytes (called
    only when needed), and what it is made of (``depends``; empty: made every build)."""

    rel: str
    make: Callable[[], str | bytes]
    depends: tuple[str, ...] = ()
