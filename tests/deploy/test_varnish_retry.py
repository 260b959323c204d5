"""The repository's VCL in a real Varnish retries, once, a page fetch whose
connection died with no answer (a worker killed or restarted while it held
it), and never a request with a body."""

import contextlib
import shutil
import socket
import struct
import threading
import urllib.error
import urllib.request

import pytest

from akhbar.testing.servers import varnish_server

pytestmark = pytest.mark.skipif(
    not shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin:/usr/bin"),
    reason="varnishd is not installed ('scripts/setup --test' installs varnish)",
)

PAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"Cache-Control: public, s-maxage=60\r\nContent-Length: 11\r\n"
    b"Connection: close\r\n\r\n<p>page</p>"
)


class DyingOrigin:
    """An origin whose first ``deaths`` connections are reset once their
    request has come (as by a worker killed mid-request); the others get a
    cacheable page. Counts the page requests it read (not the probe's)."""

    def __init__(self, deaths: int):
        self.deaths = deaths
        self.requests = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if not data:
                    continue
                if data.split(b" ", 2)[1] == b"/healthz":
                    # Varnish's probe: always up, not counted.
                    conn.sendall(PAGE)
                    continue
                self.requests += 1
                if self.requests <= self.deaths:
                    # A reset, not a clean close: SO_LINGER with no time.
                    conn.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    continue
                conn.sendall(PAGE)

    def close(self):
        self.listener.close()


@pytest.fixture
def origin_dying_once():
    origin = DyingOrigin(deaths=1)
    yield origin
    origin.close()


def _status(request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_page_whose_fetch_was_reset_is_fetched_again(origin_dying_once):
    with varnish_server("127.0.0.1", origin_dying_once.port) as front:
        assert _status(front + "/%D8%AE%D8%A8%D8%B1/") == 200
        assert origin_dying_once.requests == 2


def test_a_post_is_never_sent_twice(origin_dying_once):
    with varnish_server("127.0.0.1", origin_dying_once.port) as front:
        request = urllib.request.Request(front + "/comments/post/", data=b"a=1")
        assert _status(request) == 503
        assert origin_dying_once.requests == 1


def test_an_origin_that_keeps_dying_gets_one_retry_then_a_503():
    origin = DyingOrigin(deaths=10)
    try:
        with varnish_server("127.0.0.1", origin.port) as front:
            assert _status(front + "/page/") == 503
            assert origin.requests == 2
    finally:
        with contextlib.suppress(OSError):
            origin.close()
