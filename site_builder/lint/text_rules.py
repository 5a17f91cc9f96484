"""Rules that read one resolution's text: numbering, punctuation, opening words.

Paragraphs of an annex are not checked for punctuation or opening words: an annex is
a document of another kind (a declaration, a programme of action) with its own style.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from site_builder.lint.document import Document, Para
from site_builder.lint.finding import Finding
from site_builder.lint.grammar import head_word, is_operative, is_participle, is_preambular
from site_builder.numbering import roman_to_int

_ROMAN_CHARS = frozenset("ivxlc")


def _f(doc: Document, p: Para, rule: str, message: str) -> Finding:
    return Finding(doc.resolution.path, p.line, rule, message, p.eid)


# ----- numbering ---------------------------------------------------------------


def numbering(doc: Document) -> Iterator[Finding]:
    """Operative paragraphs 1..N in each run (the resolution, a section, a draft, an
    annex); subparagraphs (a), (b) ... and (i), (ii) ... in sequence under each paragraph."""
    numbered = [p for p in doc.paragraphs if p.kind == "para" and p.num]
    #: the last number so far of each run holding sections: sections may each number
    #: from 1 or go on from the paragraphs and the section before
    carried: dict[str, int] = {}
    first = True
    for scope, group in groupby(numbered, key=lambda p: p.scope):
        items = list(group)
        parent = _parent_of_section(scope)
        start = int(items[0].num)
        if parent is not None and start == carried.get(parent, 0) + 1:
            expected = start
        elif first and doc.resolution.partial:
            expected = start  # a partial text may begin anywhere
        else:
            expected = 1
        first = False
        seen: set[int] = set()
        for p in items:
            n = int(p.num)
            where = f" in {_scope_name(scope)}" if scope else ""
            if n in seen:
                yield _f(doc, p, "numbering", f"paragraph {n} repeats an earlier number{where}")
            elif n != expected:
                what = f"paragraph {n} follows {expected - 1}" if expected > 1 else f"the first paragraph is {n}"
                yield _f(doc, p, "numbering", f"{what}{where}: expected {expected}")
            seen.add(n)
            expected = max(expected, n + 1)
        carried[scope if parent is None else parent] = expected - 1
    lists: dict[str, list[Para]] = {}
    for p in doc.paragraphs:
        if p.kind == "point":  # a list goes on after the items nested in one of its items
            lists.setdefault(p.scope, []).append(p)
    for items_of_list in lists.values():
        yield from _points(doc, items_of_list)


def _parent_of_section(scope: str) -> str | None:
    """The run a section belongs to ("" or "annex_1__"), None when ``scope`` is no section."""
    parts = scope.rstrip("_").split("__")
    if not parts[-1].startswith("sec_"):
        return None
    return "__".join(parts[:-1]) + "__" if len(parts) > 1 else ""


def _scope_name(scope: str) -> str:
    last = scope.rstrip("_").rsplit("__", 1)[-1]
    kind, _, num = last.partition("_")
    return {"sec": "section", "draft": "draft resolution", "annex": "annex"}.get(kind, kind) + f" {num}"


def _points(doc: Document, group: list[Para]) -> Iterator[Finding]:
    labels = [p.num for p in group]
    roman = labels[0] == "i" or (all(set(x) <= _ROMAN_CHARS for x in labels) and "__point_" in group[0].scope)
    if roman and labels[0] != "i" and len(labels[0]) == 1 and "__point_" in group[0].scope:
        # a letter skipped ((a) then (c)) reads as a roman item nested in (a)
        parent = group[0].scope.rsplit("__point_", 1)[1]
        expected = _next_letter(parent)
        yield _f(doc, group[0], "numbering", f"subparagraph ({labels[0]}) follows ({parent}): expected ({expected})")
        return
    expected = "i" if roman else "a"
    for p in group:
        if p.num != expected:
            yield _f(doc, p, "numbering", f"subparagraph ({p.num}) where ({expected}) comes next")
        expected = _next_roman(p.num) if roman else _next_letter(p.num)


def _next_letter(label: str) -> str:
    """(a) ... (z), then (aa), (bb) ...: the sequence of lettered subparagraphs."""
    if len(set(label)) != 1 or not label.isalpha():
        return label
    ch = label[0]
    return chr(ord(ch) + 1) * len(label) if ch != "z" else "a" * (len(label) + 1)


def _next_roman(label: str) -> str:
    if not set(label) <= _ROMAN_CHARS:
        return label
    return _to_roman(roman_to_int(label.upper()) + 1).lower()


def _to_roman(n: int) -> str:
    out = ""
    for value, digits in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += digits
            n -= value
    return out


# ----- roles -----------------------------------------------------------------


def _preambular(p: Para, seen_operative: bool) -> bool:
    """A recital, or an unnumbered paragraph of the preamble that lost its comma (the
    structure rule takes a paragraph for a recital only by its comma)."""
    if p.kind == "recital":
        return True
    return p.kind == "para" and not p.num and not seen_operative and is_preambular(p.opening or p.words)


def _runs(doc: Document) -> Iterator[tuple[str, list[Para]]]:
    """The paragraphs outside annexes, by run (the resolution, a section, a draft)."""
    body = [p for p in doc.paragraphs if not p.in_annex and p.kind in ("formula", "recital", "para", "point", "draft")]
    runs: dict[str, list[Para]] = {}
    for p in body:
        scope = p.scope if p.kind != "point" else _para_scope(p)
        runs.setdefault(scope, []).append(p)
    yield from runs.items()


def _para_scope(p: Para) -> str:
    top = p.eid.split("__list_1__", 1)[0]
    return top.rsplit("__", 1)[0] + "__" if "__" in top else ""


# ----- punctuation ---------------------------------------------------------------


def punctuation(doc: Document) -> Iterator[Finding]:
    """The formula ends with a comma before a preamble; preambular paragraphs with a
    comma; operative paragraphs with a semicolon, the last of the text with a full stop;
    a paragraph introducing subparagraphs or a draft with a colon; the items of one
    list alike."""
    for scope, run in _runs(doc):
        yield from _run_punctuation(doc, scope, run)


def _run_punctuation(doc: Document, scope: str, run: Sequence[Para]) -> Iterator[Finding]:
    seen_operative = False
    tops = [p for p in run if p.kind != "point"]
    last_top = next((p for p in reversed(tops) if p.kind == "para"), None)
    for i, p in enumerate(run):
        following = run[i + 1] if i + 1 < len(run) else None
        if p.kind == "formula":
            if following is not None and _preambular(following, False) and p.ending != ",":
                yield _f(doc, p, "punctuation", "the formula ends without a comma before the preamble")
            continue
        if p.kind in ("point", "draft"):
            continue
        if _preambular(p, seen_operative):
            if following is not None and following.kind == "point":
                yield from _preamble_list(doc, p, run[i + 1 :])
            elif p.ending != ",":
                got = f'"{p.ending}"' if p.ending else "no punctuation"
                yield _f(doc, p, "punctuation", f"preambular paragraph ends with {got}, not a comma")
            continue
        seen_operative = True
        introduces = following is not None and following.kind in ("point", "draft")
        if introduces:
            if p.ending not in (":", "—", "-"):
                what = "subparagraphs" if following is not None and following.kind == "point" else "a draft"
                yield _f(doc, p, "punctuation", f'paragraph introducing {what} ends with "{p.ending}", not a colon')
            yield from _list_punctuation(doc, p, run[i + 1 :], last=p is last_top, scope=scope)
            continue
        yield from _operative_end(doc, p, p is last_top, scope)


def _operative_end(doc: Document, p: Para, last: bool, scope: str) -> Iterator[Finding]:
    in_section = scope.rstrip("_").rsplit("__", 1)[-1].startswith("sec_")
    if last:
        # the last paragraph of a section may end the section with a full stop or go on
        ok = (".",) if not in_section else (".", ";")
        if p.ending not in ok:
            got = f'"{p.ending}"' if p.ending else "no punctuation"
            yield _f(doc, p, "punctuation", f"the last operative paragraph ends with {got}, not a full stop")
    elif p.ending != ";":
        got = f'"{p.ending}"' if p.ending else "no punctuation"
        yield _f(doc, p, "punctuation", f"operative paragraph ends with {got}, not a semicolon")


def _list_punctuation(
    doc: Document, parent: Para, rest: Sequence[Para], *, last: bool, scope: str
) -> Iterator[Finding]:
    """The subparagraphs under ``parent``: all but the last alike (";" or ","), the last
    ending as the paragraph would."""
    items = _leading_points(rest)
    if not items:
        return
    endings = [p.ending for p in items[:-1]]
    usual = max(set(endings), key=endings.count) if endings else ";"
    for p in items[:-1]:
        if p.ending in (":",):
            continue  # introduces a lower level
        if p.ending != usual or p.ending not in (";", ","):
            yield _f(
                doc, p, "punctuation", f'subparagraph ({p.num}) ends with "{p.ending}" where the list uses "{usual}"'
            )
    yield from _operative_end(doc, items[-1], last, scope)


def _preamble_list(doc: Document, parent: Para, rest: Sequence[Para]) -> Iterator[Finding]:
    """A preambular paragraph with subparagraphs: a colon, then items that end alike,
    the last with the comma that ends every preambular paragraph."""
    if parent.ending != ":":
        yield _f(
            doc, parent, "punctuation", f'paragraph introducing subparagraphs ends with "{parent.ending}", not a colon'
        )
    items = [p for p in _leading_points(rest)]
    for p in items[:-1]:
        if p.ending not in (",", ";", ":"):
            yield _f(doc, p, "punctuation", f'subparagraph ({p.num}) ends with "{p.ending}", not a comma or semicolon')
    if items and items[-1].ending != ",":
        last = items[-1]
        yield _f(
            doc,
            last,
            "punctuation",
            f'the last subparagraph ({last.num}) of a preambular paragraph ends with "{last.ending}", not a comma',
        )


def _leading_points(rest: Sequence[Para]) -> list[Para]:
    items: list[Para] = []
    for p in rest:
        if p.kind != "point":
            break
        items.append(p)
    return items


# ----- opening words -------------------------------------------------------------


def opening_words(doc: Document) -> Iterator[Finding]:
    """Preambular paragraphs open with an italic participle or adjective phrase, not an
    operative verb; operative paragraphs with an italic verb in the third person."""
    for _, run in _runs(doc):
        seen_operative = False
        for p in run:
            if p.kind not in ("recital", "para") or (p.kind == "para" and p.num == "" and _quoted_text(p)):
                continue
            if _preambular(p, seen_operative):
                word = head_word(p.opening or p.words)
                if p.opening is None:
                    yield _f(
                        doc, p, "opening-words", f'preambular paragraph opens with "{_first(p)}" in roman, not italics'
                    )
                elif is_operative(p.opening) and not is_participle(word):
                    yield _f(
                        doc, p, "opening-words", f'preambular paragraph opens with the operative verb "{p.opening}"'
                    )
                continue
            seen_operative = True
            if p.opening is None:
                yield _f(doc, p, "opening-words", f'operative paragraph opens with "{_first(p)}" in roman, not italics')
            elif not is_operative(p.opening) and is_preambular(p.opening):
                yield _f(
                    doc,
                    p,
                    "opening-words",
                    f'operative paragraph opens with "{p.opening}", not a verb in the third person',
                )


def _quoted_text(p: Para) -> bool:
    """A paragraph of quoted text (a passage cited word for word), not a paragraph of ours."""
    return p.text.lstrip().startswith(("“", '"')) and p.scope == ""


def _first(p: Para) -> str:
    return " ".join(p.words.split()[:2])
