"""One symbolic-link policy for build and serve (see the README): links are followed
within the site, a link out of it is refused with a warning naming it, a folder link
back into the tree never loops, a broken link is a warning; ``.MD`` is content."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, CliResult, resolution, write_site
from tests.hostile.treecheck import outside_output


def site_with(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"content/ga/a.md": resolution("57/173")})


def warnings(err: str) -> list[str]:
    """The warnings about input files (the drafting checks of these terse texts aside)."""
    return [line for line in err.splitlines() if ": warning: " in line and " warning: metadata: " not in line]


def test_folder_links_back_into_the_tree_never_loop(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = site_with(tmp_path)
    (site / "content/a").symlink_to(".")
    (site / "content/ga/up").symlink_to("..")
    (site / "content/ga/self").symlink_to("../ga")
    before = outside_output(tmp_path, site)
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    assert warnings(result.err) == [
        "content/a: warning: symbolic link to content, a folder that contains it: skipped (it would loop)",
        "content/ga/self: warning: symbolic link to content/ga, a folder that contains it: skipped (it would loop)",
        "content/ga/up: warning: symbolic link to content, a folder that contains it: skipped (it would loop)",
    ]
    assert "1 resolutions" in result.out or (site / "build/ga/57-173/index.html").is_file()
    assert outside_output(tmp_path, site) == before


def test_links_within_the_site_are_followed(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = site_with(tmp_path)
    write_site(site, {"archive/sc/b.md": resolution("1373 (2001)", body="sc"), "archive/c.md": resolution("57/174")})
    (site / "content/sc").symlink_to("../archive/sc")
    (site / "content/c.md").symlink_to("../archive/c.md")
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    assert warnings(result.err) == []
    assert (site / "build/sc/1373-2001/index.html").is_file()
    assert (site / "build/ga/57-174/index.html").is_file()


def test_links_out_of_the_site_are_refused_and_not_published(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = site_with(tmp_path)
    outside = write_site(
        tmp_path / "elsewhere",
        {"private/b.md": resolution("57/175", title="Private draft"), "secret.css": "body { secret: 1 }"},
    )
    (site / "content/private").symlink_to(outside / "private")
    (site / "content/b.md").symlink_to(outside / "private/b.md")
    (site / "theme").mkdir()
    (site / "theme/extra.css").symlink_to(outside / "secret.css")
    before = outside_output(tmp_path, site)
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    out_real = os.path.realpath(outside)
    assert warnings(result.err) == [
        f"content/b.md: warning: symbolic link to {out_real}/private/b.md, outside the site: skipped "
        "(links are followed only within the site folder)",
        f"content/private: warning: symbolic link to {out_real}/private, outside the site: skipped "
        "(links are followed only within the site folder)",
        f"theme/extra.css: warning: symbolic link to {out_real}/secret.css, outside the site: skipped "
        "(links are followed only within the site folder)",
    ]
    published = "".join(p.read_text("utf-8", "replace") for p in (site / "build").rglob("*") if p.is_file())
    assert "Private draft" not in published and "secret: 1" not in published
    assert not (site / "build/ga/57-175").exists() and not (site / "build/theme/extra.css").exists()
    assert outside_output(tmp_path, site) == before
    assert cli("build", "--site", str(site), "--strict").code == 1


def test_broken_links_are_warned_not_skipped_in_silence(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = site_with(tmp_path)
    (site / "content/gone.md").symlink_to("nowhere.md")
    (site / "theme").mkdir()
    (site / "theme/style.css").symlink_to("missing-style.css")  # an override that would fall back
    (site / "templates").mkdir()
    (site / "templates/base.html").symlink_to("missing-base.html")
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    assert warnings(result.err) == [
        "content/gone.md: warning: broken symbolic link (to nowhere.md): skipped",
        "templates/base.html: warning: broken symbolic link (to missing-base.html): skipped",
        "theme/style.css: warning: broken symbolic link (to missing-style.css): skipped",
    ]
    # a broken link that appears after a build is not hidden by the unchanged-site shortcut
    (site / "content/gone2.md").symlink_to("nowhere2.md")
    again = cli("build", "--site", str(site))
    assert "content/gone2.md: warning: broken symbolic link (to nowhere2.md): skipped" in again.err


def test_upper_case_suffix_is_content(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = write_site(
        tmp_path / "site", {"content/A.MD": resolution("57/173"), "content/B.Markdown": resolution("57/174")}
    )
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    assert (site / "build/ga/57-173/index.html").is_file() and (site / "build/ga/57-174/index.html").is_file()


def test_a_template_linking_a_missing_theme_file_is_warned(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = site_with(tmp_path)
    write_site(
        site,
        {
            "theme/own.css": "p {}",
            "templates/_head_links.html": '<link rel="stylesheet" href="{{ root }}theme/own.css">\n'
            '<link rel="stylesheet" href="{{ root }}theme/search.css">\n'
            '<link rel="stylesheet" href="{{ root }}theme/no-such.css">\n',
        },
    )
    result = cli("build", "--site", str(site))
    assert result.code == 0, result.err
    assert warnings(result.err) == [
        "templates/_head_links.html:3: warning: theme/no-such.css: no such file in theme/ or the shipped theme"
    ]


def test_serve_does_not_hang_on_a_folder_link_loop(tmp_path: Path) -> None:
    site = site_with(tmp_path)
    for name in "abcd":
        (site / "content" / name).symlink_to(".")
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--site", str(site), "--port", "0"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout or ()], daemon=True).start()

    def next_line(containing: str) -> str:
        deadline = time.monotonic() + 30
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if containing in line:
                return line
        raise AssertionError(f"serve printed no line with {containing!r} within 30 s")

    try:
        next_line("Serving")
        (site / "content/ga/a.md").write_text(resolution("57/173", title="Saved again"), encoding="utf-8")
        assert "Rebuilt (content/ga/a.md)" in next_line("Rebuilt")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    assert process.returncode == 0
    assert "content/a: warning: symbolic link to content, a folder that contains it: skipped (it would loop)" in err


OR_SOURCE = (
    "## **2003/31**\n\n### **A title**\n\n*The Economic and Social Council*,\n\n"
    "1. *Decides* to act.\n\n*45th plenary meeting  \n23 July 2003*\n"
)


def test_import_never_writes_through_a_link_out_of_the_site(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    site = site_with(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "content/ecosoc").symlink_to(elsewhere)
    source = tmp_path / "or.md"
    source.write_text(OR_SOURCE, encoding="utf-8")
    before = outside_output(tmp_path, site)
    result = cli("import", str(source), "--site", str(site), "--body", "ecosoc")
    assert result.code == 1
    assert (
        f"{source}:1: 2003/31: content/ecosoc leads to {os.path.realpath(elsewhere)}, outside the site: "
        "nothing is written through a symbolic link out of the site" in result.err
    )
    assert outside_output(tmp_path, site) == before
    # a link within the site is written through
    (site / "content/ecosoc").unlink()
    (site / "archive").mkdir()
    (site / "content/ecosoc").symlink_to("../archive")
    assert cli("import", str(source), "--site", str(site), "--body", "ecosoc").code == 0
    assert (site / "archive/2003/2003-31.md").is_file()
