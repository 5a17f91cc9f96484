"""Akoma Ntoso 3.0 (AKN4UN shape) for every resolution: ``{page}/akn.xml``.

The XML is built from the Markdown token stream, the same one the HTML comes
from: the build renders a text with ``render_tokens`` and passes its tokens to
``akn_from_tokens`` (in the build's worker processes), so a build parses each text
once. What each part is comes from ``token.meta``, set by the structure rule
(``markdown/structure.py``): its kind, its number as printed, its eId. So the XML's
eIds are the HTML anchors:

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
here reads rendered HTML. The tree is written by ``ET.tostring``.

The modules: ``builder`` (the structure), ``inline`` (text, markup, notes),
``document`` (FRBR identification, preface), ``xml`` (element helpers, indentation),
``files`` (``akn.xml`` beside each page, as output files), ``convert`` (the two together).
"""

from __future__ import annotations

from site_builder.exports.akn.builder import AKN_NS
from site_builder.exports.akn.convert import akn_document, akn_from_tokens
from site_builder.exports.akn.document import MEDIA_TYPE, work_uri
from site_builder.exports.akn.files import AKN_FILE, akn_files, akn_path

__all__ = [
    "AKN_FILE",
    "AKN_NS",
    "MEDIA_TYPE",
    "akn_document",
    "akn_files",
    "akn_from_tokens",
    "akn_path",
    "work_uri",
]
