"""Citation sentences generated from the spec's grammar, and the exact citations they hold.

Each seeded case writes a preambular sentence of one to three citation groups and
traps between them. A group is a prefix (a body's name, "Council", "its", a body
named as the one acting: "by the General Assembly in its resolutions", or none)
governing a list of numbers of the forms that body uses, each with or without the
parts of a multi-part resolution ("A", "AA", "A and B", "A to C"), a date, a
footnote mark, a clause that parts two items. The expected citations follow from
the spec's rules, stated once here: a prefix names the body; "its" is the speaker
or the body named as acting; a bare number is the speaker's where its numbering
has that form, otherwise the body ``bare_numbers`` gives the form.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from site_builder.citations import Recogniser
from site_builder.config import DEFAULT_BARE_NUMBERS, DEFAULT_BODIES

MARK = "\ufffc"
BODIES = DEFAULT_BODIES
SPEAKERS = ["ga", "ecosoc", "sc", "hrc", "chr", None]
MONTHS = ["January", "March", "June", "September", "October", "December"]
ROMAN = ["I", "V", "X", "XV", "XXV", "XXIX", "XXX", "XLVIII"]
# the parts as written, and the parts they stand for
PARTS: list[tuple[str, list[str]]] = [
    ("", [""]),
    ("A", ["A"]),
    ("AA", ["AA"]),
    ("A and B", ["A", "B"]),
    ("B, C and D", ["B", "C", "D"]),
    ("A to C", ["A", "B", "C"]),
    ("X to Z", ["X", "Y", "Z"]),
    ("AA and BB", ["AA", "BB"]),
]
# never a citation, wherever they stand: page counters, year spans, shorthand, a
# paragraph alone, other organisations' decisions and document symbols
TRAPS = [
    "page 2/5",
    "the biennium 2024/25",
    "its report for 2023/24",
    "his/her",
    "and/or",
    "in accordance with paragraph 5",
    "decision 15/4 of the Conference of the Parties",
    "document CBD/COP/15/17, decision 15/4",
    "UNEA resolution 5/14",
    "an Executive Board decision 2003/9",
    "decision 1/CP.21",
    "CD/1999 and CD/2067",
    "one half (1/2) of the amount",
]
# a clause that parts two items of a list (with a trap inside, never after a comma)
CLAUSES = [
    ", in which it strongly condemned the acts of 11 September 2001, and ",
    ", in which it noted his/her role and the biennium 2024/25, ",
    ", by which it decided to consider page 2/5 and/or the annex, and ",
]


def takes(key: str | None, form: str, kind: str) -> bool:
    body = BODIES.get(key or "")
    if body is None or form not in body.numbering:
        return False
    return kind == "resolution" or body.decision_symbol is not None


def bare_body(form: str, kind: str, speaker: str | None) -> str | None:
    """The spec: a body cites its own acts bare; otherwise the number's form decides."""
    if takes(speaker, form, kind):
        return speaker
    key = DEFAULT_BARE_NUMBERS.get(form)
    return key if takes(key, form, kind) else None


def councils(form: str, kind: str) -> list[str]:
    """The bodies "Council" alone may stand for that number ``form``."""
    return [k for k, b in BODIES.items() if b.name.endswith("Council") and takes(k, form, kind)]


@dataclass
class Sentence:
    text: str = ""
    #: (linked text, canonical symbol, symbols the same link also stands for)
    expected: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)

    def add(self, piece: str) -> None:
        self.text += piece


def number(rng: random.Random, form: str) -> tuple[str, str, str]:
    """A number of ``form``: (before the parts, after the parts, canonical template)."""
    if form == "session":
        n = f"{rng.randint(1, 80)}/{rng.randint(1, 330)}"
        return n, "", n + "{part}"
    if form == "year":
        n = f"{rng.randint(1978, 2025)}/{rng.randint(1, 300)}"
        return n, "", n + "{part}"
    if form == "number-year":
        num, year = rng.randint(1, 2800), rng.randint(1946, 2025)
        return str(num), f" ({year})", f"{num}{{part}}({year})"
    num, roman = rng.randint(1, 3500), rng.choice(ROMAN)
    return str(num), f" ({roman})", f"{num}{{part}}({roman})"


def write_item(rng: random.Random, s: Sentence, form: str, kind: str, body: str | None) -> None:
    """One item of a list: the number, its parts, a date and a mark."""
    head, tail, canonical = number(rng, form)
    written, parts = ("", [""]) if form == "number-year" or rng.random() < 0.6 else rng.choice(PARTS)
    template = None
    if body is not None:
        config = BODIES[body]
        template = config.resolution_symbol if kind == "resolution" else config.decision_symbol
    symbols = [template.format(number=canonical.format(part=p)) for p in parts] if template else []
    s.add(head + (" " + written if written else "") + tail)
    if symbols:
        letters = [w for w in written.replace(",", " ").split() if w not in ("and", "to")]
        if len(letters) <= 1:
            # the number with its one part: "36/87 A", "3367 A (XXX)"
            s.expected.append((head + (" " + written if written else "") + tail, symbols[0], ()))
        else:
            # "36/87 A and B", "3367 A to C (XXX)": the first part links with the number,
            # each further part written links alone, a range's end stands for the parts between
            s.expected.append((f"{head} {letters[0]}", symbols[0], ()))
            if " to " in written:
                s.expected.append((letters[1], symbols[-1], tuple(symbols[1:-1])))
            else:
                s.expected += [(letter, symbol, ()) for letter, symbol in zip(letters[1:], symbols[1:], strict=True)]
    if rng.random() < 0.5:
        s.add(f" of {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1946, 2025)}")
    if rng.random() < 0.2:
        s.add(MARK)


