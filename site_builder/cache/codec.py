"""The cache's records as JSON values, and back, every value checked on the way in.

A value that is not what a record of this version writes raises ``ValueError``
(the caller treats it as a cache miss). Nothing here can run code: JSON holds only
strings, numbers, booleans, null, lists and objects.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import repeat
from typing import Any

from site_builder.diagnostics import Diagnostic, Level
from site_builder.lint import FileLint, Finding
from site_builder.model import Citation, Paragraph, Rendered, Resolution, Vote
from site_builder.numbering import ResolutionNumber


def _str(v: Any) -> str:
    if type(v) is not str:
        raise ValueError("expected a string")
    return v


def _opt_str(v: Any) -> str | None:
    return None if v is None else _str(v)


def _int(v: Any) -> int:
    if type(v) is not int:
        raise ValueError("expected an integer")
    return v


def _opt_int(v: Any) -> int | None:
    return None if v is None else _int(v)


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise ValueError("expected a boolean")
    return v


def _list(v: Any, size: int | None = None) -> list[Any]:
    if type(v) is not list or (size is not None and len(v) != size):
        raise ValueError("expected a list" + (f" of {size}" if size is not None else ""))
    return v


def encode_resolution(r: Resolution) -> list[Any]:
    """``r`` without its text (the build cuts it from the file again when it renders)."""
    n = r.number
    vote = None if r.vote is None else [r.vote.text, r.vote.in_favour, r.vote.against, r.vote.abstentions]
    return [
        r.path,
        r.body,
        [n.form, n.display, n.canonical, n.slug, n.period, list(n.sort_key)],
        r.document,
        r.canonical,
        r.title,
        r.date.isoformat(),
        r.meeting,
        r.session,
        r.agenda_item,
        list(r.topics),
        vote,
        r.partial,
        r.draft,
        r.report,
        r.example,
        [list(note) for note in r.editorial],
        r.predecessor,
        r.text_line,
        r.digest,
    ]


def decode_resolution(v: Any, text: str) -> Resolution:
    (path, body, number, document, canonical, title, date, meeting, session, agenda, topics, vote, partial, draft,
     report, example, editorial, predecessor, text_line, digest) = _list(v, 20)  # fmt: skip
    form, display, ncanonical, slug, period, key = _list(number, 6)
    k = _list(key, 4)
    votes = None
    if vote is not None:
        vt, a, b, c = _list(vote, 4)
        votes = Vote(_str(vt), _opt_int(a), _opt_int(b), _opt_int(c))
    return Resolution(
        path=_str(path),
        body=_str(body),
        number=ResolutionNumber(
            _str(form),
            _str(display),
            _str(ncanonical),
            _str(slug),
            _str(period),
            (_int(k[0]), _int(k[1]), _int(k[2]), _str(k[3])),
        ),
        document=_str(document),
        canonical=_str(canonical),
        title=_str(title),
        date=dt.date.fromisoformat(_str(date)),
        meeting=_opt_int(meeting),
        session=_opt_str(session),
        agenda_item=_opt_str(agenda),
        topics=tuple(_str(t) for t in _list(topics)),
        vote=votes,
        partial=_bool(partial),
        draft=_opt_str(draft),
        report=_opt_str(report),
        example=_bool(example),
        editorial=tuple(_editor_note(note) for note in _list(editorial)),
        predecessor=_opt_str(predecessor),
        text=text,
        text_line=_int(text_line),
        digest=_str(digest),
    )


def _editor_note(v: Any) -> tuple[str, str, str]:
    at, kind, text = _list(v, 3)
    return _str(at), _str(kind), _str(text)


def encode_rendered(r: Rendered) -> list[Any]:
    return [
        r.html,
        r.footnotes_html,
        [[p.eid, p.kind, p.num, p.text, p.line] for p in r.paragraphs],
        list(r.footnote_labels),
        [[c.target, c.kind, c.text, c.pinpoint, c.from_paragraph, c.line, c.internal] for c in r.citations],
        [list(p) for p in r.problems],
        r.akn,
    ]


_PARAGRAPH = [str, str, str, str, int]
#: a citation's field types: pinpoint and from_paragraph may be null
_CITATION = {
    (str, str, str, p, f, int, bool) for p in (str, type(None)) for f in (str, type(None))
}  # fmt: skip


def _paragraph(v: Any) -> Paragraph:
    if type(v) is not list or list(map(type, v)) != _PARAGRAPH:
        raise ValueError("expected a paragraph")
    return Paragraph._make(v)


def _citation(v: Any) -> Citation:
    if type(v) is not list or tuple(map(type, v)) not in _CITATION:
        raise ValueError("expected a citation")
    return Citation._make(v)


def _problem(v: Any) -> tuple[int, str, bool]:
    line, message, is_error = _list(v, 3)
    return (_int(line), _str(message), _bool(is_error))


def decode_rendered(v: Any) -> Rendered:
    html, footnotes_html, paragraphs, labels, citations, problems, akn = _list(v, 7)
    return Rendered(
        html=_str(html),
        footnotes_html=_str(footnotes_html),
        paragraphs=tuple(_paragraph(p) for p in _list(paragraphs)),
        footnote_labels=tuple(_str(x) for x in _list(labels)),
        citations=tuple(_citation(c) for c in _list(citations)),
        problems=tuple(_problem(p) for p in _list(problems)),
        akn=_str(akn),
    )


def encode_diagnostic(d: Diagnostic) -> list[Any]:
    return [d.path, d.line, d.message, d.level.value, [list(c) for c in d.context]]


def decode_diagnostic(v: Any) -> Diagnostic:
    path, line, message, level, context = _list(v, 5)
    lines = []
    for item in _list(context):
        n, text = _list(item, 2)
        lines.append((_int(n), _str(text)))
    return Diagnostic(_str(path), _int(line), _str(message), Level(_str(level)), tuple(lines))


def encode_citations(citations: tuple[Citation, ...]) -> list[list[Any]]:
    """Citations by columns: read back in bulk, each column's types checked at once."""
    return [list(column) for column in zip(*citations, strict=True)] if citations else [[]] * 7


