"""The build benchmark: cold, warm and incremental builds of generated corpora.

    python -m bench.run                      # N = 1,000, 10,000 and 40,000
    python -m bench.run 1000 10000 --core    # the core pipeline only (no AKN, feeds, search)
    python -m bench.run 10000 --stages       # and each build's time by stage

For each N it generates the corpus (``bench.corpus``) in a scratch folder and times,
each build in a fresh process (so that peak memory is the build's own): a cold
full build (no cache, no output), a rebuild with nothing changed, a one-file text
edit, a title edit of a much-cited resolution (its citers' "Cited by" and the
index pages change), one new file and one deleted file. Peak memory is the
largest resident set of the main process and of any worker process.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import generate, plan, render, write

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
if sys.argv[2] == "core":
    import site_builder.build.write as write
    from site_builder.exports.catalogue import catalogue_files
    from site_builder.exports.sitemap import sitemap_files
    write.EXPORTS = (sitemap_files, catalogue_files)
    write._write_search_index = lambda *a, **k: None
from site_builder.build import build_site
start = time.perf_counter()
result = build_site(Path(sys.argv[1]), incremental=sys.argv[3] == "1")
seconds = time.perf_counter() - start
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "pages": result.pages, "rss": me, "workers": workers,
                  "timings": result.timings}))
"""


def build(site: Path, *, core: bool, incremental: bool = True) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(site), "core" if core else "all", "1" if incremental else "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def scenarios(site: Path, n: int, core: bool) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for folder in ("build", ".site-builder-cache"):
        shutil.rmtree(site / folder, ignore_errors=True)
    rows.append(("cold full build", build(site, core=core, incremental=False)))
    rows.append(("nothing changed", build(site, core=core)))
    metas = plan(n)
    rng = random.Random(1)
    edited = site / metas[n // 2].path
    edited.write_text(edited.read_text(encoding="utf-8").replace("*,", "*, as amended,", 1), encoding="utf-8")
    rows.append(("one-file text edit", build(site, core=core)))
    cited = site / metas[n - 450].path  # cited by several of the resolutions after it
    text = cited.read_text(encoding="utf-8")
    lines = [f"title: A new title {rng.randint(0, 999)}" if ln.startswith("title:") else ln for ln in text.split("\n")]
    cited.write_text("\n".join(lines), encoding="utf-8")
    rows.append(("one title edit", build(site, core=core)))
    extra = plan(n + 1)[n]
    write(site, {extra.path: render(extra, metas[-400:], random.Random(2))})
    rows.append(("one new file", build(site, core=core)))
    (site / metas[n // 3].path).unlink(missing_ok=True)
    rows.append(("one deleted file", build(site, core=core)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 40000])
    parser.add_argument("--core", action="store_true", help="leave out the AKN, feed and search exports")
    parser.add_argument("--keep", type=Path, default=None, help="generate the corpora here and keep them")
    parser.add_argument("--stages", action="store_true", help="also print each build's time by stage")
    args = parser.parse_args(argv)
    print(f"{'N':>7} | {'scenario':<20} | {'wall s':>8} | {'pages/s':>9} | {'peak MB':>8} | {'worker MB':>9}")
    print("-" * 78)
    for n in args.sizes:
        base = args.keep or Path(tempfile.mkdtemp(prefix="site-builder-bench-"))
        site = base / f"site-{n}"
        try:
            if not (site / "site.yaml").exists():
                start = time.perf_counter()
                write(site, generate(n))
                print(f"{n:>7} | (generated in {time.perf_counter() - start:.1f} s)")
            for name, row in scenarios(site, n, args.core):
                rate = row["pages"] / row["seconds"] if row["seconds"] else 0.0
                print(
                    f"{n:>7} | {name:<20} | {row['seconds']:>8.2f} | {rate:>9.0f} | "
                    f"{row['rss'] / 1024:>8.0f} | {row['workers'] / 1024:>9.0f}",
                    flush=True,
                )
                if args.stages and row.get("timings"):
                    stages = ", ".join(f"{k} {v:.2f}" for k, v in row["timings"].items())
                    print(f"{'':>7} | {'':<20} | stages (s): {stages}", flush=True)
        finally:
            if args.keep is None:
                shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
