"""markdown-it's HTML renderer with its busiest paths made cheaper, same output.

A resolution's tokens are mostly text and plain tags (``<p id=...>``, ``<em>``,
``<a href=...>``). :class:`RendererHTML` calls a rule for each text token and goes
through :meth:`~RendererHTML.renderToken` (and its attribute helper) for each
tag; here the text and inline HTML rules are inlined when they are markdown-it's own, and
``renderToken`` does the same work in fewer steps. Every other rule is used as
registered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_DEFAULT_TEXT = RendererHTML.text
_DEFAULT_HTML_INLINE = RendererHTML.html_inline


class FastRenderer(RendererHTML):
    """:class:`RendererHTML` with ``render``, ``renderInline`` and ``renderToken``
    rewritten for speed; the HTML is the same byte for byte."""

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        out: list[str] = []
        append = out.append
        rules = self.rules
        inline = self._inline
        plain = _plain_rules(rules)
        for i, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                if token.children:
                    append(inline(token.children, options, env, plain))
            elif kind in rules:
                append(rules[kind](tokens, i, options, env))
            else:
                append(self.renderToken(tokens, i, options, env))
        return "".join(out)

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        return self._inline(tokens, options, env, _plain_rules(self.rules))

    def _inline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType, plain: tuple[bool, bool]) -> str:
        """``renderInline``; ``plain``: whether the text and html_inline rules are markdown-it's own."""
        out: list[str] = []
        append = out.append
        rules = self.rules
        plain_text, plain_html = plain
        for i, token in enumerate(tokens):
            kind = token.type
            if kind == "text" and plain_text:
                append(escape(token.content))
            elif kind == "html_inline" and plain_html:
                append(token.content)
            elif kind in rules:
                append(rules[kind](tokens, i, options, env))
            elif not token.block and token.nesting and not token.hidden:
                # an inline tag (<em>, <a href=...>): no line breaks, never self-closing
                if token.attrs:
                    append(("</" if token.nesting == -1 else "<") + token.tag + _attrs(token) + ">")
                else:
                    append(("</" if token.nesting == -1 else "<") + token.tag + ">")
            else:
                append(self.renderToken(tokens, i, options, env))
        return "".join(out)

    def renderToken(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if token.hidden:
            return ""
        nesting = token.nesting
        block = token.block
        # a newline between a hidden paragraph and the block-level tag opening after it
        result = "\n<" if block and nesting != -1 and idx and tokens[idx - 1].hidden else "<"
        if nesting == -1:
            result += "/"
        result += token.tag
        if token.attrs:
            result += _attrs(token)
        if nesting == 0 and options["xhtmlOut"]:
            result += " /"
        if not block:
            return result + ">"
        if nesting == 1 and idx + 1 < len(tokens):
            following = tokens[idx + 1]
            if (
                following.type == "inline"
                or following.hidden
                or (following.nesting == -1 and following.tag == token.tag)
            ):
                return result + ">"
        return result + ">\n"


def escape(text: str) -> str:
    """``escapeHtml(text)``: its four replacements only where one has something to
    replace (most text of a resolution has no ``&<>"``)."""
    if "&" in text or "<" in text or ">" in text or '"' in text:
        return escapeHtml(text)
    return text


def _plain_rules(rules: dict[str, Any]) -> tuple[bool, bool]:
    """Whether the text and the html_inline rules are markdown-it's own."""
    return _is_default(rules, "text", _DEFAULT_TEXT), _is_default(rules, "html_inline", _DEFAULT_HTML_INLINE)


def _is_default(rules: dict[str, Any], name: str, default: Any) -> bool:
    """Whether the rule for ``name`` is markdown-it's own (no plugin replaced it)."""
    rule = rules.get(name)
    return rule is not None and getattr(rule, "__func__", None) is default


def _attrs(token: Token) -> str:
    """``RendererHTML.renderAttrs``: ` key="value"` each, both escaped."""
    result = ""
    for key, value in token.attrs.items():
        name = _NAMES.get(key)
        if name is None:
            name = _NAMES[key] = escapeHtml(key)
        result += " " + name + '="' + escape(str(value)) + '"'
    return result


#: attribute names as escaped, remembered: a page has only a handful
_NAMES: dict[str, str] = {}
