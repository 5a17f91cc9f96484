"""The live preview: build, serve, watch, rebuild, tell the browser.

One thread watches the inputs and hands each burst of saves to another, which runs
every build (``builder``: so builds never overlap, and one in progress gives way to a
newer save); the HTTP server runs on an asyncio event loop. A build writes into a
temporary folder outside the site (``build_site`` swaps it into place only when the
whole site rendered). A rebuild's pages open in a browser are served from memory as
soon as they are made, and the browsers told to reload then; requests for the files
not made yet wait until the rest of the build is in place (``state``).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import tornado.httpserver
import tornado.netutil
import tornado.web

from site_builder.output import finish_removals
from site_builder.server import reload
from site_builder.server.builder import Builder
from site_builder.server.errors import overlay
from site_builder.server.http import SiteHandler
from site_builder.server.state import Published, SiteState
from site_builder.server.watch import Batch, Watcher


class ServeError(Exception):
    """The server cannot start (the port is taken, the address is wrong, ...)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int, attempts: int = 10) -> tuple[list[socket.socket], int]:
    """Listen on ``port``, or on the next free one of ``attempts``; returns the port."""
    ports = [port] if port == 0 else list(range(port, min(port + attempts, 65536)))
    for candidate in ports:
        try:
            sockets = tornado.netutil.bind_sockets(candidate, address=host)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                continue
            raise ServeError(f"cannot listen on {host} port {candidate}: {exc.strerror or exc}") from exc
        return sockets, sockets[0].getsockname()[1]
    raise ServeError(
        f"port {port} is in use"
        + (f", and so are the next {len(ports) - 1}" if len(ports) > 1 else "")
        + "; choose another with --port"
    )


class _StateHandler(tornado.web.RequestHandler):
    """``/livereload/state``: the generation the browser compares its page with."""

    def initialize(self, state: SiteState) -> None:
        self.state = state

    def get(self) -> None:
        published = self.state.current
        self.set_header("Cache-Control", "no-store")
        self.write(
            {
                "generation": published.generation,
                "has_site": published.has_site,
                "errors": len(published.errors),
            }
        )


class PreviewServer:
    """Build ``root`` into a temporary folder, serve it, and rebuild on every change."""

    def __init__(
        self,
        root: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        interval: float = 0.05,
        quiet: float = 0.03,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.root = root.resolve()
        self.host = host
        self.requested_port = port
        self.port = port
        self._out = out
        self._err = err
        self._print_lock = threading.Lock()
        self._tmp = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
        self.state = SiteState(self._tmp / "site")
        self.hub = reload.ReloadHub()
        self.watcher = Watcher(self.root, interval=interval, quiet=quiet)
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._sockets: list[socket.socket] = []
        self.builder = Builder(self.root, self.state, self.hub, say=self.say, call=self._call, err=err)
        #: every build of the server's life, for the terminal and the tests
        self.builds = self.builder.builds

    # -- output -------------------------------------------------------------

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def say(self, message: str, *, error: bool = False) -> None:
        stream = (self._err or sys.stderr) if error else (self._out or sys.stdout)
        with self._print_lock:
            print(message, file=stream, flush=True)

    # -- building -------------------------------------------------------------

    def build(self, batch: Batch | None = None) -> Published:
        """Build once and publish the result (``Builder.build``)."""
        return self.builder.build(batch)

    def _call(self, fn: Callable[[], None]) -> None:
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: shutting down
                self._loop.call_soon_threadsafe(fn)

    def _watch(self) -> None:
        """Hand each burst of saves to the builder (which may be building)."""
        while not self._stop.is_set():
            try:
                batch = self.watcher.wait(self._stop)
                if batch is None:
                    return
                self.builder.pending.put(batch)
            except Exception:  # keep watching whatever happened
                self.say("site-builder: internal error in the watcher:", error=True)
                traceback.print_exc(file=self._err or sys.stderr)
                self._stop.wait(0.5)

    def _rebuild(self) -> None:
        while (batch := self.builder.pending.take(self._stop)) is not None:
            try:
                self.build(batch)
            except Exception:  # keep building whatever happened
                self.say("site-builder: internal error in the builder:", error=True)
                traceback.print_exc(file=self._err or sys.stderr)
                self._stop.wait(0.5)

    # -- serving --------------------------------------------------------------

    def start(self) -> None:
        """The first build, then the port; raises ServeError when it cannot listen."""
        self.watcher.reset()
        self.build()
        self._sockets, self.port = bind(self.host, self.requested_port)
        if self.port != self.requested_port and self.requested_port != 0:
            self.say(f"Port {self.requested_port} is in use; serving on port {self.port} instead.")

    def _decorate(self, published: Published) -> str:
        extra = reload.snippet(published.generation)
        if published.has_site:
            extra += overlay(published.errors, notices=published.notices)
            extra += "" if published.errors else self.builder.lint
        return extra

    def application(self) -> tornado.web.Application:
        routes: list[Any] = [(re.escape(path), handler, kwargs) for path, handler, kwargs in reload.handlers(self.hub)]
        routes.append((re.escape(reload.STATE_PATH), _StateHandler, {"state": self.state}))
        routes.append((r"/.*", SiteHandler, {"state": self.state, "decorate": self._decorate}))
        return tornado.web.Application(routes, log_function=lambda handler: None)

    def serve_forever(self) -> None:
        """Serve until ``shutdown()`` (or Ctrl-C in the main thread); call ``start()`` first."""
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        if threading.current_thread() is threading.main_thread():
            self._loop.add_signal_handler(signal.SIGTERM, self._stopping.set)
        server = tornado.httpserver.HTTPServer(self.application())
        server.add_sockets(self._sockets)
        watcher = threading.Thread(target=self._watch, name="site-builder-watch", daemon=True)
        builder = threading.Thread(target=self._rebuild, name="site-builder-build", daemon=True)
        watcher.start()
        builder.start()
        self.ready.set()
        try:
            await self._stopping.wait()
        finally:
            self._stop.set()
            server.stop()
            self.hub.close_all()
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(server.close_all_connections(), 2)
            watcher.join(timeout=30)
            builder.join(timeout=30)
            self._loop = None

    def shutdown(self) -> None:
        """Stop serving; safe from any thread."""
        self._stop.set()
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)

    def close(self) -> None:
        """Remove the temporary output folder (after serving has stopped)."""
        self._stop.set()
        self.watcher.close()
        for sock in self._sockets:
            sock.close()
        finish_removals()
        self.builder.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
