"""Incremental builds of a site with series give byte for byte a clean build's output:
a comparison page depends on both texts, a series page on every member, a resolution
page on its neighbours in the series, and the catalogue on all of them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.series_site import FILES
from tests.test_incremental import check_step


def _edit(site: Path, rng: random.Random) -> str:
    files = sorted((site / "content").rglob("*.md"))
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    action = rng.choice(["text", "reword", "title", "none", "delete", "restore", "agenda", "predecessor", "template"])
    if action == "text":
        text = (
            text.replace("\n*", "\n9. *Stresses* the role of widgets;\n\n*", 1) if "9. *Stresses*" not in text else text
        )
        path.write_text(text.replace("*Noting*", "*Noting with appreciation*", 1), encoding="utf-8")
    elif action == "reword":
        path.write_text(text.replace("widgets;", f"widgets and gadgets {rng.randint(0, 99)};", 1), encoding="utf-8")
    elif action == "title":
        title = rng.choice(["Cooperation on widgets", "Something else entirely"])
        lines = [f"title: {title}" if ln.startswith("title:") else ln for ln in text.split("\n")]
        path.write_text("\n".join(lines), encoding="utf-8")
    elif action == "none":
        if "predecessor:" not in text:
            path.write_text(text.replace("body: ga", "body: ga\npredecessor: none", 1), encoding="utf-8")
        else:
            lines = [ln for ln in text.split("\n") if not ln.startswith("predecessor:")]
            path.write_text("\n".join(lines), encoding="utf-8")
    elif action == "delete" and len(files) > 2:
        path.unlink()
    elif action == "restore":
        write_site(site, {rel: body for rel, body in FILES.items() if not (site / rel).exists()})
    elif action == "agenda":
        lines = [
            f'agenda_item: "{rng.choice([38, 40, 12])}"' if ln.startswith("agenda_item:") else ln
            for ln in text.split("\n")
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
    elif action == "predecessor" and "predecessor:" not in text:
        target = rng.choice(["78/7", "79/7", "80/9"])
        path.write_text(text.replace("body: ga", f"body: ga\npredecessor: {target}", 1), encoding="utf-8")
    elif action == "template":
        own = site / "templates" / "compare.html"
        if own.exists():
            own.unlink()
        else:
            own.parent.mkdir(exist_ok=True)
            shipped = Path(__file__).resolve().parents[1] / "templates" / "compare.html"
            own.write_text(shipped.read_text(encoding="utf-8").replace("Earlier", "Before"), encoding="utf-8")
    return f"{action} {path.name}"


@pytest.mark.parametrize("seed", [1, 2])
def test_random_series_edits_match_clean_builds(tmp_path: Path, seed: int) -> None:
    site = write_site(tmp_path / "site", dict(FILES))
    rng = random.Random(seed)
    check_step(site, tmp_path / "clean", "first build")
    assert (site / "build" / "series" / "ga-78-7" / "index.html").is_file()
    for n in range(12):
        label = _edit(site, rng)
        check_step(site, tmp_path / "clean", f"step {n}: {label}")
