"""The browser side of the live preview, on the ``livereload`` package's client.

Everything that knows about ``livereload`` (its ``livereload.js`` client and the
LiveReload protocol, spoken over a tornado WebSocket) is in this module, so that
it can be swapped without touching the rest. The package's own server is not
used: its handler watches nothing until a browser connects and drops a change
that comes within 3 s of the previous reload. Here the server's watcher decides
when to notify, and it does so only after a build has been swapped into place.

The script injected into served pages (never into the built files):

- loads ``livereload.js``, which reloads the page, or only the stylesheets when
  only CSS changed (``liveCSS``);
- keeps the scroll position over a reload (sessionStorage; Chromium restores it
  too, but not always once the text above has changed);
- on (re)connecting asks for the current generation and reloads if the page is
  older: a build that finished between serving the page and the WebSocket
  handshake is not missed, nor is a restart of the server.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import tornado.web
import tornado.websocket

PROTOCOL = "http://livereload.com/protocols/official-7"
#: paths the server answers itself; everything else is the site
SCRIPT_PATH = "/livereload.js"  # livereload.js finds its options from this name
SOCKET_PATH = "/livereload"  # livereload.js connects here (fixed by the client)
STATE_PATH = "/livereload/state"


def client_js() -> bytes:
    """The ``livereload`` package's browser client."""
    return resources.files("livereload").joinpath("vendors/livereload.js").read_bytes()


_SNIPPET = """<script data-site-builder-live="{generation}">(function(){{
var gen="{generation}",key="site-builder:scroll:"+location.pathname;
function save(){{try{{sessionStorage.setItem(key,JSON.stringify([scrollX,scrollY]));}}catch(e){{}}}}
addEventListener("pagehide",save);addEventListener("beforeunload",save);
var nav=performance.getEntriesByType?performance.getEntriesByType("navigation")[0]:null;
if(nav&&nav.type==="reload"){{var saved=null;try{{saved=JSON.parse(sessionStorage.getItem(key));}}catch(e){{}}
if(saved){{var restore=function(){{
if(Math.abs(scrollY-saved[1])>1||Math.abs(scrollX-saved[0])>1)scrollTo(saved[0],saved[1]);}};
if(document.readyState==="loading")addEventListener("DOMContentLoaded",restore);else restore();
addEventListener("load",function(){{restore();setTimeout(restore,50);}});}}}}
document.addEventListener("LiveReloadConnect",function(){{
fetch("{state}",{{cache:"no-store"}}).then(function(r){{return r.json();}}).then(function(s){{
if(s.generation!==gen){{save();location.reload();}}}}).catch(function(){{}});}});
var port=location.port||(location.protocol==="https:"?443:80);
var s=document.createElement("script");s.async=true;
s.src="{script}?port="+port+"&mindelay=200&maxdelay=2000";
(document.head||document.documentElement).appendChild(s);
}})();</script>"""


def snippet(generation: str) -> str:
    """The script put into every served HTML response of the given generation."""
    safe = json.dumps(generation)[1:-1].replace("<", "\\u003c")
    return _SNIPPET.format(generation=safe, state=STATE_PATH, script=SCRIPT_PATH)


class ReloadHub:
    """The connected browsers; used from the server's event loop only."""

    def __init__(self) -> None:
        self.sockets: set[LiveReloadSocket] = set()
        #: every message sent, for the terminal and the tests
        self.sent: list[dict[str, Any]] = []
        #: the URL paths of the pages open in the connected browsers (as their clients
        #: said); replaced whole, so that the build thread may read it
        self.open_pages: frozenset[str] = frozenset()
        #: how many times a browser has connected (a reloaded page connects again)
        self.greeted = 0

    def opened(self, socket: LiveReloadSocket, url: object) -> None:
        if isinstance(url, str):
            socket.page = urlsplit(url).path
            self._update()

    def closed(self, socket: LiveReloadSocket) -> None:
        self.sockets.discard(socket)
        self._update()

    def _update(self) -> None:
        self.open_pages = frozenset(s.page for s in self.sockets if s.page)

    def reload_page(self) -> None:
        self._send({"command": "reload", "path": "/", "liveCSS": False, "liveImg": False})

    def reload_css(self, paths: list[str]) -> None:
        """Refresh the stylesheets at these output paths, without reloading the page."""
        for path in paths:
            self._send({"command": "reload", "path": path, "liveCSS": True, "liveImg": False})

    def _send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)
        for socket in list(self.sockets):
            try:
                socket.write_message(json.dumps(message))
            except tornado.websocket.WebSocketClosedError:
                self.closed(socket)

    def close_all(self) -> None:
        for socket in list(self.sockets):
            socket.close()
        self.sockets.clear()
        self._update()


class LiveReloadSocket(tornado.websocket.WebSocketHandler):
    """The LiveReload protocol: ``hello`` both ways, then reload messages."""

    hub: ReloadHub
    #: the URL path of the page this client is in (its ``info`` message says)
    page = ""

    def initialize(self, hub: ReloadHub) -> None:
        self.hub = hub

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        if data.get("command") == "hello":
            # registered before the reply: once the client knows it is connected,
            # no later build can be missed
            self.hub.sockets.add(self)
            self.hub.greeted += 1
            self.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL], "serverName": "site-builder"}))
        elif data.get("command") == "info" and self in self.hub.sockets:
            self.hub.opened(self, data.get("url"))

    def on_close(self) -> None:
        self.hub.closed(self)


class LiveReloadScript(tornado.web.RequestHandler):
    def initialize(self, script: bytes) -> None:
        self.script = script

    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self.script)


def handlers(hub: ReloadHub) -> list[tuple[str, type[tornado.web.RequestHandler], dict[str, Any]]]:
    """The routes of the live-reload side (the state route is the server's own)."""
    return [
        (SOCKET_PATH, LiveReloadSocket, {"hub": hub}),
        (SCRIPT_PATH, LiveReloadScript, {"script": client_js()}),
    ]
