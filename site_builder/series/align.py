"""Two texts aligned paragraph by paragraph, then word by word within aligned paragraphs.

Paragraphs are only paired with paragraphs of the same place in the structure: a
preambular paragraph with a preambular paragraph, an operative paragraph with an
operative paragraph, a subparagraph with a subparagraph, a paragraph of a section or
of an annex with its like (the eId without its numbers: ``sec/para``, ``para/point``).
Numbers never decide a pair; content does:

1. paragraphs with the same words are paired first, in order;
2. the rest by word-level similarity (RapidFuzz's Indel distance, the longest common
   subsequence of words), best pairs first, down to :data:`MIN_SIMILARITY`;
3. a pair is *moved* when it is not on the longest run of pairs that keep their order
   (the longest increasing subsequence of new positions, taken in old order);
4. unpaired old paragraphs are *removed*, unpaired new ones *new*.

Every tie is broken by position, so the same two texts always give the same alignment.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from site_builder.model import Paragraph

#: two paragraphs sharing less than half their words (by Indel similarity) are not
#: versions of one paragraph but a removed one and a new one
MIN_SIMILARITY = 0.5

#: paragraphs that are not part of the text compared: the adoption record (meeting and
#: date differ from one resolution to the next by definition)
SKIPPED_KINDS = frozenset({"conclusions"})

_NUMBERED_PART = re.compile(r"_[^_]+$")
_POINT_LABEL = re.compile(r"\(\w{1,6}\)\s+")
#: a word with its following space, or one punctuation mark with its following space
_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*\s*|[^\w\s]\s*|\s+")


@dataclass(frozen=True)
class Segment:
    """A run of words: "equal", "delete" (only in the old text) or "insert" (only in the new)."""

    op: str
    words: str


@dataclass(frozen=True)
class Pair:
    """One row of a comparison: a paragraph of the old text, of the new, or of both."""

    old: Paragraph | None
    new: Paragraph | None
    #: the word-level difference (the whole text as one segment for new and removed paragraphs)
    segments: tuple[Segment, ...]
    moved: bool = False
    #: word similarity, 1.0 for identical words
    similarity: float = 1.0

    @property
    def status(self) -> str:
        """ "new", "removed", "moved", "changed" or "same" (a moved paragraph may also be changed)."""
        if self.old is None:
            return "new"
        if self.new is None:
            return "removed"
        if self.moved:
            return "moved"
        return "changed" if self.changed else "same"

    @property
    def changed(self) -> bool:
        return self.old is not None and self.new is not None and any(s.op != "equal" for s in self.segments)

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.num != self.new.num


@dataclass(frozen=True)
class Comparison:
    #: rows in reading order: the new text's order, removed paragraphs where they stood
    pairs: tuple[Pair, ...]

    def count(self, status: str) -> int:
        return sum(1 for p in self.pairs if p.status == status)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        """Paragraphs whose words changed (moved or not)."""
        return sum(1 for p in self.pairs if p.changed)

    @property
    def moved(self) -> int:
        return self.count("moved")

    @property
    def renumbering(self) -> tuple[Pair, ...]:
        """Paired numbered paragraphs whose number changed (old 7 -> new 8)."""
        return tuple(p for p in self.pairs if p.renumbered)

    @property
    def unchanged(self) -> bool:
        return all(p.status == "same" for p in self.pairs)


def structure_class(eid: str) -> str:
    """Where a paragraph stands, without numbers: ``sec_II__para_3`` -> ``sec/para``,
    ``para_6__list_1__point_a`` -> ``para/point`` (lists are implied by points)."""
    parts = [_NUMBERED_PART.sub("", part) for part in eid.split("__")]
    return "/".join(p for p in parts if p != "list")


def body_text(p: Paragraph) -> str:
    """The words of a paragraph without its own label ("(a) " of a subparagraph)."""
    text = " ".join(p.text.split())
    if p.kind == "point":
        text = _POINT_LABEL.sub("", text, count=1)
    return text


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _key(tok: str) -> str:
    return tok.strip()


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Words of ``old`` and ``new`` as equal, deleted and inserted runs (a minimal diff
    by longest common subsequence of words; a replacement reads deletion then insertion)."""
    a, b = tokens(old), tokens(new)
    return _token_diff(a, b, [t.strip() for t in a], [t.strip() for t in b])


def _token_diff(a: Sequence[str], b: Sequence[str], ka: Sequence[object], kb: Sequence[object]) -> tuple[Segment, ...]:
    """:func:`word_diff` of two token lists, compared by their keys ``ka`` and ``kb``
    (the words without their spaces, or any one-to-one coding of them)."""
    segments: list[Segment] = []
    pending_del: list[str] = []
    pending_ins: list[str] = []

    def flush() -> None:
        if pending_del:
            segments.append(Segment("delete", "".join(pending_del)))
        if pending_ins:
            segments.append(Segment("insert", "".join(pending_ins)))
        pending_del.clear()
        pending_ins.clear()

    for op in Indel.opcodes(ka, kb):
        if op.tag == "equal":
            flush()
            segments.append(Segment("equal", "".join(b[op.dest_start : op.dest_end])))
        else:
            deleted = a[op.src_start : op.src_end]
            if deleted and not pending_del and segments and not segments[-1].words[-1:].isspace():
                # the new text's word before has lost the space the old one had before these
                before = a[op.src_start - 1] if op.src_start else ""
                if before[-1:].isspace():
                    pending_del.append(before[len(before.rstrip()) :])
            pending_del.extend(deleted)
            pending_ins.extend(b[op.dest_start : op.dest_end])
    flush()
    return tuple(segments)


