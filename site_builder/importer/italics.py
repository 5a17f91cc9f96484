"""The conventional italics of opening words, for sources that lost them:
*Recalling also*, *Deeply concerned*, *Expressing its appreciation* in the
preamble; *Requests*, *Also requests*, *Calls upon*, *Takes note* in the
operative part. Returns how many characters of a paragraph are italic."""

from __future__ import annotations

import re

# The opening words of a paragraph are italic up to the end of the opening phrase
# (UN Editorial Manual): the participle or adjective (preamble) or the verb (operative
# part), with the adverbs and the object of feeling that belong to it:
# "*Expressing its deep appreciation* to", "*Notes with concern* that".
#: nouns of feeling that an opening phrase governs ("with appreciation", "its gratitude")
_FEELINGS = r"(?:appreciation|gratitude|concern|satisfaction|regret|alarm|sympathy|condolences|thanks|support)"
#: adjectives of degree before such a noun ("with deep concern")
_DEGREE = r"(?:deep|grave|serious|great|profound|sincere|particular|strong|full|firm)"
_WITH = rf"with (?:{_DEGREE} )?{_FEELINGS}"
#: adverbs of repetition that stay in the opening phrase ("Recalling also", "Once again urges")
_AGAIN = r"(?:also|further|again|once again|moreover)"

#: the predicative adjectives and past participles that open preambular paragraphs
#: without "-ing" ("Mindful of", "Convinced that", "Seized of")
_ADJECTIVES = (
    "Mindful|Aware|Cognizant|Conscious|Convinced|Determined|Confident|Desirous|Resolved|Alarmed|Seized"
    "|Concerned|Guided|Encouraged|Committed|Gratified|Pleased|Appreciative"
)
_RECITAL = re.compile(
    rf"^(?:(?:Deeply|Gravely|Seriously|Strongly|Fully|Firmly|Profoundly|Further|Also) [a-z]+(?:ing|ed)"
    rf"|(?:Deeply|Gravely|Fully) (?:aware|mindful|conscious|convinced)"
    rf"|Having [a-z]+(?:ed|en|ard)|Bearing in mind|Taking (?:note|into account)|Keeping in mind"
    rf"|(?:{_ADJECTIVES})(?= )|[A-Z][a-z]+(?:ing|ed))"
    rf"(?: (?:[a-z]+ly|{_AGAIN}))?(?: {_AGAIN})?"
    rf"(?: {_WITH}| (?:its )?(?:{_DEGREE} )?{_FEELINGS}(?= (?:to|for|at|about|that|with|over|of|on|in)\b))?"
    rf"(?: {_AGAIN})?(?=[ ,]|$)"
)

#: adverbs that stand before the operative verb ("Strongly urges", "Once again calls upon")
_PREFIX = r"(?:(?:Also|Further|Once again|Again|Strongly|Firmly|Urgently|Deeply|Cordially|Warmly|Solemnly) )?"
_OPERATIVE = re.compile(
    rf"^(?:Continues to [a-z]+|{_PREFIX}[A-Z][a-z]+s|(?:Also|Further|Once again|Again|Strongly|Firmly) [a-z]+s)"
    rf"(?: (?:upon|on|for|note|into account|in mind|forward))?"
    rf"(?: {_WITH}| (?:its )?(?:{_DEGREE} )?{_FEELINGS}(?= (?:to|for|at|about|that|with|over|of|on|in)\b)"
    rf"| its call(?= upon)| its request)?"
    rf"(?: (?:also|again))?(?: {_WITH})?(?=[ ,:;]|$)"
)
# Pronouns and auxiliaries ending in "s": English function words, never the verb
# that opens an operative paragraph.
_NOT_VERBS = {"This", "Its", "His", "Has", "Was", "Is", "As", "Thus", "Yes"}
# A capitalised word that the same resolution also writes in mid-sentence is a
# name ("Member States", "the United Nations"), not the verb of an operative clause:
# that verb is capitalised only because it opens the paragraph.
_MID_SENTENCE = re.compile(r"(?<=[\w,)\]] )[A-Z][a-z]+s\b")


def names_in(texts: list[str]) -> set[str]:
    """Capitalised words ending in "s" the texts write in mid-sentence."""
    return {m.group(0) for text in texts for m in _MID_SENTENCE.finditer(text)}


def recital_opening(text: str) -> int:
    m = _RECITAL.match(text)
    return m.end() if m else 0


def operative_opening(text: str, names: set[str] | frozenset[str] = frozenset()) -> int:
    m = _OPERATIVE.match(text)
    first = text.split(" ", 1)[0]
    if not m or first in _NOT_VERBS or first in names:
        return 0
    return m.end()
