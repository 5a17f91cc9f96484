"""How pages are written: what a template prints, and what a page depends on."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from site_builder.build import load_site
from site_builder.diagnostics import Reporter
from site_builder.series.site import with_series
from site_builder.site.pages import page_list
from site_builder.site.templates import make_environment, render_template

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("source", "value", "printed"),
    [
        ("{{ v }}", "<a href='x'>&\"</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"),
        ("{{ v }}", Markup("<b>bold</b>"), "<b>bold</b>"),
        ("{{ v }}", 42, "42"),
        ("{{ v }}", 2.5, "2.5"),
        ("{{ v }}", None, "None"),
        ("{{ v }}", True, "True"),
        ("{{ v }}", ["<x>"], "[&#39;&lt;x&gt;&#39;]"),
        ('{{ "s" if v != 1 }}.', 1, "."),
        ('{{ "s" if v != 1 }}.', 2, "s."),
        ("{{ '<a>' if v else 'b&c' }}|{{ 'b&c' if not v else '<a>' }}", 1, "&lt;a&gt;|&lt;a&gt;"),
        ("{{ '<a>' if v else 'b&c' }}", 0, "b&amp;c"),
        ("{{ 'x' if ('y' if v) else 'z' }}", 0, "z"),
        ("{{ ('x' if v) | length }}", 0, "0"),
        ("{% autoescape false %}{{ '<i>' if v }}{% endautoescape %}", 1, "<i>"),
        ("{{ v ~ '<' }}", "&", "&amp;&lt;"),
        ("{% autoescape false %}{{ v }}{% endautoescape %}", "<i>", "<i>"),
    ],
)
def test_a_template_prints_values_escaped(tmp_path: Path, source: str, value: object, printed: str) -> None:
    (tmp_path / "t.html").write_text(source, encoding="utf-8")
    env = make_environment(tmp_path)
    assert render_template(env, "t.html", {"v": value}, tmp_path) == printed


def test_an_undefined_value_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("{{ missing }}", encoding="utf-8")
    env = make_environment(tmp_path)
    with pytest.raises(Exception, match="missing"):
        render_template(env, "t.html", {}, tmp_path)
    assert issubclass(env.undefined, jinja2.StrictUndefined)


def test_the_shipped_pages_do_not_read_other_texts() -> None:
    """A page made by the shipped templates shows no resolution's text but its own
    (given as its rendered HTML), so an edit of another resolution's text leaves it alone;
    a site template printing a whole resolution reads everything."""
    site = load_site(REPO, Reporter())
    env = make_environment(site.config.templates_dir)
    pages = list(with_series(site, page_list(site)))
    assert {p.template for p in pages} >= {"resolution.html", "home.html", "citations.html", "body.html"}
    for page in pages:
        env.read_text = False
        render_template(env, page.template, page.context(), site.config.templates_dir)
        assert not env.read_text, page.rel
    env.read_text = False
    env.from_string("{{ r }}").render(r=site.resolutions[0])
    assert env.read_text
