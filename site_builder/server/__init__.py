"""``site-builder serve``: the live preview.

Builds the site into a temporary folder, serves it on loopback, rebuilds on
every burst of saves and tells the browser when (and only when) the new build
is in place. See ``app.py`` for how the parts fit together; the ``livereload``
package is used only in ``reload.py``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import webbrowser
from pathlib import Path
from types import FrameType

from site_builder.server.app import PreviewServer, ServeError, is_loopback

__all__ = ["PreviewServer", "ServeError", "serve"]


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> int:
    """Run the preview until Ctrl-C (or SIGTERM); returns the exit status."""
    if not is_loopback(host):
        print(
            f"site-builder: warning: serving on {host} makes the preview reachable from other "
            "machines; it is meant for your own (use the default 127.0.0.1 unless you need this)",
            file=sys.stderr,
        )
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM)
    if in_main:
        # until the event loop takes SIGTERM over (and after): stop as for Ctrl-C
        signal.signal(signal.SIGTERM, _interrupt)
    server = PreviewServer(root, host=host, port=port)
    try:
        try:
            server.start()
        except ServeError as exc:
            print(f"site-builder: {exc}", file=sys.stderr)
            return 1
        server.say(
            f"Serving {server.root} on {server.url} (watching content/, templates/, "
            "theme/ and site.yaml; Ctrl-C to stop)"
        )
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    print("Stopped.", file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _SERVING:  # a worker process forked by a build: end as by default
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise KeyboardInterrupt


#: the process that serves (workers forked by a build inherit the signal handler)
_SERVING = os.getpid()
