"""Search at scale: index size and build time, and a first query in Chromium.

For each N (default 1,000 and 10,000 generated resolutions) it builds the site,
then reports:

- the Pagefind index (``pagefind/``) and the symbol map (``search/``): files and bytes;
- the whole build's time; the shards of the index, the largest one's pages, and
  the time and peak memory of Pagefind over that shard alone (what a one-file
  edit costs at most);
- in headless Chromium, over a local HTTP server, on a cold cache: a first query
  typed into the box of a resolution page, for a phrase and for a symbol, with
  the bytes served from focusing the box to the results shown (the search
  worker's fetches included), the time from typing to the results shown while
  the engine loads, and the time once it is loaded (both include the box's
  80 ms typing pause).

    python -m bench.search_bench               # N = 1000 and 10000
    python -m bench.search_bench 1000 --keep /tmp/bench-site

The corpus comes from ``bench/corpus.py`` (deterministic, ~7 KB a resolution).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.browser import CHROMIUM, LAUNCH_ARGS
from site_builder.build import build_site
from site_builder.exports.pagefind import EXCLUDE, pagefind_executable


def make_site(n: int, root: Path) -> None:
    try:
        from bench.corpus import generate, write
    except ImportError:  # a minimal stand-in when the shared generator is absent
        _minimal_site(n, root)
        return
    write(root, generate(n))


def _minimal_site(n: int, root: Path) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text("title: Benchmark\n", encoding="utf-8")
    for i in range(n):
        session, num = 50 + i // 300, 1 + i % 300
        text = (
            f"---\nsymbol: {session}/{num}\nbody: ga\ntitle: Resolution number {i}\n"
            f"date: {1995 + session - 50}-12-{1 + i % 28:02d}\nmeeting: {1 + i % 90}\n---\n\n"
            "*The General Assembly*,\n\n*Recalling* its earlier resolutions on cooperation,\n\n"
            + "".join(f"{k}. *Requests* item {k} of development {i % 97} and peace;\n\n" for k in range(1, 9))
        )
        (root / "content" / f"{session}-{num}.md").write_text(text, encoding="utf-8")


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def largest_shard(out: Path) -> tuple[int, str, int, float, float]:
    """(shards, the largest one's name and pages, seconds and peak MB of Pagefind
    indexing that shard's pages alone)."""
    exe = pagefind_executable()
    assert exe is not None, "pagefind is not installed"
    names = json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    pages: dict[str, list[str]] = {}
    for name in names:  # a fragment is gzip("pagefind_frag" + JSON with the page's url)
        for fragment in (out / "pagefind" / name / "fragment").glob("*.pf_fragment"):
            raw = gzip.decompress(fragment.read_bytes())
            url = json.loads(raw[raw.index(b"{") :])["url"]
            pages.setdefault(name, []).append(url.lstrip("/"))
    name = max(names, key=lambda n: len(pages.get(n, [])))
    with tempfile.TemporaryDirectory() as tmp:
        for rel in pages[name]:
            (Path(tmp) / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(out / rel, Path(tmp) / "site" / rel)
        start = time.perf_counter()
        command = [str(exe), "--site", f"{tmp}/site", "--output-path", f"{tmp}/out", "--exclude-selectors", EXCLUDE]
        proc = subprocess.Popen([*command, "--silent"])
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert proc.returncode == 0, "pagefind failed"
        return len(names), name, len(pages[name]), time.perf_counter() - start, usage.ru_maxrss / 1024


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of every response body (workers included)."""

    served: list[tuple[str, int]] = []  # noqa: RUF012 (shared by the handler's instances)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self.served.append((self.path, len(data)))


def first_queries(out: Path, page_path: str, then: dict[str, str]) -> list[tuple[str, int, int, float, float]]:
    """For each query, in a fresh browser context (empty cache): (query, requests,
    bytes served from focusing the box to the results, ms from typing to results
    with the engine loading meanwhile, ms for the same query once the engine is loaded)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Counting, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    done = "q => document.querySelector('#search-results').getAttribute('data-query') === q"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            for query in then:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + page_path)
                page.wait_for_load_state("networkidle")
                _Counting.served.clear()
                start = time.perf_counter()
                page.focus("#search-q")
                page.fill("#search-q", query)
                page.wait_for_function(done, arg=query, timeout=60000)
                cold = (time.perf_counter() - start) * 1000
                page.wait_for_timeout(500)  # responses still in flight are counted too
                served = list(_Counting.served)
                # another query, the engine loaded: what a reader waits for on each keystroke
                again = then[query]
                start = time.perf_counter()
                page.fill("#search-q", again)
                page.wait_for_function(done, arg=again, timeout=60000)
                warm = (time.perf_counter() - start) * 1000
                rows.append((query, len(served), sum(n for _, n in served), cold, warm))
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


def run(n: int, keep: Path | None) -> None:
    root = keep or Path(tempfile.mkdtemp(prefix=f"search-bench-{n}-"))
    try:
        make_site(n, root)
        start = time.perf_counter()
        result = build_site(root)
        build_seconds = time.perf_counter() - start
        out = root / "build"
        pf_files, pf_bytes = tree_size(out / "pagefind")
        sym_files, sym_bytes = tree_size(out / "search")
        shards, name, pages, seconds, peak = largest_shard(out)
        page_path = next(p for p in sorted(out.glob("*/*/index.html"))).relative_to(out).as_posix()
        symbols = _symbols(out)
        symbol = symbols[0]
        print(f"\nN = {n:,} resolutions ({result.pages:,} pages)")
        print(f"  whole build                      {build_seconds:8.1f} s")
        print(f"  Pagefind index                   {pf_files:8,} files {pf_bytes / 1e6:8.1f} MB in {shards} shards")
        print(f"  largest shard ({name}, {pages:,} pages) {seconds:8.1f} s {peak:6.0f} MB peak, indexed alone")
        print(f"  symbol map                       {sym_files:8,} files {sym_bytes / 1e6:8.2f} MB")
        for query, requests, size, cold, warm in first_queries(
            out, page_path, {"sustainable development": "human rights council", symbol: symbols[1]}
        ):
            print(
                f"  first query {query!r:26} {requests:3} requests {size / 1024:6.0f} KB"
                f"  {cold:5.0f} ms with loading; next query {warm:4.0f} ms"
            )
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _symbols(out: Path) -> list[str]:
    """Two official symbols of the site, typed as a reader would."""
    items = json.loads((out / "data" / "resolutions.json").read_text(encoding="utf-8"))["resolutions"]
    return [str(items[len(items) // 2]["document"]), str(items[len(items) // 3]["symbol"])]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (one size only)")
    args = parser.parse_args(argv)
    if pagefind_executable() is None:
        print("pagefind is not installed: pip install 'pagefind[bin]'", file=sys.stderr)
        return 1
    for n in args.sizes:
        run(n, args.keep if len(args.sizes) == 1 else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
