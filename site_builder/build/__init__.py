"""The build, orchestrated: scan -> load -> render -> link -> write, data one way.

The stages are functions of their inputs (``load``, ``render``, ``linking``, then
``site`` and ``exports`` through ``write``); around them, this module decides what
to make again from what changed, using the build cache (``site_builder.cache``).
Every stage reports problems into one Reporter; nothing is written unless the whole
site rendered without errors, and then it is swapped into place at once.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.build.load import load_stage
from site_builder.build.scan import scan_files, signature
from site_builder.build.session import Session
from site_builder.build.write import write_site
from site_builder.cache import CACHE_DIR, BuildCache, State, Summary
from site_builder.diagnostics import Diagnostic, Reporter, add_context
from site_builder.linking import LoadedSite
from site_builder.lint import forget, run_files
from site_builder.output import MARKER, OutputError, SiteOutput, build_lock, check_output_dir, remove_leftovers

__all__ = ["BuildResult", "Session", "build_site", "load_site"]


@dataclass
class BuildResult:
    out: Path | None
    resolutions: int
    pages: int
    files: int
    citations: int
    internal_citations: int
    diagnostics: list[Diagnostic]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def external_citations(self) -> int:
        return self.citations - self.internal_citations


def load_site(root: Path, reporter: Reporter, cache: BuildCache | None = None) -> LoadedSite:
    """Read, validate, render and link every resolution (no output), reusing what
    ``cache`` holds for unchanged files (without one, in memory)."""
    return load_stage(root, reporter, cache or BuildCache(root, persistent=False), None)[0]


def build_site(
    root: Path,
    out: Path | None = None,
    *,
    strict: bool = False,
    write: bool = True,
    incremental: bool = True,
    search_index: bool = True,
    background_removal: bool = False,
    session: Session | None = None,
) -> BuildResult:
    """Build the site in ``root`` into ``out`` (default ``root/build``).

    Raises BuildFailed with every problem found; the previous output is untouched.

    With ``incremental`` (the default) the build cache in ``root/.site-builder-cache/``
    is used where it can be trusted: unchanged files are not parsed or rendered again,
    and when ``out`` is the folder the cache describes, only the files whose inputs
    changed are written (after every page rendered without errors).
    ``incremental=False`` ignores the cache (and makes it anew). Either way the output
    is byte for byte that of a clean build. ``search_index=False`` (the live preview)
    keeps the previous search index of an in-place rebuild rather than wait for
    Pagefind, even when pages changed. ``background_removal`` (the live preview, a
    process that lives on) returns once the new output is in place and deletes the old
    tree in a thread (``output.finish_removals`` waits for it). ``session`` keeps the
    cache open and in memory for the next build of the same site.
    """
    root, out = root.resolve(), (out or root / "build").resolve()
    with build_lock(root / CACHE_DIR) as locked:  # one build of a site at a time
        if locked and write:
            remove_leftovers(out)  # of killed builds: no live build of this site has any
        kept = session.cache if session is not None and incremental else None
        if kept is not None and not kept.is_current():  # another process built the site meanwhile
            kept.close()
            kept = None
        cache = kept or BuildCache(root, incremental=incremental)
        if session is not None:
            session.cache = None  # until this build has succeeded
        paused = session is not None and gc.isenabled()
        if paused:  # the collector would walk every record kept in memory, again and again
            gc.disable()
        try:
            result = _build(root, out, cache, strict=strict, write=write, search_index=search_index,
                            background=background_removal, keep=session is not None)  # fmt: skip
        except BaseException:
            cache.close()
            raise
        finally:
            if paused:
                gc.enable()
        if session is None:
            cache.close()
            return result
        session.cache = cache
        if kept is None:  # what stays from build to build, out of the collector's way
            gc.collect()
            gc.freeze()
        return result


def _build(
    root: Path, out: Path, cache: BuildCache, *, strict: bool, write: bool, search_index: bool, background: bool,
    keep: bool = False,
) -> BuildResult:  # fmt: skip
    timings: dict[str, float] = {}
    start = time.perf_counter()
    known = cache.state.files
    scan = scan_files(root, known)
    sign = signature(root, strict, scan) if write else ""
    unchanged = _unchanged(cache.state, out, sign)
    if unchanged is not None:
        if scan.records != known:  # times moved (a touch) but no bytes changed
            cache.save_files(scan.records)
        return unchanged
    reporter = Reporter(strict=strict)
    site, state = load_stage(root, reporter, cache, scan)
    # drafting checks; an unchanged file's own findings come from the cache (same site.yaml)
    linted, state.lint = run_files(
        site.config, site.resolutions, cache.lint_records() if cache.state.config == state.config else {}
    )
    reporter.extend(linted.diagnostics(strict=strict))
    if not keep:  # only a session's next build reads the drafting checks' documents again
        forget()
    timings["load"] = time.perf_counter() - start
    add_context(reporter, root)
    if write:
        try:
            check_output_dir(out, root)
        except OutputError as exc:
            reporter.error("", 0, str(exc))
    if reporter.failed() or not write:
        cache.save(state)  # what parsed and rendered is kept; the output is untouched
    reporter.raise_if_failed()
    outgoing = site.graph.outgoing.values()
    result = BuildResult(
        out=out if write else None,
        resolutions=len(site.resolutions),
        pages=0,
        files=0,
        citations=sum(map(len, outgoing)),
        internal_citations=sum(1 for cs in outgoing for c in cs if c.internal),
        diagnostics=reporter.diagnostics,
        timings=timings,
    )
    if not write:
        return result
    start = time.perf_counter()
    previous = state.pages if state.out == str(out) and (out / MARKER).is_file() else None
    output = SiteOutput(out, previous)
    try:
        result.pages = write_site(site, output, reporter, search_index=search_index)
        if reporter.failed():
            cache.save(state)
        reporter.raise_if_failed()
        cache.forget_output()  # if the commit dies half-way, the next build starts clean
        output.commit(background=background)
    except BaseException:
        output.discard()
        raise
    result.files, result.diagnostics = output.files, reporter.diagnostics
    state.out, state.pages = str(out), output.manifest
    counts = {k: getattr(result, k) for k in ("resolutions", "pages", "files", "citations", "internal_citations")}
    state.summary = Summary(sign, counts, tuple(reporter.diagnostics)) if sign else None
    cache.save(state)
    timings["write"] = time.perf_counter() - start
    return result


def _unchanged(state: State, out: Path, sign: str) -> BuildResult | None:
    """The last build's result, when nothing it was made from changed and its output is intact."""
    summary = state.summary
    if not sign or summary is None or summary.signature != sign or state.out != str(out):
        return None
    if not (out / MARKER).is_file():
        return None
    for rel, entry in state.pages.items():
        try:
            st = (out / rel).stat()
        except OSError:
            return None
        if st.st_size != entry.size or st.st_mtime_ns != entry.mtime_ns:
            return None
    return BuildResult(out=out, **summary.counts, diagnostics=list(summary.diagnostics))  # type: ignore[arg-type]
