"""The second bans (``frontcache._SecondBans``) over real HTTP: each sent once,
``REBAN_SECONDS`` after the first, and those still waiting when the process
exits sent as it exits."""

import http.server
import subprocess
import sys
import threading
import time

import pytest

from akhbar.core import frontcache


class Bans(http.server.ThreadingHTTPServer):
    """Stands in for Varnish: records each BAN (when, its headers), answers 200."""

    daemon_threads = True

    def __init__(self):
        self.received = []
        super().__init__(("127.0.0.1", 0), BanHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.server_address[1]


class BanHandler(http.server.BaseHTTPRequestHandler):
    def do_BAN(self):  # noqa: N802 - http.server's naming
        self.server.received.append((time.monotonic(), dict(self.headers)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def bans():
    server = Bans()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def backend_settings(url: str) -> dict:
    return {
        "varnish": {
            "BACKEND": "akhbar.core.frontcache.VarnishBanBackend",
            "LOCATION": url,
        }
    }


def test_each_second_ban_is_sent_once_after_its_delay(bans, settings, monkeypatch):
    monkeypatch.setattr(frontcache, "REBAN_SECONDS", 0.5)
    settings.WAGTAILFRONTENDCACHE = backend_settings(bans.url)
    started = time.monotonic()
    frontcache.purge(keys=["home"])
    time.sleep(0.2)
    frontcache.purge(keys=["article-1"])
    deadline = time.monotonic() + 10
    while len(bans.received) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.7)  # nothing more comes
    sent = [(at - started, headers) for at, headers in bans.received]
    assert len(sent) == 4
    seconds = [
        (headers["Surrogate-Key"], at)
        for at, headers in sent
        if "X-Ban-Read-Before" in headers
    ]
    assert [key for key, _ in seconds] == ["home", "article-1"]
    assert 0.5 <= seconds[0][1] < 0.5 + 2
    assert 0.7 <= seconds[1][1] < 0.7 + 2


EXITING = """
import sys
import django
django.setup()
from django.conf import settings
settings.WAGTAILFRONTENDCACHE = {"varnish": {
    "BACKEND": "akhbar.core.frontcache.VarnishBanBackend", "LOCATION": sys.argv[1]}}
from akhbar.core import frontcache
frontcache.purge(keys=["home", "section-3"])
"""


def test_second_bans_still_waiting_are_sent_as_the_process_exits(bans):
    """The process ends right after its purge, long before REBAN_SECONDS."""
    subprocess.run([sys.executable, "-c", EXITING, bans.url], check=True, timeout=120)
    first, second = [headers for _, headers in bans.received]
    assert first["Surrogate-Key"] == second["Surrogate-Key"] == "home section-3"
    assert "X-Ban-Read-Before" not in first
    assert second["X-Ban-Read-Before"].startswith("^(")
