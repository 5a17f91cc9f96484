"""The fast path's inline level: markdown-it's ParserInline (and the footnote
plugin's ``footnote_ref``) on each inline token, for the subset's inline syntax."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from site_builder.markdown.accel.common import (
    _ESCAPABLE,
    _INLINE_SPECIAL,
    _INLINE_SPECIAL_UNTOUCHED,
    _REF,
    _flanking,
    _Refused,
    _token,
)


class InlineScanner:
    """The inline methods of the fast path's parser (``blocks._Parser``)."""

    tokens: list[Token]
    footnotes: dict[str, Any]
    footnotes_touched: bool

    def inline_all(self) -> None:
        for token in self.tokens:
            if token.type == "inline":
                token.children = self.inline(token.content)

    def inline(self, src: str) -> list[Token]:
        out: list[Token] = []
        pending: list[str] = []
        delims: list[tuple[int, bool, bool]] = []
        pos = 0
        end = len(src)
        search = (_INLINE_SPECIAL if self.footnotes_touched else _INLINE_SPECIAL_UNTOUCHED).search
        while pos < end:
            found = search(src, pos)
            if found is None:
                pending.append(src[pos:])
                break
            at = found.start()
            if at > pos:
                pending.append(src[pos:at])
            ch = src[at]
            if ch == "\n":
                text = "".join(pending)
                if text.endswith(" "):
                    if text.endswith("  "):
                        text = text.rstrip(" ")
                        kind = "hardbreak"
                    else:
                        text = text[:-1]
                        kind = "softbreak"
                else:
                    kind = "softbreak"
                if text:
                    out.append(_token("text", "", 0, 0, text))
                pending = []
                out.append(_token(kind, "br", 0, 0))
                pos = at + 1
                while pos < end and src[pos] == " ":
                    pos += 1
            elif ch == "\\":
                if at + 1 >= end:
                    pending.append("\\")
                    pos = at + 1
                    continue
                nxt = src[at + 1]
                if pending:
                    out.append(_token("text", "", 0, 0, "".join(pending)))
                    pending = []
                if nxt == "\n":
                    out.append(_token("hardbreak", "br", 0, 0))
                    pos = at + 2
                    while pos < end and src[pos] == " ":
                        pos += 1
                    continue
                orig = "\\" + nxt
                token = _token("text_special", "", 0, 0, nxt if nxt in _ESCAPABLE else orig)
                token.markup = orig
                token.info = "escape"
                out.append(token)
                pos = at + 2
            elif ch == "*":
                if at + 1 < end and src[at + 1] == "*":
                    raise _Refused("** run")
                last = src[at - 1] if at > 0 else " "
                following = src[at + 1] if at + 1 < end else " "
                can_open, can_close = _flanking(last, following)
                if can_open == can_close:
                    raise _Refused("a * that both opens and closes, or neither")
                if pending:
                    out.append(_token("text", "", 0, 0, "".join(pending)))
                    pending = []
                delims.append((len(out), can_open, can_close))
                out.append(_token("text", "", 0, 0, "*"))
                pos = at + 1
            elif ch == "[":
                ref = _REF.match(src, at)
                if ref is None or (ref.end() < end and src[ref.end()] == "("):
                    raise _Refused("a bracket that is not a footnote mark")
                label = ref.group(1)
                if pending:
                    out.append(_token("text", "", 0, 0, "".join(pending)))
                    pending = []
                token = _token("footnote_ref", "", 0, 0)
                token.meta = self.mark(label)
                out.append(token)
                pos = ref.end()
            elif ch == "]":
                raise _Refused("a stray ]")
            else:  # no rule takes it: text; but footnote_ref was tried there
                if at + 3 <= end:
                    self.footnotes_touched = True
                    search = _INLINE_SPECIAL.search
                pending.append(ch)
                pos = at + 1
        if pending:
            out.append(_token("text", "", 0, 0, "".join(pending)))
        if delims:
            self.emphasis(out, delims)
        return out

    def mark(self, label: str) -> dict[str, Any]:
        """footnote_ref's bookkeeping: ids in order of first mark, counts per label."""
        self.footnotes_touched = True
        refs: dict[str, int] = self.footnotes["refs"]
        notes: dict[int, dict[str, Any]] = self.footnotes["list"]
        key = ":" + label
        note_id = refs.get(key, -1)
        if note_id < 0:
            note_id = len(notes)
            notes[note_id] = {"label": label, "count": 0}
            refs[key] = note_id
        sub_id = notes[note_id]["count"]
        notes[note_id]["count"] += 1
        return {"id": note_id, "subId": sub_id, "label": label}

    @staticmethod
    def emphasis(out: list[Token], delims: list[tuple[int, bool, bool]]) -> None:
        """balance_pairs + emphasis + fragments_join, for openers and closers in turn."""
        if len(delims) % 2:
            raise _Refused("unclosed emphasis")
        for k in range(0, len(delims), 2):
            if not delims[k][1] or not delims[k + 1][2]:
                raise _Refused("emphasis out of turn")
        for k in range(0, len(delims), 2):
            opener = out[delims[k][0]]
            opener.type, opener.tag, opener.nesting, opener.markup, opener.content = "em_open", "em", 1, "*", ""
            closer = out[delims[k + 1][0]]
            closer.type, closer.tag, closer.nesting, closer.markup, closer.content = "em_close", "em", -1, "*", ""
            for i in range(delims[k][0] + 1, delims[k + 1][0]):
                out[i].level = 1
