"""Save-to-visible time of ``site-builder serve``, in headless Chromium.

For the bundled site and a generated site of 1,000 resolutions (``bench.corpus``):
start the preview server (in this process, on a free loopback port), open a
resolution's page in Debian's Chromium, then several times: put a unique marker
into that resolution's text, and time from the write until the marker is in the
page's text. The build's share until the page open in the browser is served (the
other pages and the exports come after the reload) is shown next to it; the rest is
noticing the save, the quiet period, the reload message and the page load. The
rounds are ``--gap`` seconds apart: a save that comes while the previous one's
exports are still being written takes over from them.

    python -m bench.livereload_bench                  # bundled + 1,000, 5 rounds each
    python -m bench.livereload_bench --sizes 0,1000 --rounds 7
    (size 0 is the bundled site)

Copies of the sites are made in a temporary folder; nothing in the repository
is touched.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.browser import CHROMIUM, LAUNCH_ARGS
from site_builder.server import PreviewServer

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    site: str
    resolutions: int
    first_build: float
    visible: list[float]
    builds: list[float]

    def line(self) -> str:
        v, b = self.visible, self.builds
        return (
            f"{self.site:<24} {self.resolutions:>6} {len(v):>6} "
            f"{statistics.median(v) * 1000:>8.0f} {min(v) * 1000:>6.0f} {max(v) * 1000:>6.0f} "
            f"{statistics.median(b) * 1000:>10.0f} {self.first_build:>10.1f}"
        )


def bundled_site(into: Path) -> Path:
    root = into / "bundled"
    root.mkdir()
    shutil.copy2(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def generated_site(into: Path, n: int) -> Path:
    from bench import corpus

    root = into / f"generated-{n}"
    corpus.write(root, corpus.generate(n, seed=0))
    return root


def pick_page(server: PreviewServer) -> tuple[Path, str]:
    """A resolution in the middle of the site: its source file and its URL path."""
    data = json.loads((server.state.out / "data" / "resolutions.json").read_text("utf-8"))
    item = data["resolutions"][len(data["resolutions"]) // 2]
    wanted = f"symbol: {item['symbol']}"
    for path in sorted((server.root / "content").rglob("*.md")):
        head = path.read_text("utf-8").split("\n---", 1)[0]
        if any(line.strip().strip("'\"") == wanted or line.strip() == wanted for line in head.splitlines()):
            return path, "/" + item["url"]
    raise SystemExit(f"no source file found for {item['symbol']}")


def edit(path: Path, original: str, marker: str) -> None:
    """Put ``marker`` into the text (not the front matter) of the resolution."""
    end = original.index("\n---", 3) + 4
    body = re.sub(r"\bthe\b", f"the {marker}", original[end:], count=1)
    path.write_text(original[:end] + body, encoding="utf-8")


def measure(browser: Any, root: Path, label: str, rounds: int, gap: float) -> Result:
    server = PreviewServer(root, host="127.0.0.1", port=0, out=io.StringIO(), err=io.StringIO())
    started = time.perf_counter()
    server.start()
    first_build = time.perf_counter() - started
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    if not server.ready.wait(60):
        raise SystemExit("the server did not start")
    source, url = pick_page(server)
    original = source.read_text("utf-8")
    page = browser.new_page()
    visible: list[float] = []
    builds: list[float] = []
    try:
        page.goto(server.url.rstrip("/") + url, timeout=60_000)
        page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol",
            timeout=30_000,
        )
        for _ in range(rounds):
            marker = "LRBENCH" + secrets.token_hex(5)
            done = len(server.builds)
            start = time.perf_counter()
            edit(source, original, marker)
            page.wait_for_function(
                "m => document.body && document.body.innerText.includes(m)",
                arg=marker,
                polling=5,
                timeout=60_000,
            )
            visible.append(time.perf_counter() - start)
            builds.append(sum(b.seconds for b in server.builds[done:]))
            time.sleep(gap)
    finally:
        source.write_text(original, encoding="utf-8")
        page.close()
        server.shutdown()
        thread.join(30)
        server.close()
    count = sum(1 for _ in (root / "content").rglob("*.md"))
    return Result(label, count, first_build, visible, builds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,1000", help="0 = the bundled site; others are generated")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--gap", type=float, default=1.0, help="seconds between rounds")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="livereload-bench-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            for size in (int(s) for s in args.sizes.split(",")):
                if size == 0:
                    root, label = bundled_site(Path(tmp)), "bundled site"
                else:
                    root, label = generated_site(Path(tmp), size), f"generated ({size})"
                results.append(measure(browser, root, label, args.rounds, args.gap))
                print(f"  measured {label}", file=sys.stderr)
        finally:
            browser.close()
    print("save -> visible in Chromium (ms; 'build' is the build's share until the page is served; first build in s)")
    head = ("site", "resol.", "rounds", "median", "min", "max", "build med.", "first (s)")
    print("{:<24} {:>6} {:>6} {:>8} {:>6} {:>6} {:>10} {:>10}".format(*head))
    for r in results:
        print(r.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
