"""The import's own check that no text was lost: the words of the source (page
furniture, mastheads and headers left out) against the words of the Markdown
written (markup left out), as multisets, per resolution, and per footnote."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from site_builder.importer.model import Piece
from site_builder.importer.render import finish
from site_builder.importer.text import words

_SHOWN = 12


def check(piece: Piece, markdown: str, added: list[str]) -> None:
    """Report, with source lines, words lost or added; ``added`` are words the
    import put in on purpose (restored subparagraph letters)."""
    source = [w for w, _ in piece.words]
    output = words(markdown)
    missing = Counter(source) - Counter(output)
    extra = Counter(output) - Counter(source) - Counter(added)
    _split_glued(missing, extra)
    if missing:
        matched: set[int] = set()
        matcher = SequenceMatcher(None, source, output, autojunk=False)
        for block in matcher.get_matching_blocks():
            matched.update(range(block.a, block.a + block.size))
        by_line: dict[int, list[str]] = {}
        for word, count in missing.items():
            spots = [i for i, (w, _) in enumerate(piece.words) if w == word]
            spots.sort(key=lambda i: i in matched)
            for i in spots[:count]:
                by_line.setdefault(piece.words[i][1], []).append(word)
        for line, lost in sorted(by_line.items()):
            piece.error(line, f"word coverage: {_list(lost)} missing from the output of {piece.symbol}")
    if extra:
        piece.warn(
            piece.line,
            f"word coverage: {_list(sorted(extra.elements()))} in the output of {piece.symbol} but not in the source",
        )
    _notes(piece)
    title = Counter(words(piece.title_printed)) - Counter(words(f"{piece.symbol} {piece.title or ''}"))
    if title:
        piece.error(
            piece.title_line,
            f"word coverage: title words {_list(sorted(title.elements()))} missing from the title written",
        )


def _split_glued(missing: Counter[str], extra: Counter[str]) -> None:
    """A mark written after a number reads as one number with it ("2014[^3]" is
    "20143", as a source that glues them prints it); where the source printed a
    space ("2014 3"), its two numbers are the output's one."""
    for word in list(extra.elements()):
        if not word.isdigit():
            continue
        for k in range(1, len(word)):
            head, tail = word[:k], word[k:]
            if missing[head] > 0 and missing[tail] > 0 and (head != tail or missing[head] > 1):
                missing.subtract([head, tail])
                extra.subtract([word])
                break
    missing += Counter()
    extra += Counter()


def _notes(piece: Piece) -> None:
    """Note by note, as the source divides its notes: two notes run into one
    (or one split) show here even where the words of the whole are all there."""
    for label, source in piece.note_words.items():
        note = piece.notes.get(label)
        written = Counter(words(finish(note.text))) if note is not None else Counter()
        expected = Counter(w for w, _ in source)
        if written != expected:
            line = source[0][1] if source else piece.line
            lost = sorted((expected - written).elements())
            added = sorted((written - expected).elements())
            detail = "; ".join(
                part
                for part in (
                    f"{_list(lost)} missing" if lost else "",
                    f"{_list(added)} not in it in the source" if added else "",
                )
                if part
            )
            piece.error(line, f"word coverage: footnote {label} of {piece.symbol} is not the source's note: {detail}")


def _list(items: list[str]) -> str:
    shown = ", ".join(repr(w) for w in items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")
