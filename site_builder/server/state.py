"""What is being served, shared by the build thread and the HTTP server.

Requests read the output folder only while no build is running: a request that
arrives during a build waits for it, so no response mixes two builds and none
falls into the moment the new output is swapped in. The build, in turn, starts
only once the requests already reading have finished (they take milliseconds).

A rebuild is published in two steps. First the pages open in a browser (and those
of the changed files) with the theme: the files they changed are served from memory
(``Published.files``), and only the output paths whose new content is known by then
(``Published.settled``) are served at all; a request for any other path waits. Then,
once the other pages and the exports are in place on disk, everything is (``finish``):
the files in memory are dropped, and the generation stays, as the pages already
served are those of the finished build.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.diagnostics import Diagnostic


@dataclass(frozen=True)
class Published:
    """The state of the served site after a build."""

    #: changes with every build (and between two runs of the server)
    generation: str
    #: a build has succeeded: the output folder holds a whole site
    has_site: bool
    #: the errors of the latest build; empty when it succeeded
    errors: tuple[Diagnostic, ...] = ()
    #: things the editor should know after a good build (a page gone, ...)
    notices: tuple[str, ...] = ()
    language: str = "en"
    #: files of this build not yet in the output folder, by output path (served from here)
    files: Mapping[str, bytes] = field(default_factory=dict)
    #: the output paths that may be served (from ``files`` or the output folder) while the
    #: build goes on; None once the whole build is in the output folder
    settled: frozenset[str] | None = None

    def serves(self, rels: Iterable[str]) -> bool:
        """Whether a request for one of these output paths may be answered now."""
        settled = self.settled
        return settled is None or any(rel in settled for rel in rels)


class SiteState:
    def __init__(self, out: Path) -> None:
        self.out = out
        self._instance = secrets.token_hex(4)
        self._count = 0
        self._cond = threading.Condition()
        self._building = False
        self._readers = 0
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._current = Published(self._generation(), has_site=False)

    def _generation(self) -> str:
        return f"{self._instance}-{self._count}"

    @property
    def current(self) -> Published:
        with self._cond:
            return self._current

    @property
    def building(self) -> bool:
        with self._cond:
            return self._building

    def begin_build(self, timeout: float = 10.0) -> None:
        """Hold new requests back, and wait for those reading to finish."""
        with self._cond:
            self._building = True
            self._cond.wait_for(lambda: self._readers == 0, timeout=timeout)

    def end_build(
        self,
        *,
        has_site: bool,
        errors: tuple[Diagnostic, ...] = (),
        notices: tuple[str, ...] = (),
        language: str = "en",
    ) -> Published:
        """Publish the result of a build and let the waiting requests go."""
        return self._publish(Published("", has_site, errors, notices, language), new=True)

    def publish_first(self, files: Mapping[str, bytes], settled: frozenset[str], language: str) -> Published:
        """Publish the first pages of a rebuild (``files`` from memory, only ``settled`` served)."""
        return self._publish(Published("", True, (), (), language, files, settled), new=True)

    def finish(self, *, notices: tuple[str, ...] = (), new: bool = False) -> Published:
        """The rebuild whose first pages were published is in the output folder: serve all
        of it (a ``new`` generation when what the pages show beside the site changed)."""
        with self._cond:
            current = self._current
        return self._publish(Published("", True, (), notices, current.language), new=new)

    def resume(self) -> None:
        """A build was given up before it published anything: serve what was served."""
        with self._cond:
            current = self._current
        self._publish(current, new=False)

    def _publish(self, published: Published, *, new: bool) -> Published:
        with self._cond:
            if new:
                self._count += 1
            self._current = dataclasses.replace(published, generation=self._generation())
            self._building = False
            waiters, self._waiters = self._waiters, []
            published = self._current
        for loop, future in waiters:
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_set_done, future)
        return published

    @asynccontextmanager
    async def reading(self, rels: Iterable[str] = (), timeout: float = 120.0) -> AsyncIterator[Published]:
        """While inside, the files the request may serve do not change: waits for a
        running build, and for the rest of a rebuild unless one of ``rels`` (the output
        paths the request may read) is settled already."""
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + timeout
        rels = tuple(rels)
        while True:
            with self._cond:
                ready = not self._building and self._current.serves(rels)
                if ready or time.monotonic() >= deadline:
                    self._readers += 1
                    published = self._current
                    break
                future: asyncio.Future[None] = loop.create_future()
                self._waiters.append((loop, future))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(future, max(0.0, deadline - time.monotonic()))
        try:
            yield published
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()


def _set_done(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
