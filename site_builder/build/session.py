"""What a process that builds one site again and again (the live preview) keeps from
build to build, and how such a process takes part in a build: it asks for some pages
first (those open in a browser), is handed them before the exports are written, and
may give the build up when a newer save comes in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostic


class Superseded(Exception):
    """A newer save came in: the build was given up before it changed the output (the
    cache is as the last good build left it)."""


@dataclass(frozen=True)
class FirstPages:
    """What a build hands over once the pages asked for first are made, before the
    other pages and the exports: the files written so far, by output path (the
    others of ``settled`` are in the output already, unchanged)."""

    files: Mapping[str, bytes]
    #: every output path whose content in the new build is known now
    settled: frozenset[str]
    #: the problems found so far (the drafting checks', among others)
    diagnostics: tuple[Diagnostic, ...]
    language: str


@dataclass
class Preview:
    """How a live preview takes part in each build of its ``Session``."""

    #: output paths (``ga/58-9/index.html``) of the pages to make before the others
    first: Callable[[], frozenset[str]]
    #: given the pages made first; the build goes on with the rest afterwards
    publish: Callable[[FirstPages], None]
    #: True when a newer save waits: the build stops at its next step (``Superseded``)
    superseded: Callable[[], bool]
    #: content files (``content/ga/58-9.md``) changed since the last build: their pages go first
    changed: frozenset[str] = frozenset()

    def check(self) -> None:
        if self.superseded():
            raise Superseded


@dataclass
class Session:
    """What a process that builds one site again and again (the live preview) keeps
    from build to build: the cache, in memory as well as on disk, so that a save does
    not read every record back. A build that fails drops it (the next one reads the
    cache anew); one given up for a newer save (``Superseded``) keeps it."""

    cache: BuildCache | None = None
    preview: Preview | None = None
    #: output folders whose leftovers (of killed builds) this process has removed:
    #: after that, any beside them are its own (an old tree being deleted in a thread)
    cleaned: set[Path] = field(default_factory=set)

    def first_build_into(self, out: Path) -> bool:
        """True the first time ``out`` is asked about."""
        if out in self.cleaned:
            return False
        self.cleaned.add(out)
        return True

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None
