"""The render rules of the structure rule's tokens: the only HTML of a resolution's
shape. The structure rule (``markdown/structure.py``) says what each part is in
``token.meta``; these rules say how it looks.

- ``para_num``: the number as printed (``meta["num"]``), in ``<span class="num">``;
- ``permalink``: the ``¶`` link to the paragraph (``meta["eid"]``), named for screen
  readers by its kind and number (``meta["label"]``);
- ``draft_open``: the ``<figure>`` of an embedded draft and its caption.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from site_builder.markdown.render import escape


def structure_html_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("para_num", _para_num)
    md.add_render_rule("permalink", _permalink)
    md.add_render_rule("draft_open", _draft_open)


def _para_num(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return f'<span class="num">{escape(str(tokens[idx].meta["num"]))}</span> '


def _permalink(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    meta = tokens[idx].meta
    label = escape(str(meta["label"]))
    return f' <a class="permalink" href="#{meta["eid"]}" aria-label="Link to this {label}">¶</a>'


def _draft_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    tag: str = self.renderToken(tokens, idx, options, env)  # type: ignore[attr-defined]
    return tag + '<figcaption class="draft-caption">Draft resolution</figcaption>\n'