def decode_citations(v: Any) -> tuple[Citation, ...]:
    columns = _columns(v, [_STR, _STR, _STR, _OPT_STR, _OPT_STR, _INT, _BOOL])
    return tuple(map(_NEW, repeat(Citation), zip(*columns, strict=True)))  # rows, checked by column


def encode_problems(problems: tuple[tuple[int, str, bool], ...]) -> list[Any]:
    return [list(p) for p in problems]


def decode_problems(v: Any) -> tuple[tuple[int, str, bool], ...]:
    return tuple(_problem(p) for p in _list(v))


def encode_detail(r: Rendered) -> str:
    """What an outline holds besides its citations and problems, as JSON text: its
    paragraphs (without text, by columns) and footnote labels. The cache reads it back
    only for the outlines a build asks for (``records.RenderEntry.outline``)."""
    paragraphs = [list(column) for column in zip(*r.paragraphs, strict=True)] if r.paragraphs else [[]] * 5
    del paragraphs[3]  # the text: empty in an outline
    return json.dumps([paragraphs, list(r.footnote_labels)], ensure_ascii=False)


def decode_detail(text: str, citations: tuple[Citation, ...], problems: tuple[tuple[int, str, bool], ...]) -> Rendered:
    paragraphs, labels = _list(json.loads(text), 2)
    eids, kinds, nums, lines = _columns(paragraphs, [_STR, _STR, _STR, _INT])
    return Rendered(
        html="",
        footnotes_html="",
        paragraphs=tuple(map(_NEW, repeat(Paragraph), zip(eids, kinds, nums, repeat(""), lines))),
        footnote_labels=tuple(_str(x) for x in _list(labels)),
        citations=citations,
        problems=problems,
    )


#: a named tuple made from a row without a call of its Python ``__new__`` (the rows are
#: checked by column before)
_NEW = tuple.__new__
_STR: set[type] = {str}
_OPT_STR: set[type] = {str, type(None)}
_INT: set[type] = {int}
_BOOL: set[type] = {bool}


def _columns(v: Any, kinds: list[set[type]]) -> list[list[Any]]:
    columns = _list(v, len(kinds))
    size = len(_list(columns[0]))
    for column, allowed in zip(columns, kinds, strict=True):
        if type(column) is not list or len(column) != size or not set(map(type, column)) <= allowed:
            raise ValueError("bad column")
    return columns


def encode_lint(e: FileLint) -> list[Any]:
    return [e.stamp, [list(f) for f in map(_finding_fields, e.findings)], [list(p) for p in e.problems],
            encode_citations(e.citations), e.in_time]  # fmt: skip


def _finding_fields(f: Finding) -> tuple[str, int, str, str, str | None]:
    return (f.path, f.line, f.rule, f.message, f.eid)


def decode_lint(v: Any) -> FileLint:
    stamp, findings, problems, citations, in_time = _list(v, 5)
    found = []
    for item in _list(findings):
        path, line, rule, message, eid = _list(item, 5)
        found.append(Finding(_str(path), _int(line), _str(rule), _str(message), None if eid is None else _str(eid)))
    own = []
    for item in _list(problems):
        path, line, message = _list(item, 3)
        own.append((_str(path), _int(line), _str(message)))
    if type(in_time) is not bool:
        raise ValueError("bad lint record")
    return FileLint(_str(stamp), tuple(found), tuple(own), decode_citations(citations), in_time)
