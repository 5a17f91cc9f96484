"""Official document symbols in running text: "A/57/152/Add.1", "S/PRST/2013/2".

Only symbols of a series the configuration knows are linked: the series are
read off the bodies' symbol templates ("A/RES/{number}" -> "A", "E/CN.4/RES/{number}"
-> "E/CN.4"), so "CBD/COP/15/17" or "CD/1999" stay text. A symbol that is a body's
resolution or decision symbol ("A/RES/57/173", "S/RES/1373 (2001)") is cited as
that resolution or decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from site_builder.citations.cited import CitedDocument, Match
from site_builder.config import BodyConfig
from site_builder.numbering import parse_number, pattern

_SEGMENT = r"[A-Z0-9][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*"
# "A/67/828-S/2013/210" (a joint symbol) reads as one symbol: "-" is inside a segment.
# The capital is matched before the lookbehind (which then tests the character before
# it), so that the scan for it is a quick character-set search.
SYMBOL = re.compile(rf"[A-Z](?<![\w/.\-][A-Z])[A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*(?:/{_SEGMENT})+(?![\w/])")
# "A/57/152 and Corr.1", "A/57/152/Add.1 and Corr.1 and 2"
_ADDENDUM = re.compile(r"[\s\ufffc]+and[\s\ufffc]+(?P<kind>Corr|Add|Rev)\.(?P<n>\d{1,2})(?![\w/])")
_LAST_ADDENDUM = re.compile(r"/(?P<kind>Corr|Add|Rev)\.\d{1,2}$")
# "... and 2", "..., 2": another of the same kind, unless a date or a count goes on ("2 December")
_ANOTHER = re.compile(
    r"(?:[\s\ufffc]*,[\s\ufffc]*|[\s\ufffc]+and[\s\ufffc]+)(?P<n>\d{1,2})"
    r"(?=[\s\ufffc]*(?:[,.;:)\]]|$|and\s|\())"
)


class Symbols:
    def __init__(self, bodies: Mapping[str, BodyConfig]) -> None:
        self.series: set[str] = set()
        self._templates: list[tuple[re.Pattern[str], str, BodyConfig, str]] = []
        for body in bodies.values():
            for kind, template in (
                ("resolution", body.resolution_symbol),
                ("decision", body.decision_symbol),
            ):
                if not template:
                    continue
                head, _, tail = template.partition("{number}")
                series = head.rstrip("/").rsplit("/", 1)[0]
                if series and series != head.rstrip("/"):
                    self.series.add(series)
                for form in body.numbering:
                    regex = re.compile(
                        re.escape(head) + f"(?P<number>{pattern(form).pattern})" + re.escape(tail) + r"(?![\w/])"
                    )
                    self._templates.append((regex, kind, body, form))

    def is_known(self, symbol: str) -> bool:
        """Whether ``symbol`` is of a known series (whatever its shape)."""
        return any(symbol.startswith(series + "/") for series in self.series)

    def _is_document(self, symbol: str) -> bool:
        """A known series and a symbol's shape: "A/57/152", "S/INF/68"; an old "S/23500"; not "A/80"."""
        roots = [series for series in self.series if symbol.startswith(series + "/")]
        if not roots or not any(c.isdigit() for c in symbol):
            return False
        rest = symbol[len(max(roots, key=len)) + 1 :].split("/")
        return len(rest) >= 2 or (rest[0].isdigit() and len(rest[0]) >= 3)

    def find(self, text: str) -> Iterator[Match]:
        for m in SYMBOL.finditer(text):
            symbol = m.group()
            if not self._is_document(symbol):
                continue
            end, cited = self._cited(text, m.start(), symbol)
            yield Match(m.start(), end, cited)
            yield from self._addenda(text, end, cited.target)

    def _cited(self, text: str, start: int, symbol: str) -> tuple[int, CitedDocument]:
        for regex, kind, body, form in self._templates:
            t = regex.match(text, start)
            if not t:
                continue
            number = parse_number(t.group("number"), (form,))
            if number is None:
                continue
            template = body.resolution_symbol if kind == "resolution" else body.decision_symbol
            assert template is not None
            target = template.format(number=number.canonical)
            label = f"{body.name} {kind} {number.display}"
            return t.end(), CitedDocument(kind, body.key, target, label)
        return start + len(symbol), _document(symbol)

    def _addenda(self, text: str, pos: int, symbol: str) -> Iterator[Match]:
        """The pieces written after a symbol: "and Corr.1 and 2", "/Add.1 and 2"."""
        base = symbol
        m = _ADDENDUM.match(text, pos)
        if m:
            kind = m.group("kind")
            yield Match(m.start("kind"), m.end(), _document(f"{base}/{kind}.{m.group('n')}"))
            pos = m.end()
        else:
            last = _LAST_ADDENDUM.search(symbol)
            if last is None:
                return
            kind, base = last.group("kind"), symbol[: last.start()]
        while a := _ANOTHER.match(text, pos):
            yield Match(a.start("n"), a.end("n"), _document(f"{base}/{kind}.{a.group('n')}"))
            pos = a.end("n")


def _document(symbol: str) -> CitedDocument:
    return CitedDocument("document", None, symbol, f"document {symbol}")
