"""The live preview without a browser: path checks, the watcher, the server's HTTP side.

Browser tests are in ``test_serve_browser.py``; the helpers to run a server in a
thread are here and shared with them.
"""

from __future__ import annotations

import errno
import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from site_builder.server import PreviewServer, ServeError
from site_builder.server.app import bind, is_loopback
from site_builder.server.http import Found, Redirect, resolve
from site_builder.server.watch import Batch, Watcher, ignored
from tests.conftest import REPO, resolution, write_site

# -- a small site, and a server for it in a thread ------------------------------


def ga(symbol: str, title: str, *, recalling: str = "its earlier work", paragraphs: int = 2) -> str:
    """A General Assembly resolution; ``recalling`` is cited in its first recital."""
    ops = "\n\n".join(
        f"{n}. *Requests* the Secretary-General to report on item {n} of {title.lower()};"
        for n in range(1, paragraphs + 1)
    )
    return (
        f"---\nsymbol: {symbol}\nbody: ga\ntitle: {title}\ndate: 2002-12-18\nmeeting: 77\n---\n\n"
        f"*The General Assembly*,\n\n*Recalling* {recalling},\n\n{ops}\n\n"
        "*77th plenary meeting  \n18 December 2002*\n"
    )


def small_site(root: Path) -> Path:
    return write_site(
        root,
        {
            "content/ga/57-173.md": ga("57/173", "Cooperation against trafficking", paragraphs=40),
            "content/ga/57-174.md": ga(
                "57/174", "Follow-up work", recalling="its resolution 57/173 of 18 December 2002"
            ),
            "theme/style.css": "body { color: rgb(0, 0, 0); }\n",
        },
    )


class Running:
    """A PreviewServer serving in a thread, with its terminal output captured."""

    def __init__(self, root: Path, **options: float) -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        self.server = PreviewServer(root, host="127.0.0.1", port=0, out=self.out, err=self.err, **options)
        self.server.start()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        assert self.server.ready.wait(15), "the server did not start"
        self.root = root
        self.url = self.server.url

    def get(self, path: str) -> tuple[int, str]:
        """GET ``path`` exactly as written (no normalisation by the client)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=15)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.02)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(15)
        self.server.close()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    live = Running(small_site(tmp_path / "site"))
    yield live
    live.stop()


def save(path: Path, text: str) -> None:
    """Write as an editor does, and make sure the watcher sees a new stamp."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- path checks -------------------------------------------------------------


@pytest.fixture
def out(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    write_site(
        root,
        {
            "index.html": "<p>home</p>",
            "ga/57-173/index.html": "<p>page</p>",
            "theme/style.css": "body{}",
            "empty/notes.txt": "no index here",
            ".site-builder-output": "marker",
        },
    )
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (root / "link-out").symlink_to(tmp_path)
    (root / "secret-link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "inside-link.css").symlink_to(root / "theme" / "style.css")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/../../etc/passwd",
        "/ga/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/ga/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.css",
        "/link-out/secret.txt",
        "/secret-link.txt",
        "/.site-builder-output",
        "/%ff%fe",
        "/empty/",
        "/no-such-page/",
        "//etc/passwd",
        "/" + str(REPO).lstrip("/") + "/site.yaml",
    ],
)
def test_resolve_refuses_anything_outside_the_output(out: Path, url: str) -> None:
    assert resolve(out, url) is None


def test_resolve_serves_files_folders_and_symlinks_inside(out: Path) -> None:
    assert resolve(out, "/") == Found(out / "index.html")
    assert resolve(out, "/ga/57-173/") == Found(out / "ga" / "57-173" / "index.html")
    assert resolve(out, "/ga/57-173/index.html?x=1") == Found(out / "ga/57-173/index.html")
    assert resolve(out, "/theme/style%2Ecss") == Found(out / "theme" / "style.css")
    assert resolve(out, "/inside-link.css") == Found(out / "theme" / "style.css")
    # a folder without its slash: redirected, since its relative links need it
    assert resolve(out, "/ga/57-173") == Redirect("/ga/57-173/")
    assert resolve(out, "/ga//57-173") == Redirect("/ga/57-173/")


