"""Lay a resolution out as the text a PDF-to-text tool gives from an official
PDF: masthead, title line and adoption record of its body, lines wrapped at a
width, operative numbers alone on their line, page breaks at random places with
the running header (symbol, short title, job number, page counter) and the
page's footnotes at its foot after a rule, footnote marks printed in each
position an official PDF gives them; sections as their numeral and heading on
lines of their own (centred), an annex as ``Annex`` (or ``Annex I``) and its
title, headings kept with what follows them, the adoption record where the text
has it (last, or before an annex); what the source lacks as the source prints
it: a paragraph it cut off (no final punctuation, now and then right before a
page break), a subparagraph without its label. Seeded: one seed, one layout.

The resolution is a :class:`Resolution` (written by hand, generated, or read
from a content file); the import of its layout must give it back.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

MASTHEAD_BODY = {"ga": "General Assembly", "hrc": "General Assembly", "ecosoc": "Economic and Social Council",
                 "sc": "Security Council"}  # fmt: skip
FORMULA = {"ga": "The General Assembly,", "hrc": "The Human Rights Council,",
           "ecosoc": "The Economic and Social Council,", "sc": "The Security Council,"}  # fmt: skip
ADOPTED_BY = {"ga": "General Assembly", "hrc": "Human Rights Council", "ecosoc": "Economic and Social Council"}
SYMBOL = {"ga": "A/RES/{}", "hrc": "A/HRC/RES/{}", "ecosoc": "E/RES/{}", "sc": "S/RES/{}"}
_ORDINAL_WORDS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"]
_MARK = re.compile(r"\[\^(\d+)\]")


@dataclass
class Para:
    #: recital, op, point; section (number: its numeral, text: its heading), annex (number:
    #: "" or its numeral), heading (a section's or an annex's title), record (where the
    #: adoption record stands when it is not last: before an annex)
    kind: str
    text: str  # with [^N] marks where the notes are marked
    number: str = ""  # "3" for op, "a" for point
    #: the source lost the label of this subparagraph (printed without it)
    lost_label: bool = False


@dataclass
class Resolution:
    body: str
    number: str  # as printed: "80/3", "2719 (2023)"
    title: str  # "" for the Security Council
    adopted: dt.date
    meeting: int
    session: int | None = None
    agenda_item: str | None = None
    paras: list[Para] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    #: the HRC's bracketed statement of how it was adopted
    vote: str = ""
    #: the editor's notes the import must write: (eId, kind), e.g. ("sec_III__para_3", "cut")
    editorial: list[tuple[str, str]] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return SYMBOL[self.body].format(self.number)

    def expected_paragraphs(self) -> list[str]:
        """The text's paragraphs as the imported Markdown must give them (marks as [^N])."""
        out = [FORMULA[self.body]]
        record = [self.record(), self.vote] if self.vote else [self.record()]
        for p in self.paras:
            if p.kind == "record":
                out += record
                record = []
            elif p.kind == "section":
                out.append(f"## {p.number}. {p.text}")
            elif p.kind == "annex":
                out.append(f"## Annex {p.number}".rstrip())
            elif p.kind == "heading":
                out.append(f"### {p.text}")
            elif p.kind == "op":
                out.append(f"{p.number}. {p.text}")
            else:
                out.append(f"({p.number}) {p.text}" if p.number else p.text)
        return out + record

    def eids(self) -> list[str]:
        """Each paragraph's anchor (docs/content-format.md), "" for those without one."""
        out: list[str] = []
        prefix = section = parent = ""
        annexes = recitals = 0
        for p in self.paras:
            eid = ""
            if p.kind == "annex":
                annexes += 1
                prefix, section = f"annex_{p.number or annexes}__", ""
            elif p.kind == "section":
                section = f"sec_{p.number}__"
            elif p.kind == "op":
                eid = parent = f"{prefix}{section}para_{p.number}"
            elif p.kind == "point":
                eid = f"{parent}__list_1__point_{p.number}"
            elif p.kind == "recital" and not prefix and not section:
                recitals += 1
                eid = f"recital_{recitals}"
            out.append(eid)
        return out

    def record(self) -> str:
        date = _date(self.adopted)
        if self.body == "sc":
            return f"Adopted by the Security Council at its {_ordinal(self.meeting)} meeting, on {date}"
        meeting = "meeting" if self.body == "hrc" else "plenary meeting"
        return f"{_ordinal(self.meeting)} {meeting} {date}"


