"""Classify a resolution's paragraphs: formula, preamble, operative paragraphs
and their subparagraphs, headings, sections, annexes, the adoption record, the
paragraphs of an embedded draft. Paragraphs an extractor ran together
(``... persons.8 6. We recall ...``) are split at the next operative number;
subparagraph letters an extractor dropped are restored from their neighbours."""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.importer.masthead import adoption
from site_builder.importer.model import EM_CLOSE, EM_OPEN, Piece, plain
from site_builder.importer.text import ends_closed, ends_with_comma, heading_like, words

_QUOTE_OPEN = '“"'
_NUMBERED = re.compile(r"^(?P<pre>[\ue000]?)(?P<q>[“\"]?)(?P<num>\d{1,3})\.(?:\s+|$)")
_POINT = re.compile(r"^(?P<pre>[\ue000]?)(?P<q>[“\"]?)\((?P<label>[a-z]{1,2}|[ivx]{1,5})\)(?:\s+|$)")
_SECTION = re.compile(r"^(?P<num>[IVX]{1,5})\.(?:\s+(?P<text>.*))?$")
_ANNEX = re.compile(r"^Annex(?:\s+(?P<num>[IVX]{1,5})\b)?\s*(?P<rest>.*)$")
_FORMULA = re.compile(r"^[\ue000]?[“\"]?[\ue000]?The [A-Z][A-Za-z ]+?[,]?[\ue001]?[,]?$")
_VOTE = re.compile(r"^\[[^\[\]]*\badopted\b[^\[\]]*\]$", re.IGNORECASE)
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


@dataclass
class Block:
    kind: str  # formula recital op op1 point heading section annex adoption text
    text: str
    line: int
    number: str = ""
    quote: str = ""
    draft: bool = False
    in_annex: bool = False
    restored: bool = False
    #: the editor's note the source calls for here: "cut" (it breaks off in this
    #: paragraph) or "restored-label" (docs/content-format.md, "Editor's notes")
    note: str = ""
    #: the line the block starts on in the Markdown written (set by the renderer)
    md_line: int = 0


def classify(piece: Piece) -> list[Block]:
    blocks: list[Block] = []
    zone = "start"
    in_annex = seen_adoption = False
    for para in piece.paras:
        text = para.text.strip()
        p = plain(text).strip()
        draft = p.startswith(tuple(_QUOTE_OPEN))
        annex = _ANNEX.match(p)
        if para.hint == "annex" or (
            annex and not draft and (seen_adoption or not ends_closed(p)) and len(words(p)) <= 25
        ):
            assert annex is not None
            blocks.append(Block("annex", "", para.line, number=annex.group("num") or "", in_annex=True))
            if annex.group("rest"):
                blocks.append(Block("heading", annex.group("rest"), para.line, in_annex=True))
            in_annex, zone = True, "annex"
            continue
        section = _SECTION.match(p)
        if section and (para.hint == "section" or not ends_closed(p)) and not draft:
            blocks.append(
                Block("section", section.group("text") or "", para.line, section.group("num"), in_annex=in_annex)
            )
            continue
        record = adoption(p) if not in_annex else None
        if record is not None:
            # the HRC's "[Adopted without a vote.]", before the record or beside it, closes the text after it
            vote = blocks.pop() if blocks and _VOTE.match(plain(blocks[-1].text)) else None
            blocks.append(Block("adoption", record.record if record.vote else text, para.line))
            if record.vote:
                blocks.append(Block("text", record.vote, para.line))
            if vote is not None:
                vote.kind = "text"
                blocks.append(vote)
            # the Security Council prints its record above the text: the text still follows
            seen_adoption, zone = True, ("start" if zone == "start" else "closing")
            continue
        if _FORMULA.match(text) and len(words(p)) <= 8 and zone in ("start", "operative"):
            blocks.append(Block("formula", text, para.line, draft=draft))
            zone = "preamble"
            continue
        numbered = _NUMBERED.match(text)
        if numbered:
            blocks.extend(_split_run_on(text, numbered, para.line, draft, in_annex))
            zone = "annex" if in_annex else "operative"
            continue
        point = _POINT.match(text)
        if point:
            rest = point.group("pre") + text[point.end() :]
            blocks.append(Block("point", rest, para.line, point.group("label"), point.group("q"), draft, in_annex))
            continue
        if para.hint == "heading" or (heading_like(p) and not draft and zone != "start"):
            blocks.append(Block("heading", text, para.line, in_annex=in_annex))
            continue
        if zone in ("start", "preamble") and ends_with_comma(p) and not in_annex:
            blocks.append(Block("recital", text, para.line, draft=draft))
            zone = "preamble"
        elif zone in ("start", "preamble") and not in_annex:
            blocks.append(Block("op1", text, para.line, draft=draft))
            zone = "operative"
        else:
            blocks.append(Block("text", text, para.line, draft=draft, in_annex=in_annex))
    return blocks


