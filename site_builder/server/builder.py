"""The live preview's builds: each burst of saves rebuilt, published in two steps
(the pages open in a browser first, then the rest: ``state``), the browsers told,
the terminal told; a build given up when a newer save comes in."""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from site_builder.build import BuildResult, Session, build_site
from site_builder.build.session import FirstPages, Preview, Superseded
from site_builder.diagnostics import BuildFailed, Diagnostic, Level
from site_builder.lint.preview import panel as lint_panel
from site_builder.server.errors import terminal_text
from site_builder.server.http import output_paths
from site_builder.server.reload import ReloadHub
from site_builder.server.state import Published, SiteState
from site_builder.server.watch import Batch, Pending

#: seconds the rest of a rebuild waits for the browsers to load their reloaded pages
RELOAD_WAIT = 1.0


@dataclass
class _Run:
    """One build, as it goes."""

    batch: Batch | None
    before: Published
    start: float
    #: once its first pages are published (a rebuild): what, when, with which warnings
    published: Published | None = None
    visible: float = 0.0
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class BuildRecord:
    """One build of the server's life, for the terminal and the tests."""

    ok: bool
    seconds: float
    paths: frozenset[str]
    finished: float  # time.monotonic() when it was published


class Builder:
    """Builds ``root`` into ``state.out`` and publishes each result in ``state``;
    ``call`` runs a function on the server's event loop (to tell the browsers)."""

    def __init__(
        self,
        root: Path,
        state: SiteState,
        hub: ReloadHub,
        *,
        say: Callable[..., None],
        call: Callable[[Callable[[], None]], None],
        err: TextIO | None = None,
    ) -> None:
        self.root = root
        self.state = state
        self.hub = hub
        self.say = say
        self._call = call
        self._err = err
        self.builds: list[BuildRecord] = []
        #: the saves not yet built (a build in progress gives way when there are some)
        self.pending = Pending()
        #: the drafting findings, shown beside their paragraphs in every served page
        self.lint = ""
        self._session = Session()  # the build cache, kept in memory between rebuilds
        self._catalogue: dict[str, dict[str, Any]] = {}
        self._warnings: tuple[Diagnostic, ...] = ()
        self._given_up_paths: frozenset[str] = frozenset()
        self._has_site = False  # a build has succeeded: the output folder holds a whole site

    def close(self) -> None:
        self._session.close()

    def build(self, batch: Batch | None = None) -> Published:
        """Build once and publish the result; never raises for a broken site.

        A rebuild (``batch``) publishes the pages open in a browser (and those of the
        changed files) as soon as they are made, and tells the browsers; the other pages
        and the exports follow, and are given up if a newer save comes in first."""
        run = _Run(batch, self.state.current, time.perf_counter())
        self.state.begin_build()
        self._session.preview = None if batch is None else self._preview(run)
        errors: tuple[Diagnostic, ...] = ()
        try:
            out = self.state.out
            result = build_site(self.root, out, search_index=False, background_removal=True, session=self._session)
        except Superseded:
            return self._given_up(run)
        except BuildFailed as failed:
            errors = tuple(sorted(failed.diagnostics, key=lambda d: d.level is not Level.ERROR))
        except Exception as exc:  # a bug of ours: the server stays up all the same
            traceback.print_exc(file=self._err or sys.stderr)
            errors = (Diagnostic("", 0, f"internal error: {type(exc).__name__}: {exc} (a bug in site-builder)"),)
        finally:
            self._session.preview = None
        self._given_up_paths = frozenset()
        if errors:
            return self._failed(run, errors)
        return self._built(run, result)

    def _preview(self, run: _Run) -> Preview:
        assert run.batch is not None

        def first() -> frozenset[str]:
            return frozenset(rel for path in self.hub.open_pages for rel in output_paths(path))

        # the files of builds given up are changed still (relative to the last finished build)
        changed = run.batch.paths | self._given_up_paths
        return Preview(first, partial(self._publish_first, run), self.pending.waiting, changed)

    def _publish_first(self, run: _Run, first: FirstPages) -> None:
        """The pages open in a browser are made: serve them (from memory) and reload."""
        run.warnings = tuple(d for d in first.diagnostics if d.level is Level.WARNING)
        self.lint = lint_panel(self.root, run.warnings)
        run.visible = time.perf_counter() - run.start
        self._record(run, ok=True, seconds=run.visible)
        browsers = self.hub.greeted + len(self.hub.sockets)  # once all have reloaded
        run.published = self.state.publish_first(first.files, first.settled, first.language)
        if self._notify(run.batch, run.before, run.published):
            # the rest would slow the browsers down: it waits until they have loaded their
            # pages (and connected again), for RELOAD_WAIT at most, or for a newer save
            deadline = time.monotonic() + RELOAD_WAIT
            while self.hub.greeted < browsers and time.monotonic() < deadline and not self.pending.waiting():
                time.sleep(0.01)

    def _record(self, run: _Run, *, ok: bool, seconds: float) -> None:
        # recorded before it is published: whoever sees the new site sees the record
        paths = run.batch.paths if run.batch else frozenset()
        self.builds.append(BuildRecord(ok, seconds, paths, time.monotonic()))

    def _built(self, run: _Run, result: BuildResult) -> Published:
        seconds = time.perf_counter() - run.start
        self._has_site = True
        notices, language = self._compare_catalogue()
        warnings = tuple(d for d in result.diagnostics if d.level is Level.WARNING)
        if run.published is None:
            self.lint = lint_panel(self.root, warnings)
            self._record(run, ok=True, seconds=seconds)
            published = self.state.end_build(has_site=True, notices=notices, language=language)
            self._notify(run.batch, run.before, published)
        else:  # the pages shown already are this build's: a reload only for what is shown beside them
            aside = bool(notices) or warnings != run.warnings
            if warnings != run.warnings:
                self.lint = lint_panel(self.root, warnings)
            published = self.state.finish(notices=notices, new=aside)
            if aside:
                self._notify(run.batch, published, published)
        if warnings != self._warnings:
            for d in warnings:
                self.say(terminal_text(d), error=True)
            self._warnings = warnings
        for notice in notices:
            self.say(f"note: {notice}", error=True)
        what = f" ({run.batch.describe()})" if run.batch else ""
        fixed = " (fixed)" if run.before.errors else ""
        summary = f"{result.resolutions} resolutions, {result.pages} pages"
        if run.published is None:
            self.say(f"{'Rebuilt' if run.batch else 'Built'}{what} in {seconds * 1000:.0f} ms{fixed}: {summary}")
        else:
            self.say(f"Rebuilt{what} in {run.visible * 1000:.0f} ms{fixed}: {summary} (exports {seconds:.1f} s)")
        return published

    def _failed(self, run: _Run, errors: tuple[Diagnostic, ...]) -> Published:
        seconds = time.perf_counter() - run.start
        self._record(run, ok=False, seconds=seconds)
        has_site = self._has_site  # (the output is as the last good build left it)
        published = self.state.end_build(has_site=has_site, errors=errors, language=run.before.language)
        self._notify(run.batch, run.published or run.before, published)
        for d in errors:
            self.say(terminal_text(d), error=True)
        what = f" ({run.batch.describe()})" if run.batch else ""
        kept = "still serving the last good build" if has_site else "nothing to serve yet"
        self.say(
            f"Build failed{what} in {seconds * 1000:.0f} ms: {len(errors)} problem"
            f"{'s' if len(errors) != 1 else ''}; {kept}. Save the fix: the page follows.",
            error=True,
        )
        return published

    def _given_up(self, run: _Run) -> Published:
        """A newer save came in: the next build takes over (from the last finished one)."""
        self._given_up_paths |= run.batch.paths if run.batch else frozenset()
        if run.published is None:
            self.state.resume()
            return self.state.current
        what = f" ({run.batch.describe()})" if run.batch else ""
        self.say(f"Rebuilt{what} in {run.visible * 1000:.0f} ms; its exports give way to a newer save")
        return run.published

    def _compare_catalogue(self) -> tuple[tuple[str, ...], str]:
        """Pages gone since the previous build, and who cited them; the site's language."""
        try:
            data = json.loads((self.state.out / "data" / "resolutions.json").read_text("utf-8"))
            items = {r["canonical"]: r for r in data["resolutions"]}
            language = str(data["site"].get("language") or "en")
        except (OSError, ValueError, KeyError, TypeError):
            return (), "en"
        previous, self._catalogue = self._catalogue, items
        notices = []
        for canonical in sorted(set(previous) - set(items)):
            gone = previous[canonical]
            label = gone.get("label") or canonical
            text = f"{label} was removed: its page /{gone.get('url', '')} is gone."
            citing = sorted({c["symbol"] for c in gone.get("cited_by", ()) if c["symbol"] in items})
            if citing:
                names = ", ".join(str(items[s].get("label") or s) for s in citing)
                text += f" It is cited by {names}: those citations now link to the official document."
            notices.append(text)
        return tuple(notices), language

    def _notify(self, batch: Batch | None, before: Published, after: Published) -> bool:
        """Tell the browsers, from the event loop, once the build is in place; True
        when they reload their pages (not only the stylesheets)."""
        if batch is None:
            return False
        css_only = batch.css_only and after.has_site and before.has_site and not after.errors and not before.errors
        if css_only:
            paths = sorted(batch.paths)
            self._call(lambda: self.hub.reload_css(paths))
        else:
            self._call(self.hub.reload_page)
        return not css_only
