"""A build holds only what it needs while it runs: what it drops or hands over early
changes nothing a user sees (files, warnings)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import site_builder.build as build
from bench.corpus import generate
from site_builder import lint
from site_builder.build import build_site, load_site, parallel, scan
from site_builder.diagnostics import Reporter
from site_builder.exports.catalogue import catalogue, catalogue_json
from site_builder.lint import RULES, run_files


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _with_findings(n: int, seed: int) -> dict[str, str]:
    """A generated site whose first file has a preambular paragraph that does not end
    with a comma (a punctuation finding)."""
    files = generate(n, seed)
    first = sorted(files)[0]
    files[first] = files[first].replace(",\n\n*", ";\n\n*", 1)
    return files


def test_content_read_again_after_the_scan_keeps_its_budget_builds_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _with_findings(12, 4)
    _write(tmp_path / "kept", files)
    _write(tmp_path / "read-again", files)
    kept = build_site(tmp_path / "kept", incremental=False)
    monkeypatch.setattr(scan, "KEEP_BYTES", 0)  # no file's bytes kept: the load reads each again
    again = build_site(tmp_path / "read-again", incremental=False)
    assert kept.diagnostics == again.diagnostics
    assert any(d.message.startswith("punctuation:") for d in kept.diagnostics)
    expected = _tree(tmp_path / "kept" / "build")
    assert len(expected) > 12
    assert _tree(tmp_path / "read-again" / "build") == expected


def test_content_changed_between_the_scan_and_the_load_is_built_from_its_new_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose bytes the scan hashed but did not keep is read again by the load:
    when it was changed in between, the site shows the new text, never the last build's
    rendering under the hash of older bytes."""
    files = generate(6, 2)
    _write(tmp_path, files)
    build_site(tmp_path)
    rel = sorted(files)[2]
    path = tmp_path / rel
    os.utime(path, ns=(1, 1))  # the same bytes, other times: the scan hashes the file again
    other = tmp_path / sorted(files)[4]  # and a real edit elsewhere, so that the build runs
    other.write_text(other.read_text(encoding="utf-8").replace("*,", "*, as amended,", 1), encoding="utf-8")
    scan_files = build.scan_files

    def edited_after_the_scan(*args: object, **kwargs: object) -> scan.Scan:
        found = scan_files(*args, **kwargs)  # type: ignore[arg-type]
        text = path.read_text(encoding="utf-8")
        assert "*The General Assembly*," in text
        edited = text.replace("*The General Assembly*,", "*The General Assembly*, Brand-new opening words,", 1)
        path.write_text(edited, encoding="utf-8")
        return found

    monkeypatch.setattr(scan, "KEEP_BYTES", 0)  # no file's bytes kept: the load reads each again
    monkeypatch.setattr(build, "scan_files", edited_after_the_scan)
    build_site(tmp_path)
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "build").rglob("index.html")]
    assert any("Brand-new opening words" in page for page in pages)


def test_the_render_workers_find_what_the_drafting_checks_find_on_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, _with_findings(20, 6))
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # the render stage forks workers even for 20 files
    monkeypatch.setenv("SITE_BUILDER_JOBS", "2")
    built = build_site(tmp_path, write=False, incremental=False)
    found = {d for d in built.diagnostics if d.message.split(":", 1)[0] in RULES}
    site = load_site(tmp_path, Reporter())
    lint.forget()  # the checks parse every text themselves
    own, _ = run_files(site.config, site.resolutions, {})
    expected = set(own.diagnostics())
    assert "punctuation" in {d.message.split(":", 1)[0] for d in expected}
    assert found == expected


def test_the_catalogue_written_part_by_part_is_json_dumps_of_the_whole(tmp_path: Path) -> None:
    _write(tmp_path, generate(10, 2))
    site = load_site(tmp_path, Reporter())
    whole = json.dumps(catalogue(site), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert catalogue_json(site) == whole
    assert len(json.loads(whole)["resolutions"]) == 10