def _split_run_on(text: str, m: re.Match[str], line: int, draft: bool, in_annex: bool) -> list[Block]:
    """``5. ... persons.8 6. We recall ...`` -> paragraphs 5 and 6."""
    out = []
    number = int(m.group("num"))
    rest = m.group("pre") + text[m.end() :]
    while True:
        nxt = re.search(rf"(?<=[.;:”’\d\ue003]) {number + 1}\. (?=[A-Z“])", rest)
        if nxt is None:
            out.append(Block("op", rest, line, str(number), m.group("q"), draft, in_annex))
            return out
        out.append(Block("op", rest[: nxt.start()], line, str(number), m.group("q"), draft, in_annex))
        rest = rest[nxt.end() :]
        number += 1


def restore_labels(blocks: list[Block], piece: Piece) -> list[str]:
    """Letters for the unlabelled items of a list whose intro ends with ':'.
    Returns the labels restored (they are not in the source's words)."""
    restored: list[str] = []
    i = 0
    while i < len(blocks):
        intro = blocks[i]
        if intro.kind not in ("op", "op1", "point") or not plain(intro.text).rstrip().endswith(":"):
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind in ("text", "point"):
            j += 1
        run = blocks[i + 1 : j]
        if any(b.kind == "text" for b in run):
            restored += _infer(run, intro.kind == "point", piece)
        i = max(j, i + 1)
    return restored


def _infer(run: list[Block], nested: bool, piece: Piece) -> list[str]:
    restored = []
    letter = -1
    in_roman = nested
    roman = 0
    for k, block in enumerate(run):
        if block.kind == "point":
            label = block.number
            is_roman = label in _ROMANS and not (label == "i" and letter == 7)
            if is_roman and (in_roman or letter >= 0 or nested):
                roman, in_roman = _ROMANS.index(label) + 1, True
            else:
                letter, in_roman = ord(label) - ord("a"), False
            continue
        nxt = next((b for b in run[k + 1 :] if b.kind == "point"), None)
        prev_intro = k > 0 and plain(run[k - 1].text).rstrip().endswith(":")
        next_is_roman = nxt is not None and nxt.number in _ROMANS and nxt.number not in ("i",) and len(nxt.number) > 1
        if (in_roman or prev_intro or nested) and next_is_roman:
            roman += 1
            label, in_roman = _ROMANS[roman - 1], True
        else:
            letter += 1
            label, in_roman, roman = chr(ord("a") + letter), False, 0
        block.kind, block.number, block.restored, block.note = "point", label, True, "restored-label"
        restored.append(label)
        piece.warn(block.line, f"subparagraph label ({label}) restored: the source lost it")
    return restored


def em_wrap(text: str, length: int) -> str:
    """Italics over the first ``length`` characters of the plain text."""
    return EM_OPEN + text[:length] + EM_CLOSE + text[length:] if length else text
