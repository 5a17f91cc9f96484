"""Serving the built site: files inside the output folder, and nothing else.

A URL path is decoded once and checked segment by segment (no ``..``, no hidden
names, no NUL or backslash), then resolved with symlinks followed and required to
lie inside the output folder. A folder is served through its ``index.html`` or
not at all: there are no directory listings. Anything else is the site's own
404 page.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import tornado.web

from site_builder.server.errors import error_page
from site_builder.server.state import Published, SiteState


@dataclass(frozen=True)
class Found:
    path: Path


@dataclass(frozen=True)
class Redirect:
    """A folder asked for without its trailing slash (its relative links need it)."""

    location: str


def _segments(url_path: str) -> tuple[str, list[str]] | None:
    """The path as sent (without query or fragment) and its decoded segments; None when
    it is not one we serve."""
    raw = url_path.split("?", 1)[0].split("#", 1)[0]
    try:
        decoded = unquote(raw, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
        return None
    segments = [s for s in decoded.split("/") if s]
    if any(s.startswith(".") for s in segments):  # "..", "." and hidden files alike
        return None
    return raw, segments


def output_paths(url_path: str) -> tuple[str, ...]:
    """The output paths ``url_path`` may name: the file, or a folder's ``index.html``
    (a folder asked for without its slash is redirected to it)."""
    found = _segments(url_path)
    if found is None:
        return ()
    raw, segments = found
    rel = "/".join(segments)
    if not segments or raw.endswith("/"):
        return (f"{rel}/index.html" if rel else "index.html",)
    return rel, f"{rel}/index.html"


def resolve(root: Path, url_path: str) -> Found | Redirect | None:
    """The file under ``root`` that ``url_path`` (as sent, percent-encoded) names, if any."""
    found = _segments(url_path)
    if found is None:
        return None
    raw, segments = found
    base = root.resolve()
    try:
        real = base.joinpath(*segments).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not real.is_relative_to(base):
        return None
    if real.is_dir():
        if not raw.endswith("/"):
            return Redirect("/" + "".join(quote(s) + "/" for s in segments))
        index = real / "index.html"
        try:
            real = index.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(base):
            return None
    return Found(real) if real.is_file() else None


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
        kind += "; charset=utf-8"
    return kind


def inject(html: bytes, extra: str) -> bytes:
    """``extra`` placed before the last ``</body>`` (or at the end)."""
    if not extra:
        return html
    data = extra.encode("utf-8")
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + data
    return html[:at] + data + html[at:]


#: what goes into a served HTML page of a published build: the reload script and
#: the error overlay
Decorate = Callable[[Published], str]


class SiteHandler(tornado.web.RequestHandler):
    """GET and HEAD for the files of the last good build."""

    state: SiteState
    decorate: Decorate

    def initialize(self, state: SiteState, decorate: Decorate) -> None:
        self.state = state
        self.decorate = decorate

    def compute_etag(self) -> None:
        return None

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    async def get(self) -> None:
        await self._respond(body=True)

    async def head(self) -> None:
        await self._respond(body=False)

    async def _respond(self, *, body: bool) -> None:
        rels = output_paths(self.request.path)
        async with self.state.reading(rels) as published:
            status, ctype, data = self._lookup(published, rels)
        if isinstance(data, Redirect):
            query = self.request.query
            self.redirect(data.location + (f"?{query}" if query else ""), permanent=False)
            return
        self.set_status(status)
        self.set_header("Content-Type", ctype)
        self.set_header("Content-Length", str(len(data)))
        if body:
            self.write(data)

    def _lookup(self, published: Published, rels: tuple[str, ...]) -> tuple[int, str, bytes | Redirect]:
        html = "text/html; charset=utf-8"
        extra = self.decorate(published)
        if not published.has_site:
            page = error_page(published.errors, language=published.language)
            return 500, html, inject(page.encode("utf-8"), extra)
        in_memory = [rel for rel in rels if rel in published.files]
        if in_memory and in_memory[0] != rels[0]:  # a new folder, asked for without its slash
            return 302, html, Redirect("/" + quote(rels[0]) + "/")
        if in_memory:
            ctype = content_type(Path(rels[0]))
            kept = published.files[rels[0]]
            return 200, ctype, inject(kept, extra) if ctype.startswith("text/html") else kept
        found = resolve(self.state.out, self.request.path)
        if isinstance(found, Redirect):
            return 302, html, found
        if found is not None:
            try:
                data = found.path.read_bytes()
            except OSError:
                data = None
            if data is not None:
                ctype = content_type(found.path)
                if ctype.startswith("text/html"):
                    data = inject(data, extra)
                return 200, ctype, data
        return 404, html, inject(self._not_found(), extra)

    def _not_found(self) -> bytes:
        try:
            return (self.state.out / "404.html").read_bytes()
        except OSError:
            return b"<!DOCTYPE html>\n<title>Page not found</title>\n<h1>Page not found</h1>\n"
