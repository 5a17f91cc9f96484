"""What is being served, shared by the build thread and the HTTP server.

Requests read the output folder only while no build is running: a request that
arrives during a build waits for it, so no response mixes two builds and none
falls into the moment the new output is swapped in. The build, in turn, starts
only once the requests already reading have finished (they take milliseconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
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
        with self._cond:
            self._count += 1
            self._current = Published(self._generation(), has_site, errors, notices, language)
            self._building = False
            waiters, self._waiters = self._waiters, []
            published = self._current
        for loop, future in waiters:
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_set_done, future)
        return published

    @asynccontextmanager
    async def reading(self, timeout: float = 120.0) -> AsyncIterator[Published]:
        """While inside, the output folder does not change; waits for a running build."""
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if not self._building or time.monotonic() >= deadline:
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