def similarity(old: str, new: str) -> float:
    return float(Indel.normalized_similarity([_key(t) for t in tokens(old)], [_key(t) for t in tokens(new)]))


def _units(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    return [p for p in paragraphs if p.kind not in SKIPPED_KINDS]


def _texts(paragraphs: list[Paragraph]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Each paragraph's ``body_text`` and its ``tokens``."""
    words = [_words(p) for p in paragraphs]
    return [text for text, _ in words], [ts for _, ts in words]


@lru_cache(maxsize=4096)
def _words(p: Paragraph) -> tuple[str, tuple[str, ...]]:
    """``body_text`` and its ``tokens``, remembered: the texts of a series are compared
    in pairs, each with the one before and the one after it."""
    text = body_text(p)
    return text, tuple(tokens(text))


def compare(old_paragraphs: Sequence[Paragraph], new_paragraphs: Sequence[Paragraph]) -> Comparison:
    """Align two texts' paragraphs (``Rendered.paragraphs``) and diff the words of each pair."""
    old, new = _units(old_paragraphs), _units(new_paragraphs)
    old_text, old_tokens = _texts(old)
    new_text, new_tokens = _texts(new)
    # words as small integers: RapidFuzz compares integer lists without hashing strings
    vocabulary: dict[str, int] = {}
    old_words = [[vocabulary.setdefault(t.strip(), len(vocabulary)) for t in ts] for ts in old_tokens]
    new_words = [[vocabulary.setdefault(t.strip(), len(vocabulary)) for t in ts] for ts in new_tokens]
    match: dict[int, int] = {}  # new index -> old index
    score: dict[int, float] = {}
    # each paragraph's class once; the indices of each class in order
    by_class_old: dict[str, list[int]] = {}
    by_class_new: dict[str, list[int]] = {}
    for i, p in enumerate(old):
        by_class_old.setdefault(structure_class(p.eid), []).append(i)
    for j, p in enumerate(new):
        by_class_new.setdefault(structure_class(p.eid), []).append(j)
    for cls in sorted(by_class_old.keys() | by_class_new.keys()):
        olds = by_class_old.get(cls, [])
        news = by_class_new.get(cls, [])
        # 1. the same words, in order
        free: dict[tuple[int, ...], list[int]] = {}
        for i in olds:
            free.setdefault(tuple(old_words[i]), []).append(i)
        for j in news:
            same = free.get(tuple(new_words[j]))
            if same:
                match[j] = same.pop(0)
                score[j] = 1.0
        # 2. the most similar of the rest, best first; ties by nearness of position
        used = set(match.values())
        left_old = [i for i in olds if i not in used]
        left_new = [j for j in news if j not in match]
        candidates: list[tuple[float, float, int, int]] = []
        for j in left_new:
            for i in left_old:
                # below the cutoff RapidFuzz stops early (length bound first) and returns 0
                s = float(Indel.normalized_similarity(old_words[i], new_words[j], score_cutoff=MIN_SIMILARITY))
                if s >= MIN_SIMILARITY:
                    place = abs(i / max(len(old), 1) - j / max(len(new), 1))
                    candidates.append((-s, place, i, j))
        taken_old: set[int] = set()
        for neg, _, i, j in sorted(candidates):
            if i not in taken_old and j not in match:
                match[j] = i
                score[j] = -neg
                taken_old.add(i)
    in_order = _longest_in_order(match)
    rows: list[Pair] = []
    paired_old = set(match.values())
    next_old = 0

    def removed_before(limit: int) -> None:
        nonlocal next_old
        while next_old < limit:
            if next_old not in paired_old:
                p = old[next_old]
                rows.append(Pair(p, None, (Segment("delete", old_text[next_old]),), similarity=0.0))
            next_old += 1

    for j, p in enumerate(new):
        if j not in match:
            rows.append(Pair(None, p, (Segment("insert", new_text[j]),), similarity=0.0))
            continue
        i = match[j]
        moved = j not in in_order
        if not moved:
            removed_before(i)
            next_old = max(next_old, i + 1)
        diff = _token_diff(old_tokens[i], new_tokens[j], old_words[i], new_words[j])
        rows.append(Pair(old[i], p, diff, moved=moved, similarity=score[j]))
    removed_before(len(old))
    return Comparison(tuple(rows))


def _longest_in_order(match: dict[int, int]) -> set[int]:
    """The new indices of the largest set of pairs whose old and new orders agree
    (a longest increasing subsequence, the earliest such run on ties)."""
    pairs = sorted((i, j) for j, i in match.items())
    tails: list[int] = []  # smallest new index ending a run of each length
    tail_at: list[int] = []  # the position in ``pairs`` of that tail
    parent: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[at] = j
            tail_at[at] = k
        parent[k] = tail_at[at - 1] if at > 0 else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(pairs[k][1])
        k = parent[k]
    return keep
