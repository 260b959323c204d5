"""The repository's VCL in a real Varnish, with a page the app sent already
stale (``max-age=0, s-maxage=0``: read across a change, see
``akhbar.core.responsecache``): the readers that waited for its fetch share
it, a reader who comes later while the app is up gets a new render, and the
page is served stale once the app is down."""

import http.server
import shutil
import threading
import time
import urllib.error
import urllib.request

import pytest

from akhbar.testing.servers import varnish_server

pytestmark = pytest.mark.skipif(
    not shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin:/usr/bin"),
    reason="varnishd is not installed ('scripts/setup --test' installs varnish)",
)

ALREADY_STALE = (
    "public, max-age=0, s-maxage=0, stale-while-revalidate=60, stale-if-error=86400"
)
FRESH = "public, max-age=30, s-maxage=300, stale-while-revalidate=60"


class Origin(http.server.ThreadingHTTPServer):
    """An app whose pages say which render they are («نسخة 3») and when their
    request began (``X-Akhbar-Read-At``), sent with ``cache_control``, or
    fail with ``failing`` (a 500); a render waits for ``release`` (set by
    default). Its health check always answers while it listens."""

    daemon_threads = True

    def __init__(self, cache_control: str):
        self.cache_control = cache_control
        self.renders = 0
        self.failing = False
        self.rendering = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), OriginHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        """Take the app away: the port refuses connections from now on."""
        self.shutdown()
        self.server_close()


class OriginHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        origin = self.server
        # When this request began, as the app says it (X-Akhbar-Read-At).
        self.read_at = time.time_ns() // 1000
        if self.path == "/healthz":
            self.answer(b"ok", "no-store")
            return
        with origin.lock:
            origin.renders += 1
            number = origin.renders
        origin.rendering.set()
        origin.release.wait(30)
        if origin.failing:
            self.answer(b"error", "private, no-store", status=500)
            return
        self.answer(("نسخة %d" % number).encode(), origin.cache_control)

    def answer(self, body: bytes, cache_control: str, status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Cache-Control", cache_control)
        self.send_header("Surrogate-Key", "site home")
        self.send_header("X-Akhbar-Read-At", "%016d" % self.read_at)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def ask(front: str, path: str = "/") -> tuple[int, str, dict]:
    """(status, body, headers) of a GET through Varnish, with the debug
    headers (how the answer was served)."""
    request = urllib.request.Request(front + path, headers={"X-Akhbar-Debug": "1"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def ask_together(front: str, origin: Origin, path: str = "/", readers: int = 5):
    """``readers`` GETs of ``path`` at once, held while the first render waits
    until the others have queued in Varnish behind its fetch; their answers."""
    origin.release.clear()
    origin.rendering.clear()
    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(ask(front, path)))
        for _ in range(readers)
    ]
    for thread in threads:
        thread.start()
    assert origin.rendering.wait(30)
    # The others reach Varnish and queue behind the fetch under way.
    time.sleep(1.5)
    origin.release.set()
    for thread in threads:
        thread.join(60)
    return answers


def healthy(front: str) -> None:
    """Wait until Varnish reaches the app (its probe needs a moment)."""
    deadline = time.monotonic() + 30
    while ask(front, "/healthz")[0] != 200:
        assert time.monotonic() < deadline, "Varnish never reached the app"
        time.sleep(0.2)


@pytest.fixture
def stale_origin():
    origin = Origin(ALREADY_STALE)
    yield origin
    origin.server_close()


def test_a_page_sent_already_stale_is_rendered_again_for_the_next_reader(
    stale_origin,
):
    with varnish_server("127.0.0.1", stale_origin.port) as front:
        healthy(front)
        first = ask(front)
        # Past the millisecond the copy is kept fresh for the readers queued
        # behind its fetch (the VCL's vcl_backend_response).
        time.sleep(0.1)
        second = ask(front)
        assert (first[0], first[1]) == (200, "نسخة 1")
        # Not the stored copy (stale from birth) while the app is up, and not
        # a stale copy with a fetch behind it either: a new render.
        assert (second[0], second[1]) == (200, "نسخة 2")
        assert second[2]["X-Akhbar-Served"] == "miss"
        assert stale_origin.renders == 2


def test_the_readers_waiting_for_its_fetch_share_it(stale_origin):
    """Varnish 7 hands an object stored with no TTL to none of the readers
    queued behind its fetch: each fetched it again in turn (five readers, five
    renders one after another)."""
    with varnish_server("127.0.0.1", stale_origin.port) as front:
        healthy(front)
        answers = ask_together(front, stale_origin)
        assert [(status, body) for status, body, _ in answers] == [(200, "نسخة 1")] * 5
        assert stale_origin.renders == 1


def test_it_is_served_stale_while_the_app_is_down(stale_origin):
    with varnish_server("127.0.0.1", stale_origin.port) as front:
        healthy(front)
        assert ask(front)[:2] == (200, "نسخة 1")
        stale_origin.stop()
        # At once (its fetch fails before the probe has seen the app down) and
        # once the probe has (a window of 3 probes a second apart).
        for wait in (0, 4):
            time.sleep(wait)
            status, body, headers = ask(front)
            assert (status, body) == (200, "نسخة 1"), wait
            assert headers["X-Akhbar-Served"] == "stale"
        # A page never stored has nothing to fall back on.
        assert ask(front, "/never-asked/")[0] == 503


def test_it_is_served_stale_when_the_app_fails_it(stale_origin):
    with varnish_server("127.0.0.1", stale_origin.port) as front:
        healthy(front)
        assert ask(front)[:2] == (200, "نسخة 1")
        stale_origin.failing = True
        time.sleep(0.1)
        status, body, headers = ask(front)
        assert (status, body, headers.get("X-Akhbar-Served")) == (
            200,
            "نسخة 1",
            "stale",
        )
        # Asked once for it: serving the stale copy sends the app no second
        # request (not even in the background, a moment later).
        time.sleep(1)
        assert stale_origin.renders == 2
        # A page with no stale copy: the app's own error page.
        status, body, headers = ask(front, "/never-asked/")
        assert (status, body) == (500, "error")


def test_a_fresh_page_is_still_served_from_the_cache():
    origin = Origin(FRESH)
    try:
        with varnish_server("127.0.0.1", origin.port) as front:
            healthy(front)
            assert ask(front)[:2] == (200, "نسخة 1")
            status, body, headers = ask(front)
            assert (status, body, headers["X-Akhbar-Served"]) == (200, "نسخة 1", "hit")
            assert origin.renders == 1
            # Without the debug header the cache's own headers stay inside.
            with urllib.request.urlopen(front + "/", timeout=30) as response:
                assert response.headers["X-Akhbar-Served"] is None
                assert response.headers["X-Akhbar-Fetch"] is None
    finally:
        origin.server_close()


SHORT = "public, max-age=1, s-maxage=1, stale-while-revalidate=60, stale-if-error=86400"


def test_a_stale_copy_outlives_the_apps_error_page():
    """A page past its lifetime, in grace, whose renewal the app fails (a 500,
    not cacheable): readers keep the stale copy. The error used to be stored
    as a hit-for-miss object for two minutes, in front of the stale copy:
    every reader after it got the app's error page."""
    origin = Origin(SHORT)
    try:
        with varnish_server("127.0.0.1", origin.port) as front:
            healthy(front)
            assert ask(front)[:2] == (200, "نسخة 1")
            time.sleep(1.5)
            origin.failing = True
            answers = []
            for _ in range(4):
                answers.append(ask(front))
                time.sleep(0.3)
            assert [(status, body) for status, body, _ in answers] == [
                (200, "نسخة 1")
            ] * 4
            assert {headers["X-Akhbar-Served"] for *_, headers in answers} == {"stale"}
            # The app was asked again (in the background), not spared.
            assert origin.renders >= 3
    finally:
        origin.server_close()


def test_readers_share_one_fetch_again_soon_after_an_error():
    """A page with no copy that the app failed: its error page is answered,
    and a second later readers wait for one fetch again rather than each
    sending the app a request of their own (a hit-for-miss object kept them
    apart for two minutes)."""
    origin = Origin(FRESH)
    try:
        with varnish_server("127.0.0.1", origin.port) as front:
            healthy(front)
            origin.failing = True
            assert ask(front, "/x/")[:2] == (500, "error")
            origin.failing = False
            time.sleep(1.5)
            before = origin.renders
            answers = ask_together(front, origin, "/x/")
            assert origin.renders - before == 1
            assert {(status, body) for status, body, _ in answers} == {
                (200, "نسخة %d" % origin.renders)
            }
    finally:
        origin.server_close()
