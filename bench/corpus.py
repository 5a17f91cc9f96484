"""A deterministic generator of realistic resolution texts, for benchmarks and tests.

``generate(n, seed)`` returns ``{relative path: file text}`` for ``n`` resolutions of
about 7 KB each: General Assembly (session numbering ``57/173`` and the old roman form
``2625 (XXV)``), ECOSOC (``2003/22``) and Security Council (``1373 (2001)``) texts with
a formula, a preamble, numbered operative paragraphs with ``(a)``/``(b)``
subparagraphs, footnotes, an adoption record, several resolutions per meeting, and
citations both of earlier generated resolutions (internal links) and of resolutions
and documents outside the corpus (official links). The same ``n`` and ``seed`` give
the same bytes on every machine.

    python -m bench.corpus 1000 /tmp/site     # writes site.yaml and content/
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

SITE_YAML = "title: Benchmark resolutions\ndescription: a generated corpus\nlanguage: en\n"

_BODY_NAMES = {"ga": "General Assembly", "ecosoc": "Economic and Social Council", "sc": "Security Council"}
_MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]

_OPENERS_PRE = [
    "Recalling",
    "Reaffirming",
    "Noting with concern",
    "Welcoming",
    "Bearing in mind",
    "Recognizing",
    "Emphasizing",
    "Taking note",
    "Mindful",
    "Convinced",
    "Deeply concerned",
    "Expressing its appreciation",
]
_OPENERS_OP = [
    "Requests",
    "Urges",
    "Calls upon",
    "Encourages",
    "Decides",
    "Invites",
    "Stresses",
    "Welcomes",
    "Recommends",
    "Reaffirms",
    "Underlines",
    "Notes",
]
_WORDS = [
    "international",
    "cooperation",
    "development",
    "sustainable",
    "implementation",
    "programme",
    "States",
    "Members",
    "Secretary-General",
    "report",
    "assistance",
    "capacity",
    "national",
    "regional",
    "measures",
    "human",
    "rights",
    "peace",
    "security",
    "strengthening",
    "efforts",
    "relevant",
    "organizations",
    "framework",
    "coordination",
    "resources",
    "activities",
    "support",
    "technical,",
    "effective,",
    "comprehensive,",
    "integrated;",
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "by",
    "its",
    "their",
    "all",
    "including",
    "particular",
    "within",
]
_TOPICS = ["development", "human rights", "peace and security", "environment", "health", "trade", "crime"]


@dataclass(frozen=True)
class Meta:
    """What a generated resolution is, as other texts cite it."""

    body: str
    symbol: str  # as cited: "57/173", "2625 (XXV)", "2003/22", "1373 (2001)"
    date: dt.date
    meeting: int
    path: str


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while n >= value:
            out += letters
            n -= value
    return out + "I" * n


def _long(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def plan(n: int, seed: int = 0) -> list[Meta]:
    """The symbols, dates and meetings of ``n`` resolutions, in adoption order."""
    rng = random.Random(seed)
    counters = {"ga": 0, "roman": 0, "ecosoc": 0, "sc": 0}
    metas: list[Meta] = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.55:
            i = counters["ga"]
            counters["ga"] += 1
            session, num = 40 + i // 300, i % 300 + 1
            part = " B" if num % 37 == 0 else ""
            meeting = 30 + (i % 300) // 6  # six resolutions per plenary meeting
            date = dt.date(1945 + session, 9, 15) + dt.timedelta(days=(i % 300) // 6 * 2)
            metas.append(Meta("ga", f"{session}/{num}{part}", date, meeting, f"content/ga/{session}/{num}.md"))
        elif pick < 0.62:
            i = counters["roman"]
            counters["roman"] += 1
            session = 1 + i // 150
            num = 100 + i
            meeting = 1000 + i // 5
            date = dt.date(1945 + session, 10, 1) + dt.timedelta(days=(i % 150) // 5 * 2)
            metas.append(
                Meta("ga", f"{num} ({_roman(session)})", date, meeting, f"content/ga/{_roman(session)}/{num}.md")
            )
        elif pick < 0.85:
            i = counters["ecosoc"]
            counters["ecosoc"] += 1
            year, num = 1960 + i // 60, i % 60 + 1
            meeting = 20 + num // 4
            date = dt.date(year, 7, 1) + dt.timedelta(days=num // 4)
            metas.append(Meta("ecosoc", f"{year}/{num}", date, meeting, f"content/ecosoc/{year}/{num}.md"))
        else:
            i = counters["sc"]
            counters["sc"] += 1
            num, year = 100 + i, 1960 + i // 60
            meeting = 1000 + i
            date = dt.date(year, 1, 1) + dt.timedelta(days=(i % 60) * 6)
            metas.append(Meta("sc", f"{num} ({year})", date, meeting, f"content/sc/{year}/{num}.md"))
    return metas


def _cite(target: Meta, speaker: str, rng: random.Random) -> str:
    own = target.body == speaker and speaker != "sc"
    head = "its resolution" if own else f"{_BODY_NAMES[target.body]} resolution"
    text = f"{head} {target.symbol} of {_long(target.date)}"
    if rng.random() < 0.15:
        text = f"paragraph {rng.randint(1, 6)} of " + text
    return text


def _external(speaker: str, rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return f"General Assembly resolution {rng.randint(1, 39)}/{rng.randint(1, 250)}"
    if kind < 0.7:
        return f"Security Council resolution {rng.randint(2500, 2700)} ({rng.randint(2021, 2024)})"
    return f"the report of the Secretary-General (A/{rng.randint(40, 79)}/{rng.randint(100, 800)})"


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).replace(" ,", ",").strip(",;")


def render(meta: Meta, earlier: list[Meta], rng: random.Random, title: str | None = None) -> str:
    """One resolution's file: front matter and text (about 7 KB)."""
    speaker = meta.body
    name = _BODY_NAMES[speaker]
    title = title or (_sentence(rng, rng.randint(4, 9)).capitalize() or "Untitled")
    lines = [
        "---",
        f"symbol: {meta.symbol}",
        f"body: {speaker}",
        f"title: {title}",
        f"date: {meta.date.isoformat()}",
        f"meeting: {meta.meeting}",
    ]
    if speaker == "ga":
        lines.append(f"agenda_item: {rng.randint(10, 150)}")
    lines.append(f"topics: [{rng.choice(_TOPICS)}]")
    lines += ["---", ""]
    body: list[str] = []
    if speaker == "sc":
        body.append(f"*The {name}*,")
    else:
        body.append(f"*The {name}*,")
    body.append("")
    cited = rng.sample(earlier, min(len(earlier), rng.randint(2, 6))) if earlier else []
    notes: list[str] = []
    for k in range(rng.randint(6, 10)):
        opener = rng.choice(_OPENERS_PRE)
        ref = ""
        if cited and k < len(cited):
            ref = " " + _cite(cited[k], speaker, rng) + ","
        elif rng.random() < 0.3:
            ref = " " + _external(speaker, rng) + ","
        mark = ""
        if rng.random() < 0.2:
            label = str(len(notes) + 1)
            mark = f"[^{label}]"
            notes.append(f"[^{label}]: See {_external(speaker, rng)}.")
        body.append(f"*{opener}*{ref} {_sentence(rng, rng.randint(20, 36))},{mark}")
        body.append("")
    for p in range(1, rng.randint(10, 16) + 1):
        opener = rng.choice(_OPENERS_OP)
        if rng.random() < 0.2:
            body.append(f"{p}. *{opener}* {_sentence(rng, rng.randint(10, 20))}:")
            body.append("")
            for letter in "abcd"[: rng.randint(2, 4)]:
                body.append(f"   ({letter}) {_sentence(rng, rng.randint(12, 25))};")
                body.append("")
        else:
            ref = ""
            if rng.random() < 0.15:
                ref = " in accordance with " + _external(speaker, rng) + ","
            body.append(f"{p}. *{opener}*{ref} {_sentence(rng, rng.randint(20, 44))};")
            body.append("")
    if speaker == "sc":
        body.append(f"Adopted by the Security Council at its {meta.meeting}th meeting, on {_long(meta.date)}")
    else:
        body.append(f"*{meta.meeting}th plenary meeting  \n{_long(meta.date)}*")
    body.append("")
    for note in notes:
        body.append(note)
        body.append("")
    return "\n".join(lines + body)


def generate(n: int, seed: int = 0) -> dict[str, str]:
    """``{path: text}`` for ``n`` resolutions (and ``site.yaml``)."""
    metas = plan(n, seed)
    files = {"site.yaml": SITE_YAML}
    for i, meta in enumerate(metas):
        rng = random.Random(f"{seed}:{i}")
        files[meta.path] = render(meta, metas[max(0, i - 400) : i], rng)
    return files


def write(root: Path, files: dict[str, str]) -> None:
    made: set[Path] = set()
    for rel, text in files.items():
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench.corpus N SITE_DIR", file=sys.stderr)
        return 2
    write(Path(argv[1]), generate(int(argv[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