def write_list(rng: random.Random, s: Sentence, forms: list[str], kind: str, body: str | None) -> None:
    """Up to 42 items under one prefix, parted by commas, "and", marks and clauses."""
    count = rng.choice([1, 1, 2, 3, 5, 12, 42])
    form = rng.choice(forms)
    for i in range(count):
        if i:
            if rng.random() < 0.15:
                s.add(rng.choice(CLAUSES))  # a clause parts the items; the same form goes on
            else:
                if rng.random() < 0.2:
                    form = rng.choice(forms)  # "resolutions 57/173 and 2625 (XXV)"
                last = i == count - 1
                s.add(rng.choice([" and ", ", and "] if last else [", ", ", ", f",{MARK} ", f"{MARK}, "]))
        write_item(rng, s, form, kind, body)


def write_group(rng: random.Random, s: Sentence, speaker: str | None) -> None:
    kind = rng.choice(["resolution", "resolution", "resolution", "decision"])
    keyword = kind + "s"
    shape = rng.choice(["name", "council", "its", "agent", "bare"])
    deciders = [k for k in BODIES if BODIES[k].decision_symbol or kind == "resolution"]
    if shape == "its" and speaker is not None and speaker in deciders:
        s.add(f"its {keyword} ")
        write_list(rng, s, list(BODIES[speaker].numbering), kind, speaker)
    elif shape == "agent":
        key = rng.choice(deciders)
        name = rng.choice([BODIES[key].name, *BODIES[key].cited_as])
        s.add(rng.choice([f"adopted by the {name} in its ", f"the {name}, in its ", f"the {name}, which, by its "]))
        s.add(keyword + " ")
        write_list(rng, s, list(BODIES[key].numbering), kind, key)
    elif shape == "council":
        forms = [f for f in ("session", "year", "number-year", "roman") if len(councils(f, kind)) == 1]
        if not forms:
            return
        form = rng.choice(forms)
        s.add(f"Council {keyword} ")
        write_list(rng, s, [form], kind, councils(form, kind)[0])
    elif shape == "name":
        key = rng.choice(deciders)
        name = rng.choice([BODIES[key].name, *BODIES[key].cited_as])
        if name.split()[-1] == "Council" and name != BODIES[key].name:
            name = BODIES[key].name
        s.add(f"{name} {keyword} ")
        write_list(rng, s, list(BODIES[key].numbering), kind, key)
    else:
        form = rng.choice(["session", "year", "number-year", "roman"])
        s.add(f"{keyword} ")
        write_list(rng, s, [form], kind, bare_body(form, kind, speaker))


def sentence(seed: int) -> tuple[Sentence, str | None]:
    rng = random.Random(seed)
    speaker = rng.choice(SPEAKERS)
    s = Sentence()
    s.add(rng.choice(["Recalling ", "Recalling also ", "Reaffirming ", "*Recalling* further "]))
    for i in range(rng.randint(1, 3)):
        if i:
            s.add(rng.choice([", and ", "; ", ", as well as ", f"; {rng.choice(TRAPS)}; recalling "]))
        if rng.random() < 0.2:
            s.add(f"{rng.choice(TRAPS)} and ")
        write_group(rng, s, speaker)
    if rng.random() < 0.3:
        s.add(f", {rng.choice(TRAPS)}")
    s.add(",")
    return s, speaker


@pytest.fixture(scope="module")
def recogniser() -> Recogniser:
    return Recogniser(BODIES, DEFAULT_BARE_NUMBERS)


def recognised(recogniser: Recogniser, text: str, speaker: str | None) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (text[m.start : m.end], m.cited.target, tuple(a.target for a in m.also)) for m in recogniser.find(text, speaker)
    ]


@pytest.mark.parametrize("seed", range(600))
def test_generated_sentence(recogniser: Recogniser, seed: int) -> None:
    s, speaker = sentence(seed)
    assert recognised(recogniser, s.text, speaker) == s.expected, s.text


def test_the_generator_covers_the_grammar() -> None:
    """The seeds above write every shape at least once (so that the test above can fail)."""
    texts = [sentence(seed)[0].text for seed in range(600)]
    expected = [e for seed in range(600) for e in sentence(seed)[0].expected]
    for piece in [" to C", "AA and BB", " AA", "Council resolutions", "its decisions", "in its resolutions",
                  "which, by its", "in which it", MARK, " (XXV)", "(XXX)", "decision 15/4", "2023/24"]:  # fmt: skip
        assert any(piece in t for t in texts), piece
    assert any(also for _, _, also in expected)
    assert {symbol.split("/")[0] for _, symbol, _ in expected} >= {"A", "E", "S"}
    assert any(symbol.startswith("A/HRC/RES/") for _, symbol, _ in expected)
    assert any(symbol.startswith("E/CN.4/") for _, symbol, _ in expected)
    assert max(len(sentence(seed)[0].expected) for seed in range(600)) >= 42


@pytest.mark.parametrize("trap", TRAPS)
@pytest.mark.parametrize("speaker", SPEAKERS)
def test_traps_alone(recogniser: Recogniser, trap: str, speaker: str | None) -> None:
    for text in (trap, f"Recalling {trap},", f"resolutions 57/1 and 58/2; {trap}."):
        assert [t for t in recognised(recogniser, text, speaker) if t[0] in trap] == [], text
