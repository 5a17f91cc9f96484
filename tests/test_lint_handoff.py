"""The drafting checks of a build read what the render stage's parse found
(``lint.document.from_tokens``): the same as their own parse of the text."""

from __future__ import annotations

from pathlib import Path

from site_builder.build import load_site
from site_builder.diagnostics import Reporter
from site_builder.lint.document import from_tokens, read
from site_builder.markdown import make_parser, render_tokens
from site_builder.urls import page_dir

ROOT = Path(__file__).resolve().parent.parent


def test_the_render_stage_hands_lint_what_its_own_parse_finds() -> None:
    site = load_site(ROOT, Reporter())  # the bundled example site
    assert len(site.resolutions) >= 4
    md = make_parser(site.config)
    seen = {"marks": 0, "notes": 0, "citations": 0, "openings": 0}
    for r in site.resolutions:
        resolve = site.index.resolver(site.config, page_dir(r))
        rendered, tokens = render_tokens(md, r, resolve=resolve, document_url=site.config.document_url)
        handed = from_tokens(r, tokens, rendered.paragraphs, rendered.citations)
        own = read(md, r)
        assert handed.paragraphs == own.paragraphs, r.path
        assert handed.marks == own.marks and handed.notes == own.notes, r.path
        # the render stage resolves links (internal or not); the checks never read that
        assert [c._replace(internal=False) for c in handed.citations] == list(own.citations), r.path
        seen["marks"] += len(own.marks)
        seen["notes"] += len(own.notes)
        seen["citations"] += len(own.citations)
        seen["openings"] += sum(1 for p in own.paragraphs if p.opening)
    assert all(seen.values()), seen  # the example site has something of each to compare
