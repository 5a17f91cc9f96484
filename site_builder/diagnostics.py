"""Problems found in a site, reported as ``path:line: message``.

This module is the leaf of the package: it imports nothing else from it.
Every stage reports into one :class:`Reporter`, so that a run lists every
problem at once and fails only at the end (MkDocs and Hugo do the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path


class Level(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file where that is known."""

    path: str
    line: int
    message: str
    level: Level = Level.ERROR
    # Lines of source around the problem, for the live preview's error page.
    context: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    def format(self) -> str:
        where = self.path if not self.line else f"{self.path}:{self.line}"
        prefix = f"{where}: " if where else ""
        level = "warning: " if self.level is Level.WARNING else ""
        return f"{prefix}{level}{self.message}"

    def __str__(self) -> str:
        return self.format()


class BuildFailed(Exception):
    """The build found errors; nothing was written."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class Reporter:
    """Collects diagnostics from every stage; the build decides at the end."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self._items: list[Diagnostic] = []
        self._seen: set[tuple[str, int, str]] = set()

    def error(self, path: str, line: int, message: str, *, context: tuple[tuple[int, str], ...] = ()) -> None:
        self.add(Diagnostic(path, line, message, Level.ERROR, context))

    def warning(self, path: str, line: int, message: str, *, context: tuple[tuple[int, str], ...] = ()) -> None:
        self.add(Diagnostic(path, line, message, Level.WARNING, context))

    def add(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.path, diagnostic.line, diagnostic.message)
        if key in self._seen:  # the same problem found twice is reported once
            return
        self._seen.add(key)
        self._items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(self._items, key=lambda d: (d.path, d.line, d.message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level is Level.WARNING]

    def failed(self) -> bool:
        """True when the build must stop: any error, or any warning under --strict."""
        return bool(self.errors) or (self.strict and bool(self.warnings))

    def raise_if_failed(self) -> None:
        if self.failed():
            raise BuildFailed(self.diagnostics)


def add_context(reporter: Reporter, root: Path) -> None:
    """Attach the source lines around each problem (for the live preview's error page),
    reading each file once however many problems it has."""
    lines_of: dict[str, list[str]] = {}
    enriched = []
    for d in reporter._items:
        if d.line and not d.context:
            lines = lines_of.get(d.path)
            if lines is None:
                path = root / d.path
                try:
                    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []
                except OSError:
                    lines = []
                lines_of[d.path] = lines
            d = replace(d, context=_context(lines, d.line))
        enriched.append(d)
    reporter._items = enriched


def _context(lines: list[str], line: int, radius: int = 3) -> tuple[tuple[int, str], ...]:
    if not 1 <= line <= len(lines):
        return ()
    first = max(1, line - radius)
    last = min(len(lines), line + radius)
    return tuple((n, lines[n - 1]) for n in range(first, last + 1))