def _closed(p: Para) -> bool:
    """Does the paragraph end as paragraphs do? One that does not was cut off by the source."""
    if p.kind not in ("recital", "op", "point"):
        return True
    return _MARK.sub("", p.text).rstrip(" ”’\"')").endswith((",", ";", ":", ".", "!", "?"))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _session_words(n: int) -> str:
    tens = ["", "", "Twent", "Thirt", "Fort", "Fift", "Sixt", "Sevent", "Eight", "Ninet"]
    units = [w.lower() for w in _ORDINAL_WORDS[:9]]
    if n <= 10:
        return _ORDINAL_WORDS[n - 1]
    if n % 10 == 0 and n >= 20:
        return tens[n // 10] + "ieth"
    return f"{tens[n // 10]}y-{units[n % 10 - 1]}"


class Layout:
    def __init__(self, res: Resolution, seed: int) -> None:
        self.res = res
        self.rng = random.Random(seed)
        self.width = self.rng.randint(60, 95)
        self.job = f"{self.rng.randint(10, 29)}-{self.rng.randint(10000, 99999)}"

    # -- marks -----------------------------------------------------------------
    def _print_marks(self, text: str) -> str:
        """Each [^N] as an official PDF's extraction prints it."""

        def one(m: re.Match[str]) -> str:
            label = m.group(1)
            before = text[: m.start()]
            after = text[m.end() :]
            styles = ["glued"]
            if before[-1:].isalpha() or before[-1:] in ",;:.”)" or re.search(r"(?:19|20)\d\d$", before):
                styles.append("space")
            if after.startswith(" ") and after[1:2].isalpha() and after[1:2].islower():
                styles.append("next")
            style = self.rng.choice(styles)
            if style == "space":
                return "\x01" + label  # a superscript stays on its word's line
            if style == "next":
                return " " + label + "\x00"  # the space after the mark is lost
            return label

        out = _MARK.sub(one, text)
        return out.replace("\x00 ", "")

    # -- lines -----------------------------------------------------------------
    def _wrap(self, text: str) -> list[str]:
        """Lines of at most the width; a line may end after a hyphen of a compound."""
        words = text.split(" ")
        lines: list[str] = []
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= self.width or not line:
                line = candidate
                continue
            head, sep, tail = word.partition("-")
            if sep and head.isalpha() and tail[:1].islower() and len(line) + len(head) + 2 <= self.width:
                lines.append(f"{line} {head}-")
                line = tail
                continue
            lines.append(line)
            line = word
        lines.append(line)
        return [ln.replace("\x01", " ") + " " * self.rng.randint(0, 1) for ln in lines]

    def body_lines(self) -> list[tuple[str, list[str]]]:
        """(text line, labels of the notes marked on it) for the text after the title.
        Sets ``glued`` (lines a page break never falls before: a heading's lines stay
        with the numeral or the word ``Annex`` above them) and ``breaks`` (a page
        break the layout puts there: after a paragraph the source cut off)."""
        res = self.res
        out: list[tuple[str, list[str]]] = []
        self.glued: set[int] = set()
        self.breaks: set[int] = set()

        def add(text: str) -> None:
            for line in self._wrap(self._print_marks(text)):
                out.append((line, []))
            for m in _MARK.finditer(text):
                # the note goes on the page of the paragraph's last line
                out[-1][1].append(m.group(1))

        def blank() -> None:
            out.append((" " * self.rng.randint(0, 1), []))

        def centred(lines: list[str]) -> None:
            # a heading is printed centred: the extraction keeps its indent, or not
            for k, line in enumerate(lines):
                if k:
                    self.glued.add(len(out))
                out.append((" " * self.rng.choice([0, 0, 4, 17]) + line.strip() + " ", []))

        def record() -> None:
            if res.vote:
                add(res.vote)
            meeting = res.record().rsplit(" ", 3)
            if self.rng.random() < 0.5:
                out.append((meeting[0], []))
                out.append((" ".join(meeting[1:]), []))
            else:
                out.append((res.record(), []))

        if res.body == "sc":
            for line in self._wrap(res.record()):
                out.append((line, []))
            blank()
        add(FORMULA[res.body])
        blank()
        recorded = False
        for k, p in enumerate(res.paras):
            nxt = res.paras[k + 1] if k + 1 < len(res.paras) else None
            if p.kind == "section":
                if self.rng.random() < 0.5:  # the numeral on a line of its own, the heading below it
                    centred([f"{p.number}.", *self._wrap(p.text)])
                else:
                    centred(self._wrap(f"{p.number}. {p.text}"))
            elif p.kind == "annex":
                centred([f"Annex {p.number}".strip()])
            elif p.kind == "heading":
                centred(self._wrap(p.text))
            elif p.kind == "record":
                record()
                recorded = True
            elif p.kind == "op":
                if self.rng.random() < 0.6:
                    out.append((f"{p.number}. ", []))  # the number alone on its line
                    add(p.text)
                else:
                    add(f"{p.number}. {p.text}")
            elif p.kind == "point":
                add(p.text if p.lost_label else f"({p.number}) {p.text}")
            else:
                add(p.text)
            if p.kind in ("section", "heading", "annex"):
                # a heading is kept with what follows it: no page break under it
                self.glued.update(range(len(out), len(out) + 3))
            if p.kind in ("section", "heading") and nxt is not None and nxt.kind == "op" and self.rng.random() < 0.5:
                continue  # a heading may stand right above its first numbered paragraph
            if not _closed(p) and self.rng.random() < 0.5:
                self.breaks.add(len(out))  # the page ends where the source cut the paragraph off
            blank()
        if res.body != "sc" and not recorded:
            record()
        return out

    def masthead(self) -> list[str]:
        res = self.res
        issued = res.adopted + dt.timedelta(days=self.rng.randint(0, 20))
        lines = ["United Nations ", res.symbol, " ", MASTHEAD_BODY[res.body] + " ", "Distr.: General ",
                 _date(issued) + " ", " ", self.job + " (E) ", f"*{self.job.replace('-', '')}* ", " ", " "]  # fmt: skip
        if res.body == "hrc":
            lines += ["Human Rights Council ", f"{_session_words(res.session or 1)} session ", " "]
        elif res.session is not None:
            lines.append(f"{_session_words(res.session)} session ")
        if res.agenda_item:
            lines += [f"Agenda item {res.agenda_item} ", "Items of the agenda of the session ", " ", " "]
        if res.body in ADOPTED_BY:
            lines += [f" Resolution adopted by the {ADOPTED_BY[res.body]} ", f"on {_date(res.adopted)} ", " ", " "]
        if res.body == "sc":
            lines += [f"Resolution {res.number} ", " "]
        elif res.body == "hrc":
            lines += [*self._wrap(f"Resolution {res.number}. {res.title}"), " ", " "]
        else:
            lines += [*self._wrap(f"{res.number}. {res.title}"), " ", " "]
        return lines

    def running_header(self, page: int, pages: int) -> list[str]:
        res = self.res
        title = self._wrap(res.title) if res.title else []
        if page % 2 == 0:
            return ["", res.symbol + " ", *title, " ", self.job, f"{page}/{pages} ", " "]
        return ["", *title, res.symbol, " ", f"{page}/{pages}", self.job + " ", " "]

    def text(self) -> str:
        res = self.res
        body = self.body_lines()
        # cut the body into pages at random places
        cuts: set[int] = {at for at in self.breaks if at < len(body)}
        at = self.rng.randint(8, 30)
        while at < len(body) - 2:
            while at in self.glued:
                at += 1
            cuts.add(at)
            at += self.rng.randint(6, 40)
        bounds = [0, *sorted(cuts - {0, len(body)}), len(body)]
        pages = len(bounds) - 1
        out = self.masthead()
        for n in range(pages):
            chunk = body[bounds[n] : bounds[n + 1]]
            if n:
                out += self.running_header(n + 1, pages)
            out += [line for line, _ in chunk]
            labels = [label for _, marked in chunk for label in marked]
            if labels:
                out += [" ", "__________________ ", " "]
                for label in labels:
                    out += self._wrap(f"{label} {res.notes[label]}")
                    if self.rng.random() < 0.5:
                        out.append(" ")  # a blank line between notes, or none
        return "\n".join(out)


def from_content(text: str) -> Resolution:
    """A content file (front matter, then the Markdown of the text) as a
    :class:`Resolution`: the formula and the adoption record are the body's own
    (the record where the file has it: last, or before an annex), sections, annexes
    and headings are printed as an official PDF prints them, each other paragraph
    is laid out as written (quotes of a draft included). The file's editor's notes
    say what its source lacks: a subparagraph's lost label is not printed."""
    import yaml

    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head)
    notes: dict[str, str] = {}
    paras: list[Para] = []
    body = re.sub(r"^>[ ]?", "", body, flags=re.M)  # a quoted draft is laid out as text
    for chunk in body.strip().split("\n\n"):
        plain = " ".join(re.sub(r"\\(.)", r"\1", chunk.replace("*", "")).split())
        note = re.match(r"\[\^(\d+)\]: (.*)", plain)
        if note:
            notes[note.group(1)] = note.group(2)
        elif not plain or (plain.startswith("The ") and len(plain.split()) <= 6):
            continue  # the formula
        elif re.match(r"^\d+(?:st|nd|rd|th) (?:plenary )?meeting", plain):
            paras.append(Para("record", ""))  # the adoption record
        elif m := re.match(r"^## Annex ?([IVX]*)$", plain):
            paras.append(Para("annex", "", m.group(1)))
        elif m := re.match(r"^## ([IVX]+)\. (.*)", plain):
            paras.append(Para("section", m.group(2), m.group(1)))
        elif m := re.match(r"^### (.*)", plain):
            paras.append(Para("heading", m.group(1)))
        elif m := re.match(r"^(\d+)\. (.*)", plain):
            paras.append(Para("op", m.group(2), m.group(1)))
        elif m := re.match(r"^\(([a-z]{1,4})\) (.*)", plain):
            paras.append(Para("point", m.group(2), m.group(1)))
        else:
            paras.append(Para("recital", plain))
    if paras and paras[-1].kind == "record":
        paras.pop()
    symbol = str(meta["symbol"])
    res = Resolution(
        body=str(meta["body"]),
        number=symbol,
        title=str(meta.get("title", "")),
        adopted=meta["date"],
        meeting=int(meta["meeting"]),
        paras=paras,
        notes=notes,
        editorial=[(str(n["at"]), str(n["kind"])) for n in meta.get("editorial", [])],
    )
    lost = {at for at, kind in res.editorial if kind == "restored-label"}
    for p, eid in zip(res.paras, res.eids(), strict=True):
        p.lost_label = eid in lost
    return res
