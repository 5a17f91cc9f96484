"""Which body a citation names, from the configured bodies' names.

A name is one of a body's ``name`` and ``cited_as``, or the last word of one
("Council"), which may stand for several bodies: the number's form then picks
one. Nothing here knows the UN; the names come from configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.config import BodyConfig

_ACRONYM = re.compile(r"[A-Z]{2,}")
# what may stand between a sentence's start and its first word
_OPENERS = " \t\n\"'“”‘’*_"
# a longer proper name goes on after a matched one: "Commission on Narcotic Drugs"
_NAME_GOES_ON = re.compile(r"\s+(?:(?:on|of|for)\s+(?:the\s+)?)?[A-Z]")


@dataclass(frozen=True)
class Named:
    """The bodies a name may stand for; several when it is a common word."""

    start: int
    bodies: frozenset[str]


#: a prefix naming a body the configuration does not know ("UNEA resolution")
UNKNOWN = Named(-1, frozenset())


class BodyNames:
    def __init__(self, bodies: Mapping[str, BodyConfig], bare_numbers: Mapping[str, str]) -> None:
        self.bodies = bodies
        self.bare_numbers = bare_numbers
        names: dict[str, set[str]] = {}
        for key, body in bodies.items():
            for name in (body.name, *body.cited_as):
                names.setdefault(name, set()).add(key)
                names.setdefault(name.split()[-1], set()).add(key)
        # longest first, so "Human Rights Council" wins over "Council"
        self._names = sorted(((n, frozenset(k)) for n, k in names.items()), key=lambda x: -len(x[0]))
        self._chosen: dict[tuple[frozenset[str], str, str, str | None], str | None] = {}
        self._bare: dict[tuple[str, str, str | None], str | None] = {}
        self._names_by_last: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for name, keys in self._names:
            self._names_by_last.setdefault(name[-1:], []).append((name, keys))

    def name_ending_at(self, text: str, end: int) -> Named | None:
        """The body named by the words just before ``end`` (which is after a space)."""
        before = text[:end].rstrip()
        # only names ending in the last character can end there
        for name, keys in self._names_by_last.get(before[-1:], ()):
            if not before.endswith(name):
                continue
            start = len(before) - len(name)
            if start > 0 and (before[start - 1].isalnum() or before[start - 1] == "-"):
                continue
            if " " not in name and _is_proper_name(text, _word_before(text, start)):
                # "Environment Assembly", "Governing Council": some other body
                return UNKNOWN
            return Named(start, keys)
        if _is_proper_name(text, _word_before(text, end)):
            # "Executive Board decision", "UNEA resolution"
            return UNKNOWN
        return None

    def name_starting_at(self, text: str, pos: int) -> Named | None:
        """The body named at ``pos`` ("General Assembly" in "of the General Assembly")."""
        for name, keys in self._names:
            if text.startswith(name, pos) and not _NAME_GOES_ON.match(text, pos + len(name)):
                end = pos + len(name)
                if end == len(text) or not text[end].isalnum():
                    return Named(pos, keys)
        return UNKNOWN if text[pos : pos + 1].isupper() else None

    def choose(self, candidates: frozenset[str], form: str, kind: str, speaker: str | None) -> str | None:
        """The one body of ``candidates`` whose numbers have ``form``, or None when unsure."""
        args = (candidates, form, kind, speaker)
        try:
            return self._chosen[args]
        except KeyError:
            chosen = self._chosen[args] = self._choose(*args)
            return chosen

    def _choose(self, candidates: frozenset[str], form: str, kind: str, speaker: str | None) -> str | None:
        fits = [key for key in sorted(candidates) if self._takes(key, form, kind)]
        for preferred in (speaker, self.bare_numbers.get(form)):
            if preferred in fits:
                return preferred
        return fits[0] if len(fits) == 1 else None

    def bare(self, form: str, kind: str, speaker: str | None) -> str | None:
        """The body of a number with no prefix: the speaker's where its numbering has
        that form (a body cites its own acts without naming itself), else by the form."""
        args = (form, kind, speaker)
        try:
            return self._bare[args]
        except KeyError:
            pass
        key = speaker if speaker is not None and self._takes(speaker, form, kind) else self.bare_numbers.get(form)
        chosen = self._bare[args] = key if key is not None and self._takes(key, form, kind) else None
        return chosen

    def _takes(self, key: str, form: str, kind: str) -> bool:
        body = self.bodies.get(key)
        if body is None or form not in body.numbering:
            return False
        return kind != "decision" or body.decision_symbol is not None


def _word_before(text: str, end: int) -> tuple[int, str]:
    before = text[:end].rstrip()
    start = len(before)
    while start > 0 and (before[start - 1].isalnum() or before[start - 1] == "-"):
        start -= 1
    return start, before[start:]


def _is_proper_name(text: str, word: tuple[int, str]) -> bool:
    """Whether ``word`` is (part of) a proper name rather than a sentence's first word."""
    start, w = word
    if _ACRONYM.fullmatch(w):
        return True
    if not w[:1].isupper():
        return False
    before = text[:start].rstrip(_OPENERS)
    return bool(before) and before[-1] not in ".!?:;([\ufffc"
