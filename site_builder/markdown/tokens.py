"""Making tokens cheaply: a page makes a few hundred.

``new_token(...)`` is ``Token(type_, tag, nesting, level=level, content=content,
block=block)`` without the dataclass machinery (its ``__init__`` with keyword
defaults and ``__post_init__``): about a third of the time, the same token. The
fast tokenizer (``markdown/accel``), the structure rule and the citations rule make
theirs with it.
"""

from __future__ import annotations

from typing import Any, Literal

from markdown_it.token import Token

_new = Token.__new__


def new_token(
    type_: str, tag: str, nesting: Literal[-1, 0, 1], level: int = 0, content: str = "", block: bool = False
) -> Token:
    """A token with every field at its default but the ones given."""
    token = _new(Token)
    token.type = type_
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = level
    token.children = None
    token.content = content
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


def meta_token(type_: str, meta: dict[Any, Any]) -> Token:
    """``Token(type_, "", 0, meta=meta)``: an inline token that says what it is in ``meta``."""
    token = new_token(type_, "", 0)
    token.meta = meta
    return token