def test_traversal_attempts_get_404_from_the_server(running: Running) -> None:
    out = running.server.state.out
    (out.parent / "secret.txt").write_text("outside the output", encoding="utf-8")
    (out / "link-out").symlink_to(out.parent)
    for url in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/ga/%2E%2E/%2E%2E/secret.txt",
        "/link-out/secret.txt",
        "/.site-builder-output",
        "/theme/",  # a folder without index.html: no listing
        "/data/",
    ]:
        status, body = running.get(url)
        assert status == 404, url
        assert "outside the output" not in body
        assert "Index of" not in body
        assert "Page not found" in body  # the site's own 404 page


def test_served_html_gets_the_reload_script_but_built_files_do_not(running: Running) -> None:
    status, body = running.get("/ga/57-173/")
    assert status == 200
    assert "/livereload.js" in body and "data-site-builder-live" in body
    built = (running.server.state.out / "ga" / "57-173" / "index.html").read_text("utf-8")
    assert "livereload" not in built
    status, css = running.get("/theme/style.css")
    assert status == 200 and "livereload" not in css
    status, _ = running.get("/livereload.js")
    assert status == 200


def test_folder_without_slash_redirects(running: Running) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", running.server.port, timeout=10)
    conn.request("GET", "/ga/57-173?x=1")
    response = conn.getresponse()
    assert response.status == 302
    assert response.getheader("Location") == "/ga/57-173/?x=1"
    conn.close()


# -- the watcher -------------------------------------------------------------


