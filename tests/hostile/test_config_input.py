"""Hostile site.yaml: body keys that would become paths or replace the site's own
pages, URL settings that are not web addresses, format patterns that would crash."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.urls import SITE_NAMES
from tests.conftest import CliResult, resolution, write_site
from tests.hostile.treecheck import output, outside_output

GOOD = resolution()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good site, built once; each test breaks a copy of it."""
    site = write_site(tmp_path_factory.mktemp("built") / "site", {"content/a.md": GOOD})
    build_site(site)
    return site


@pytest.fixture
def broken_config(tmp_path: Path, built: Path, cli: Callable[..., CliResult]) -> Callable[..., str]:
    def run(site_yaml: str, content: str = GOOD) -> str:
        return _broken_config(tmp_path, built, cli, site_yaml, content)

    return run


def _broken_config(tmp_path: Path, built: Path, cli: Callable[..., CliResult], site_yaml: str, content: str) -> str:
    """Break site.yaml (and maybe a content file) of a built site: the build fails with
    exit 1, leaves the previous output and writes nothing anywhere else. Returns stderr."""
    site = tmp_path / "deep" / "er" / "site"
    shutil.copytree(built, site, symlinks=True)
    before_out = output(site)
    assert before_out
    (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
    (site / "content/a.md").write_text(content, encoding="utf-8")
    before = outside_output(tmp_path, site)
    result = cli("build", "--site", str(site))
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert output(site) == before_out
    assert outside_output(tmp_path, site) == before
    return result.err


NEW_BODY = "    name: Escaped Body\n    numbering: session\n    resolution_symbol: X/RES/{number}\n"


@pytest.mark.parametrize("key", ["../../escaped", "a/b", "Ga", "ga.x", "-x", "x y", "9x", ""])
def test_a_body_key_outside_the_pattern_is_refused(broken_config: Callable[..., str], key: str) -> None:
    content = GOOD.replace("body: ga", f'body: "{key}"')
    err = broken_config(f'title: T\nbodies:\n  "{key}":\n{NEW_BODY}', content)
    assert f'site.yaml:3: bodies: the key "{key}" is not a body key: lower-case letters, digits' in err


@pytest.mark.parametrize("key", [n for n in SITE_NAMES if "." not in n])
def test_a_body_key_naming_the_sites_own_pages_is_refused(broken_config: Callable[..., str], key: str) -> None:
    content = GOOD.replace("body: ga", f"body: {key}")
    err = broken_config(f"title: T\nbodies:\n  {key}:\n{NEW_BODY}", content)
    assert f"site.yaml:3: bodies: the key '{key}' is the name of the site's own {key}/ pages" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://undocs.org/{symbol}/{}", "document_url: an empty {}: name the field, {symbol}"),
        ("https://undocs.org/{symbol}/{", "document_url: Single '{' encountered in format string"),
        ("https://undocs.org/{symbol}}", "document_url: Single '}' encountered in format string"),
        ("https://undocs.org/{symbol}/{sym}", "document_url: unknown field {sym}; the only field is {symbol}"),
        ("https://undocs.org/{symbol}/{symbol.__class__}", "document_url: unknown field {symbol.__class__}"),
        ("https://undocs.org/{symbol}/{symbol!r}", "document_url: unknown field {symbol!r}"),
        ("javascript:alert(1)//{symbol}", "document_url: expected an http:// or https:// URL with a host"),
        ("https://undocs.org/ {symbol}", "document_url: expected an http(s) URL without spaces"),
        ("//undocs.org/{symbol}", "document_url: expected an http:// or https:// URL with a host"),
    ],
)
def test_document_url_is_checked(broken_config: Callable[..., str], value: str, message: str) -> None:
    err = broken_config(f"title: T\ndocument_url: '{value}'\n")
    assert f"site.yaml:2: {message}" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("http://", "base_url: expected an http:// or https:// URL with a host"),
        ("https://example.org/my site/", "base_url: expected an http(s) URL without spaces"),
        ("javascript:alert(1)", "base_url: expected an http:// or https:// URL with a host"),
        ("ftp://example.org/", "base_url: expected an http:// or https:// URL with a host"),
    ],
)
def test_base_url_is_checked(broken_config: Callable[..., str], value: str, message: str) -> None:
    err = broken_config(f"title: T\nbase_url: '{value}'\n")
    assert f"site.yaml:2: {message}" in err


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("resolution_symbol", "A/RES/{number}/{num}", "unknown field {num}; the only field is {number}"),
        ("resolution_symbol", "A/RES/{number}{}", "an empty {}: name the field, {number}"),
        ("resolution_symbol", "A/RES/{number}{", "Single '{' encountered in format string"),
        ("decision_symbol", "A/DEC/{number}/{symbol}", "unknown field {symbol}; the only field is {number}"),
    ],
)
def test_symbol_patterns_are_checked(broken_config: Callable[..., str], field: str, value: str, message: str) -> None:
    err = broken_config(f"title: T\nbodies:\n  ga:\n    {field}: '{value}'\n")
    assert f"site.yaml:4: bodies.ga.{field}: {message}" in err


def test_good_urls_and_patterns_still_build(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/a.md": GOOD,
            "site.yaml": "title: T\nbase_url: https://example.org/res\n"
            "document_url: 'https://documents.example.org/{{x}}/{symbol}'\n"
            "bodies:\n  ga-plenary:\n    name: Plenary\n    numbering: session\n"
            "    resolution_symbol: 'P/RES/{number}'\n",
        },
    )
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
