"""What the recogniser reports: a cited document and where it is cited."""

from __future__ import annotations

from typing import NamedTuple


class CitedDocument(NamedTuple):
    """A document cited in running text (a named tuple: the recogniser makes many)."""

    #: "resolution", "decision" or "document"
    kind: str
    #: body key from the configuration for resolutions and decisions; None for documents
    body: str | None
    #: canonical official symbol, no spaces: "A/RES/57/173", "S/RES/1373(2001)", "A/57/152/Add.1"
    target: str
    #: for a link title: "General Assembly resolution 57/173", "document A/57/152/Add.1"
    label: str
    #: AKN eId inside the target ("para_5", "sec_IV", "annex_1"), or None
    pinpoint: str | None = None


class Match(NamedTuple):
    """The span of text that becomes a link, and what it cites."""

    start: int
    end: int
    cited: CitedDocument
    #: documents these words cite without a link of their own: the parts a range
    #: leaves unwritten ("36/87 A to C": the match "C" also cites 36/87 B)
    also: tuple[CitedDocument, ...] = ()
