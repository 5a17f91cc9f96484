"""A resolution's Akoma Ntoso XML, from its tokens or parsed anew."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.config import SiteConfig
from site_builder.exports.akn.builder import Builder
from site_builder.exports.akn.xml import indent
from site_builder.markdown import make_parser
from site_builder.model import Resolution


def akn_from_tokens(resolution: Resolution, config: SiteConfig, tokens: Sequence[Token]) -> str:
    """The XML from the token stream of ``make_parser`` (rendered or not: tokens are
    only read). Citation links point at the official document whatever their ``href``."""
    root = Builder(resolution, config, tokens).build()
    indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def akn_document(resolution: Resolution, config: SiteConfig, md: MarkdownIt | None = None) -> str:
    """The resolution as an Akoma Ntoso 3.0 document (UTF-8 XML text), parsed anew."""
    md = md or make_parser(config)
    env: dict[str, Any] = {
        "speaker": resolution.body,
        "line_offset": resolution.text_line - 1,
        "document_url": config.document_url,
        "problems": [],
        "citations": [],
    }
    return akn_from_tokens(resolution, config, md.parse(resolution.text, env))
