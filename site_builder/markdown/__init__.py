"""Markdown to HTML for one resolution: a pure function returning a record.

The parser is CommonMark with raw HTML off (a source's ``<b>`` shows as text),
plus our plugins, each a module of its own: footnotes, structure (anchors),
citations. Nothing here knows about templates or the output folder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.citations import CitedDocument, Recogniser
from site_builder.config import SiteConfig
from site_builder.markdown.accel import tokenize
from site_builder.markdown.citations import citations_plugin
from site_builder.markdown.footnotes import footnotes_plugin
from site_builder.markdown.render import FastRenderer
from site_builder.markdown.structure import structure_plugin
from site_builder.model import Citation, Paragraph, Rendered, Resolution

#: (cited document) -> (href, internal); see site_builder.links
Resolver = Callable[[CitedDocument], tuple[str, bool]]


#: CommonMark rules the content format has no use for (docs/content-format.md), switched
#: off because every rule left on is tried at every line or mark: indented and fenced
#: code, thematic breaks, setext headings, link reference definitions, images and
#: autolinks. Raw HTML is off already (``html: False``: shown as text); its rules go too.
#: What stays: paragraphs, ATX headings, lists, block quotes, emphasis, code spans,
#: inline links, backslash escapes, entities, line breaks, and the footnotes plugin.
DISABLED_BLOCK_RULES = ("code", "fence", "hr", "lheading", "reference", "html_block")
DISABLED_INLINE_RULES = ("image", "autolink", "html_inline")


def make_parser(config: SiteConfig) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}, renderer_cls=FastRenderer)
    md.disable([*DISABLED_BLOCK_RULES, *DISABLED_INLINE_RULES])
    md.use(footnotes_plugin)
    md.use(structure_plugin, body_names={key: body.name for key, body in config.bodies.items()})
    md.use(citations_plugin, recogniser=Recogniser(config.bodies, config.bare_numbers))
    return md


def render_tokens(
    md: MarkdownIt,
    resolution: Resolution,
    *,
    resolve: Resolver | None = None,
    document_url: str = "https://undocs.org/{symbol}",
    doc_id: str | None = None,
    fast: bool = True,
) -> tuple[Rendered, list[Token]]:
    """The resolution's HTML, anchors, footnotes, citations and problems, and the
    tokens they were rendered from (what each part is in ``token.meta``: see
    ``markdown/structure.py``), for the exports that follow (``exports/akn``).

    ``fast``: tokenize with the fast path (``markdown/accel/``) when the text is in
    its subset; the tokens are the same as markdown-it's. ``False`` always uses
    markdown-it."""
    env: dict[str, Any] = {
        "speaker": resolution.body,
        "line_offset": resolution.text_line - 1,
        "document_url": document_url,
        "problems": [],
        "citations": [],
    }
    if resolve is not None:
        env["resolve_citation"] = resolve
    if doc_id:
        env["docId"] = doc_id
    tokens = tokenize(md, resolution.text, env) if fast else md.parse(resolution.text, env)
    split = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
    html = md.renderer.render(tokens[:split], md.options, env)
    footnotes_html = md.renderer.render(tokens[split:], md.options, env) if split < len(tokens) else ""
    labels = tuple(
        str(note.get("label")) for note in env.get("footnotes", {}).get("list", {}).values() if "label" in note
    )
    offset = resolution.text_line
    problems = tuple(
        (line + offset if line_is_relative else line, message, is_error)
        for line, message, is_error, line_is_relative in _normalise_problems(env["problems"])
    )
    paragraphs: list[Paragraph] = env.get("paragraphs", [])
    citations: list[Citation] = env.get("citations", [])
    rendered = Rendered(
        html=html,
        footnotes_html=footnotes_html,
        paragraphs=tuple(paragraphs),
        footnote_labels=labels,
        citations=tuple(citations),
        problems=problems,
    )
    return rendered, tokens


def render_markdown(
    md: MarkdownIt,
    resolution: Resolution,
    *,
    resolve: Resolver | None = None,
    document_url: str = "https://undocs.org/{symbol}",
    doc_id: str | None = None,
    fast: bool = True,
) -> Rendered:
    """:func:`render_tokens` without the tokens."""
    return render_tokens(md, resolution, resolve=resolve, document_url=document_url, doc_id=doc_id, fast=fast)[0]


def _normalise_problems(raw: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool, bool]]:
    # footnote checks give 0-based lines within the text; structure gives file lines
    out = []
    for line, message, is_error in raw:
        relative = message.startswith("footnote")
        out.append((line, message, is_error, relative))
    return out