def test_watcher_gives_one_batch_for_a_burst(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/a.md": resolution()})
    (root / "build").mkdir()
    # saves 5 ms apart, a quiet period far longer (a loaded machine may stall a writer)
    watcher = Watcher(root, interval=0.01, quiet=0.3)
    stop = threading.Event()

    def burst() -> None:
        time.sleep(0.05)
        for n in range(10):
            save(root / f"content/r{n}.md", f"file {n}")
            time.sleep(0.005)
        save(root / "build" / "index.html", "output: never watched")
        save(root / "content" / ".r1.md.swp", "editor scratch")

    writer = threading.Thread(target=burst)
    writer.start()
    batch = watcher.wait(stop)
    writer.join()
    assert batch is not None
    assert batch.paths == {f"content/r{n}.md" for n in range(10)}
    assert not batch.css_only
    assert watcher.poll() == set()
    watcher.close()


def test_watcher_sees_deletions_templates_theme_and_config(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/a.md": "a", "templates/base.html": "t"})
    watcher = Watcher(root, quiet=0.1)
    (root / "content/a.md").unlink()
    save(root / "templates/base.html", "t2 longer")
    save(root / "theme/extra.css", "x")  # theme/ is made now: watched from now on
    replaced = root / "site.yaml.new"
    replaced.write_text("title: Changed\n", encoding="utf-8")
    replaced.replace(root / "site.yaml")  # saved as editors do, by renaming over it
    batch = watcher.wait(threading.Event())
    assert batch is not None
    assert {"content/a.md", "templates/base.html", "site.yaml"} <= batch.paths
    assert batch.paths & {"theme", "theme/extra.css"}
    # the new folder and the renamed site.yaml are watched from now on
    save(root / "theme/extra.css", "x, saved again")
    replaced.write_text("title: Changed again\n", encoding="utf-8")
    replaced.replace(root / "site.yaml")
    batch = watcher.wait(threading.Event())
    assert batch is not None and batch.paths == {"theme/extra.css", "site.yaml"}
    watcher.close()


def test_watcher_returns_none_when_stopped(tmp_path: Path) -> None:
    watcher = Watcher(write_site(tmp_path / "site", {}), interval=0.01)
    stop = threading.Event()
    threading.Timer(0.05, stop.set).start()
    assert watcher.wait(stop) is None
    watcher.close()


def test_watcher_sees_a_new_folder_and_the_file_saved_in_it(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/a.md": "a"})
    watcher = Watcher(root, quiet=0.05)
    save(root / "content/ga/80/1.md", "new")
    batch = watcher.wait(threading.Event())
    assert batch is not None and batch.paths & {"content/ga", "content/ga/80/1.md"}
    save(root / "content/ga/80/1.md", "new, saved again")
    batch = watcher.wait(threading.Event())
    assert batch is not None and batch.paths == {"content/ga/80/1.md"}
    watcher.close()


def test_watcher_polls_when_asked(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/a.md": "a"})
    watcher = Watcher(root, interval=0.01, quiet=0.02, force_polling=True)
    threading.Timer(0.05, save, (root / "content/b.md", "b")).start()
    batch = watcher.wait(threading.Event())
    # (a poll may also see the folder whose listing changed: it is an input too)
    assert batch is not None and "content/b.md" in batch.paths and batch.paths <= {"content/b.md", "content"}
    watcher.close()


def test_batch_kinds() -> None:
    assert Batch(frozenset({"theme/style.css", "theme/print.css"}), 0).css_only
    assert not Batch(frozenset({"theme/style.css", "content/a.md"}), 0).css_only
    assert not Batch(frozenset({"templates/x.css"}), 0).css_only
    assert ignored("a.md~") and ignored(".#a.md") and ignored("4913") and ignored("a.md.swp")
    assert not ignored("_list.html")


# -- rebuilds over HTTP --------------------------------------------------------


def test_an_edit_is_served_after_one_rebuild(running: Running) -> None:
    builds = len(running.server.builds)
    page = running.root / "content/ga/57-174.md"
    save(page, page.read_text("utf-8").replace("Follow-up work", "Follow-up work, revised"))
    running.wait_for(lambda: "revised" in running.get("/ga/57-174/")[1], "the edit")
    assert len(running.server.builds) == builds + 1
    running.wait_for(lambda: bool(running.server.hub.sent), "the reload message")
    assert running.server.hub.sent == [{"command": "reload", "path": "/", "liveCSS": False, "liveImg": False}]


def test_new_file_shows_in_indexes_and_cited_by_and_deleted_file_disappears(
    running: Running,
) -> None:
    new = running.root / "content/ga/57-175.md"
    save(new, ga("57/175", "A newly added text", recalling="its resolution 57/173 of 18 December 2002"))
    running.wait_for(lambda: running.get("/ga/57-175/")[0] == 200, "the new page")
    assert "A newly added text" in running.get("/ga/")[1]
    assert "A newly added text" in running.get("/")[1] or "57/175" in running.get("/")[1]
    cited = running.get("/ga/57-173/")[1]
    cited_by = cited[cited.index("Cited by") :]
    assert "57/175" in cited_by and "57/174" in cited_by

    new.unlink()
    running.wait_for(lambda: running.get("/ga/57-175/")[0] == 404, "the page to go")
    assert "A newly added text" not in running.get("/ga/")[1]
    cited = running.get("/ga/57-173/")[1]
    assert "57/175" not in cited[cited.index("Cited by") : cited.index("</section>", cited.index("Cited by"))]

    # a page that others cite goes: the editor is told who cites it
    (running.root / "content/ga/57-173.md").unlink()
    running.wait_for(lambda: running.get("/ga/57-173/")[0] == 404, "the cited page to go")
    running.wait_for(lambda: "57/173 was removed" in running.err.getvalue(), "the notice")
    notice = running.err.getvalue()
    assert "57/173 was removed" in notice and "cited by" in notice and "57/174" in notice
    assert "site-builder-errors" in running.get("/ga/57-174/")[1]  # shown in the page too


def test_build_error_is_served_with_location_and_last_good_site_kept(running: Running) -> None:
    page = running.root / "content/ga/57-174.md"
    good = page.read_text("utf-8")
    save(page, good.replace("title: Follow-up work", "title: [unclosed"))
    running.wait_for(lambda: "site-builder-errors" in running.get("/ga/57-174/")[1], "the overlay")
    status, body = running.get("/ga/57-174/")
    assert status == 200
    assert "content/ga/57-174.md:5" in body
    assert "YAML does not parse" in body
    assert "title: [unclosed" in body  # the source lines around it
    assert "Follow-up work" in body  # the last good page under the overlay
    terminal = running.err.getvalue
    running.wait_for(lambda: "still serving the last good build" in terminal(), "the terminal")
    assert "content/ga/57-174.md:5: YAML does not parse" in terminal()
    assert "> 5 | date: 2002-12-18" in terminal()

    save(page, good.replace("Follow-up work", "Follow-up work, repaired"))
    running.wait_for(lambda: "repaired" in running.get("/ga/57-174/")[1], "the repaired page")
    assert "site-builder-errors" not in running.get("/ga/57-174/")[1]


def test_first_build_failing_serves_an_error_page_until_fixed(tmp_path: Path) -> None:
    root = small_site(tmp_path / "site")
    page = root / "content/ga/57-174.md"
    good = page.read_text("utf-8")
    save(page, good.replace("meeting: 77\n", ""))
    live = Running(root, interval=0.02, quiet=0.05)
    try:
        status, body = live.get("/ga/57-174/")
        assert status == 500
        assert "content/ga/57-174.md" in body and "meeting" in body
        assert "/livereload.js" in body  # it recovers by itself
        save(page, good)
        live.wait_for(lambda: live.get("/ga/57-174/")[0] == 200, "the page")
    finally:
        live.stop()


def test_template_error_is_reported_with_its_line(running: Running) -> None:
    template = running.root / "templates/resolution.html"
    save(template, '{% extends "base.html" %}\n{% block main %}\n{{ broken( }}\n{% endblock %}\n')
    running.wait_for(lambda: "site-builder-errors" in running.get("/")[1], "the overlay")
    body = running.get("/")[1]
    assert "templates/resolution.html:3" in body
    template.unlink()
    running.wait_for(lambda: "site-builder-errors" not in running.get("/")[1], "recovery")


def test_requests_during_a_build_wait_for_it(running: Running) -> None:
    state = running.server.state
    state.begin_build()
    results: list[int] = []
    reader = threading.Thread(target=lambda: results.append(running.get("/")[0]))
    reader.start()
    time.sleep(0.3)
    assert results == []  # held back while the output may be changing
    state.end_build(has_site=True)
    reader.join(10)
    assert results == [200]


# -- ports, hosts, stopping ------------------------------------------------------


def test_port_in_use_takes_the_next_and_says_so(tmp_path: Path) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    taken = blocker.getsockname()[1]
    try:
        sockets, port = bind("127.0.0.1", taken, attempts=5)
        for s in sockets:
            s.close()
        assert port != taken
        with pytest.raises(ServeError, match=f"port {taken} is in use"):
            bind("127.0.0.1", taken, attempts=1)
    finally:
        blocker.close()


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def _serve_process(site: Path, tmp: Path, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--site", str(site), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_for_line(proc: subprocess.Popen[str], text: str, timeout: float = 20.0) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return line
    proc.kill()
    raise AssertionError(f"no {text!r} in the output: {''.join(lines)}")


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_removes_temporary_folders(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _serve_process(site, tmp, "--host", "localhost")
    try:
        line = _wait_for_line(proc, "Serving")
        port = int(line.split(":")[-1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()
        assert any(tmp.iterdir())  # the build lives in a temporary folder
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "Stopped." in err
    assert list(tmp.iterdir()) == []
    assert not (site / "build").exists()  # the site folder is left alone


def test_binding_elsewhere_warns(tmp_path: Path) -> None:
    try:
        probe = socket.create_server(("0.0.0.0", 0))
        probe.close()
    except OSError as exc:  # pragma: no cover - no IPv4 wildcard here
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            pytest.skip("cannot bind 0.0.0.0 here")
        raise
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = _serve_process(small_site(tmp_path / "site"), tmp, "--host", "0.0.0.0")
    try:
        _wait_for_line(proc, "Serving")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "warning: serving on 0.0.0.0" in err
    assert proc.returncode == 0
