"""The fast path's shared pieces: what it refuses, how it makes tokens, and
markdown-it's line and delimiter conventions it follows."""

from __future__ import annotations

import re

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

from site_builder.markdown.tokens import new_token

#: characters outside the subset anywhere in the text (tabs, CR, NUL, other controls too)
_REFUSED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f_`<&!|]")
#: where the inline scanner has something to do; everything else is plain text
_INLINE_SPECIAL = re.compile(r"[\n\\*\[\]]")
#: the same, and the other characters where markdown-it's inline rules are tried: the
#: footnote plugin's ``footnote_ref`` rule creates ``env["footnotes"]`` when it is tried
#: three or more characters before the end, whatever it finds there
_INLINE_SPECIAL_UNTOUCHED = re.compile(r"[\n\\*\[\]#$%+\-:=>@^{}~]")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?= |$)")
#: a line that could start a block when it follows a paragraph line (or be a setext
#: underline / thematic break): refused rather than modelled
_BLOCKISH = re.compile(r"[>#=+\-]|\[\^|\*(?: |$)|\d+[.)](?: |$)")
_LABEL = re.compile(r"[A-Za-z0-9.\-]+")
_REF = re.compile(r"\[\^([A-Za-z0-9.\-]+)\]")
#: markdown-it's escape rule: these characters lose their backslash
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_token = new_token  # the fast path makes every token of a page: see ``markdown/tokens``


class _Refused(Exception):
    """The text leaves the subset: use markdown-it."""


def _lines(src: str) -> list[str]:
    """Lines as markdown-it's StateBlock sees them (no tabs here)."""
    lines = src.split("\n")
    if src.endswith("\n"):
        lines.pop()
    elif lines and lines[-1].strip(" ") == "":
        lines.pop()  # a last line of only spaces with no newline gets no marker
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_FLANKING: dict[tuple[str, str], tuple[bool, bool]] = {}


def _flanking(last: str, following: str) -> tuple[bool, bool]:
    """StateInline.scanDelims for one ``*`` (which may split words): (can open, can close)."""
    key = (last, following)
    known = _FLANKING.get(key)
    if known is None:
        known = _FLANKING[key] = _scan_flanking(last, following)
        if len(_FLANKING) > 4096:
            _FLANKING.clear()
    return known


def _scan_flanking(last: str, following: str) -> tuple[bool, bool]:
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
    last_space = isWhiteSpace(ord(last))
    next_space = isWhiteSpace(ord(following))
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    return left, right
