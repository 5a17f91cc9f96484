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
from site_builder.build.session import Preview, Session, Superseded
from site_builder.build.write import write_site
from site_builder.cache import CACHE_DIR, BuildCache, State, Summary
from site_builder.diagnostics import Diagnostic, Reporter, add_context
from site_builder.linking import LoadedSite
from site_builder.lint import forget, run_files
from site_builder.output import (
    MARKER,
    OutputError,
    SiteOutput,
    StrayCheck,
    build_lock,
    check_output_dir,
    check_spare,
    remove_leftovers,
)

__all__ = ["BuildResult", "Session", "build_site", "load_site"]

#: the spare tree of the output (``output.spare``), in the cache folder
SPARE_DIR = "spare-output"


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
        if locked and write and (session is None or session.first_build_into(out)):
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
        # a one-off build keeps the loaded records out of the collector until it ends
        freeze = session is None and gc.isenabled() and gc.get_freeze_count() == 0
        checks: list[StrayCheck] = []
        try:
            spare = root / CACHE_DIR / SPARE_DIR if locked else None  # (only a locked build may change it)
            result = _build(root, out, cache, strict=strict, write=write, search_index=search_index,
                            background=background_removal, spare=spare, freeze=freeze, checks=checks,
                            keep=session is not None,
                            preview=session.preview if session else None)  # fmt: skip
        except BaseException as exc:
            if session is not None and isinstance(exc, Superseded):  # given up before the commit
                session.cache = cache  # (as the last build left it)
            else:
                cache.close()
            raise
        finally:
            for check in checks:  # nothing of this build goes on once it has let go of the lock
                check.wait()
            if paused:
                gc.enable()
            if freeze:
                gc.enable()
                gc.unfreeze()
        if session is None:
            cache.close()
            return result
        session.cache = cache
        if kept is None:  # what stays from build to build, out of the collector's way
            gc.collect()
            gc.freeze()
        return result


def _build(
    root: Path,
    out: Path,
    cache: BuildCache,
    *,
    strict: bool,
    write: bool,
    search_index: bool,
    background: bool,
    spare: Path | None,
    freeze: bool = False,
    checks: list[StrayCheck] | None = None,
    preview: Preview | None = None,
    keep: bool = False,
) -> BuildResult:
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
    check = None
    if write and cache.state.out == str(out):  # the spare tree is checked while the build runs
        check = check_spare(spare, out, cache.state.spare, cache.state.pages)
        if check is not None and checks is not None:
            checks.append(check)
    if freeze:  # reading the records makes millions of objects and no garbage: no collection meanwhile
        gc.disable()
    site, state = load_stage(root, reporter, cache, scan)
    # drafting checks; an unchanged file's own findings come from the cache (same site.yaml)
    linted, state.lint = run_files(
        site.config, site.resolutions, cache.lint_records() if cache.state.config == state.config else {}
    )
    if freeze:  # and no collection walks them again in this build (``build_site`` unfreezes)
        gc.freeze()
        gc.enable()
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
    output = SiteOutput(out, previous, spare, state.spare, check)
    try:
        result.pages = write_site(site, output, reporter, search_index=search_index, preview=preview)
        if reporter.failed():
            cache.save(state)
        reporter.raise_if_failed()
        cache.forget_output()  # if the commit dies half-way, the next build starts clean
        output.commit(background=background)
    except BaseException:
        output.discard()
        raise
    result.files, result.diagnostics = output.files, reporter.diagnostics
    state.out, state.pages, state.spare = str(out), output.manifest, output.spare_record
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
