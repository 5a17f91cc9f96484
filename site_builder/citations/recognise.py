"""Recognise citations of resolutions, decisions and documents in a paragraph's text.

A number is a citation only when a keyword governs it: "resolution(s)" or
"decision(s)", optionally after a body's name or "its", with the numbers as a
list ("resolutions 56/1 of 12 September 2001, in which ..., and 57/27"). A bare
"57/173" is not a citation, nor is "2/5" or "2023/24". Document symbols are
linked when their series is known (see ``symbols``). When in doubt, nothing is
linked: a wrong link is worse than a missing one.

Footnote marks stand in the text as U+FFFC and are skipped inside lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

from site_builder.citations.bodies import UNKNOWN, BodyNames, Named
from site_builder.citations.cited import CitedDocument, Match
from site_builder.citations.its import AGENT_LINK, LAST_WORDS, SAME_AGENT, WINDOW
from site_builder.citations.parts import Part, more_parts, roman_parts
from site_builder.citations.pinpoints import pinpoint_after, pinpoint_before
from site_builder.citations.symbols import SYMBOL, Symbols
from site_builder.config import BodyConfig
from site_builder.numbering import FORMS, ResolutionNumber, parse_number, pattern

__all__ = ["CitedDocument", "Match", "Recogniser"]

MARK = "\ufffc"

#: "resolution(s)", "Decision(s)" as a word of their own; the first letter is matched
#: before the lookbehind so that the scan for it is a quick character-set search
_KEYWORD = re.compile(r"[RrDd](?<![\w-][RrDd])(?:(?<=[Rr])esolution|(?<=[Dd])ecision)(?P<plural>s)?(?![\w-])")
_GAP = re.compile(r"[\s\ufffc]+")
_NUMBERS = {form: re.compile(rf"(?:{pattern(form).pattern})(?![\w/])") for form in FORMS}
#: the forms in order, in one pattern (group ``f<i>`` is ``FORMS[i]``): the first that
#: matches wins, as when each is tried in turn
_ANY_NUMBER = re.compile(
    "|".join(rf"(?P<f{i}>{re.sub(r'[(][?]P<[a-z]+>', '(?:', _NUMBERS[form].pattern)})" for i, form in enumerate(FORMS))
)
_ITS = re.compile(r"(?<![\w-])its\s+$")
_DRAFT = re.compile(r"(?<![\w-])draft\s+$")
_DATE = re.compile(r"[\s\ufffc]+(?:of|on)\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?!\d)")
_OF_THE = re.compile(r"[\s\ufffc]+of\s+the\s+")
# between the items of a list: ", ", " and ", ", and "
_SEPARATOR = re.compile(r"[\s\ufffc]*(?:,[\s\ufffc]*(?:and[\s\ufffc]+)?|[\s\ufffc]+and[\s\ufffc]+)")
# a clause that may part two items: ", in which it strongly condemned ..., and"
_CLAUSE_OPENS = re.compile(r"[\s\ufffc]*,[\s\ufffc]+[a-z]")
_CLAUSE_SEPARATOR = re.compile(r",[\s\ufffc]+(?:and[\s\ufffc]+)?")
_CLAUSE_ENDS = re.compile(r"[;:]|\.(?:\s|$)|(?<![\w-])(?:[Rr]esolution|[Dd]ecision)s?(?![\w-])")
_CLAUSE_MAX = 400
_SENTENCE_OR_CLAUSE_END = re.compile(r";|\.\s")
_LOOKBACK = 120
#: between another organisation's symbol and the keyword of its decision: "CBD/COP/15/17, decision"
_FOREIGN_GAP = re.compile(r"[\s\ufffc,()]*(?:(?!and\b|or\b)[a-z]+[\s\ufffc]+){0,2}$")


class _Governor(NamedTuple):
    """What governs a list of numbers: the keyword and the body it names."""

    kind: str  # "resolution" | "decision"
    plural: bool
    #: the bodies the prefix names; None for a bare keyword ("resolution 57/173")
    named: frozenset[str] | None
    speaker: str | None
    pinpoint: str | None
    #: "its" stands for the body named before it ("by the General Assembly in its resolution")
    agent: bool = False


#: where the last list of numbers whose "its" had an agent ended, and that agent
_Previous = tuple[int, frozenset[str]] | None
_Item = tuple[list[Match], ResolutionNumber, int]


class Recogniser:
    def __init__(self, bodies: Mapping[str, BodyConfig], bare_numbers: Mapping[str, str]) -> None:
        self.bodies = bodies
        self.names = BodyNames(bodies, bare_numbers)
        self.symbols = Symbols(bodies)

    def find(self, text: str, speaker: str | None) -> list[Match]:
        """The citations in ``text``, sorted and non-overlapping."""
        # a symbol has a "/", a keyword citation its keyword: most paragraphs have neither
        symbols = list(self.symbols.find(text)) if "/" in text else []
        keyword = list(self._keyword_citations(text, speaker)) if "esolution" in text or "ecision" in text else []
        found = sorted([*symbols, *keyword], key=_order)
        result: list[Match] = []
        for match in found:
            if not result or match.start >= result[-1].end:
                result.append(match)
        return result

    def _keyword_citations(self, text: str, speaker: str | None) -> Iterator[Match]:
        previous: _Previous = None
        for kw in _KEYWORD.finditer(text):
            governor = self._governor(text, kw, speaker, previous)
            if governor is None:
                previous = None
                continue
            matches, end = self._list(text, kw.end(), governor)
            yield from matches
            previous = (end, governor.named) if governor.agent and governor.named else None

    def _governor(self, text: str, kw: re.Match[str], speaker: str | None, previous: _Previous) -> _Governor | None:
        start = kw.start()
        window = text[max(0, start - _LOOKBACK) : start]
        # "draft " and "its " end the window, if anywhere: cheap tests before the regexes
        stripped = window.rstrip()
        if (stripped.endswith("draft") and _DRAFT.search(window)) or self._foreign_context(text, start):
            return None
        named: Named | None
        agent = False
        its = _ITS.search(window) if stripped.endswith("its") else None
        if its:
            start -= len(window) - its.start()
            # "the General Assembly in its resolution 51/120": "its" is that body
            bodies = self._agent(text, start, previous)
            if bodies is not None and not bodies:
                return None  # another organisation's act
            agent = bodies is not None
            if bodies is None and speaker:
                bodies = frozenset([speaker])
            named = Named(start, bodies) if bodies else None
        else:
            named = self.names.name_ending_at(text, start)
            if named is UNKNOWN:
                return None
        if named is not None:
            start = named.start
        pin = pinpoint_before(text, start)
        return _Governor(
            kind="resolution" if text[kw.start()] in "Rr" else "decision",
            plural=bool(kw.group("plural")),
            named=named.bodies if named else None,
            speaker=speaker,
            pinpoint=pin[1] if pin and not kw.group("plural") else None,
            agent=agent,
        )

    def _agent(self, text: str, its: int, previous: _Previous) -> frozenset[str] | None:
        """The bodies "its" at ``its`` stands for when the clause names them (see ``its``);
        empty for a body the configuration does not know; None for the speaker."""
        pin = pinpoint_before(text, its)
        end = pin[0] if pin else its
        if not text[max(0, end - 16) : end].rstrip().endswith(LAST_WORDS):
            return None
        link = AGENT_LINK.search(text, max(0, end - WINDOW), end)
        if link:
            named = self.names.name_ending_at(text, link.start())
            if named is not None:
                return named.bodies
        if previous is not None and previous[0] <= end and SAME_AGENT.match(text, previous[0], end):
            return previous[1]
        return None

    def _foreign_context(self, text: str, start: int) -> bool:
        """Whether the clause so far cites another organisation's document.

        "document CBD/COP/15/17, decision 15/4": the decision is that organisation's.
        """
        window = max(0, start - _LOOKBACK)
        if text.find("/", window, start) < 0:  # every symbol has a "/"
            return False
        ends = list(_SENTENCE_OR_CLAUSE_END.finditer(text, window, start))
        clause = ends[-1].end() if ends else window
        symbols = list(SYMBOL.finditer(text, clause, start))
        last = symbols[-1] if symbols else None
        # the keyword follows that symbol, at most a comma and a word or two apart
        return (
            last is not None
            and not self.symbols.is_known(last.group())
            and _FOREIGN_GAP.match(text, last.end(), start) is not None
        )

    def _list(self, text: str, pos: int, governor: _Governor) -> tuple[list[Match], int]:
        """The citations of the numbers a keyword governs, and where they end."""
        found: list[Match] = []
        gap = _GAP.match(text, pos)
        if not gap:
            return found, pos
        item = self._item(text, gap.end(), governor, governor.pinpoint, None)
        while item is not None:
            matches, number, pos = item
            found += matches
            if not governor.plural:
                break
            item = self._next_item(text, pos, governor, number)
        return found, pos

    def _next_item(self, text: str, pos: int, governor: _Governor, previous: ResolutionNumber) -> _Item | None:
        sep = _SEPARATOR.match(text, pos)
        if sep:
            item = self._item(text, sep.end(), governor, None, None)
            if item is not None:
                return item
        if not _CLAUSE_OPENS.match(text, pos):
            return None
        # a clause parts the items: the list goes on after it with a number of the same form
        ends = _CLAUSE_ENDS.search(text, pos, pos + _CLAUSE_MAX)
        stop = ends.start() if ends else min(len(text), pos + _CLAUSE_MAX)
        for sep in _CLAUSE_SEPARATOR.finditer(text, pos, stop):
            item = self._item(text, sep.end(), governor, None, previous.form)
            if item is not None:
                return item
        return None

    def _item(self, text: str, pos: int, governor: _Governor, pinpoint: str | None, form: str | None) -> _Item | None:
        """The number at ``pos`` (with its parts) and what follows it; None when there is no number."""
        parts, end = _numbers_at(text, pos, form)
        if not parts:
            return None
        number = parts[0][2]
        named = governor.named
        after = end
        of_the = _OF_THE.match(text, after)
        if of_the:
            # "decision 15/4 of the Conference of the Parties": another organisation's
            owner = self.names.name_starting_at(text, of_the.end())
            if owner is UNKNOWN:
                return None
            if owner is not None:
                named = owner.bodies
        date = _DATE.match(text, after)
        if date:
            after = date.end()
        pin = pinpoint_after(text, after)
        if pin:
            after, pinpoint = pin[0], pinpoint or pin[1]
        if len(parts) == 1:  # most numbers have no parts: the quick way
            cited = self._cite(number, governor, named, pinpoint)
            return ([Match(pos, parts[0][1], cited)] if cited else []), number, after
        matches: list[Match] = []
        for start, stop, part, inner in parts:
            cited = self._cite(part, governor, named, pinpoint)
            if cited is not None:
                also = [self._cite(n, governor, named, pinpoint) for n in inner]
                matches.append(Match(start, stop, cited, tuple(c for c in also if c is not None)))
        return matches, number, after

    def _cite(
        self,
        number: ResolutionNumber,
        governor: _Governor,
        named: frozenset[str] | None,
        pinpoint: str | None,
    ) -> CitedDocument | None:
        kind = governor.kind
        if named is None:
            key = self.names.bare(number.form, kind, governor.speaker)
        else:
            key = self.names.choose(named, number.form, kind, governor.speaker)
        if key is None:
            return None
        body = self.bodies[key]
        template = body.resolution_symbol if kind == "resolution" else body.decision_symbol
        if template is None:
            return None
        target = template.format(number=number.canonical)
        return CitedDocument(kind, key, target, f"{body.name} {kind} {number.display}", pinpoint)


def _numbers_at(text: str, pos: int, form: str | None) -> tuple[list[Part], int]:
    """The number at ``pos`` and each further part written after it ("36/87 A and B")."""
    number, end = _number_at(text, pos, form)
    if number is None:
        if form in (None, "roman") and text[pos : pos + 1].isdigit():
            return roman_parts(text, pos)  # "3367 A and B (XXX)"
        return [], pos
    first: Part = (pos, end, number, ())
    display = number.display
    if not (display[-1].isalpha() or (number.form == "roman" and display.count(" ") == 2)):
        return [first], end  # no part: "57/173", "2625 (XXV)"
    more, end = more_parts(text, end, number)
    return [first, *more], end


def _number_at(text: str, pos: int, form: str | None) -> tuple[ResolutionNumber | None, int]:
    if not text[pos : pos + 1].isdigit() and not text.startswith(("S-", "ES-"), pos):
        return None, pos  # every number starts with a digit or a special session's "S-"
    if form:
        m = _NUMBERS[form].match(text, pos)
    else:
        m = _ANY_NUMBER.match(text, pos)
        if m:
            form = FORMS[int(str(m.lastgroup)[1:])]
    if m is None or form is None:
        return None, pos
    return _parse_number(m.group(), form), m.end()


@lru_cache(maxsize=4096)
def _parse_number(text: str, form: str) -> ResolutionNumber | None:
    """``parse_number`` for one form, remembered: a corpus cites the same numbers often."""
    return parse_number(text, (form,))


def _order(match: Match) -> tuple[int, int]:
    return match.start, -match.end
