"""A page read before a change that reaches a real Varnish after the change's
ban (its fetch was under way: Varnish tests an object only against the bans
older than it) is retired by the second ban ``frontcache.purge`` sends, and a
page rendered after the change is not."""

import shutil
import threading
import time
import urllib.request

import pytest

from akhbar.core import frontcache
from akhbar.testing.servers import varnish_server
from tests.deploy.test_varnish_stale import Origin

pytestmark = pytest.mark.skipif(
    not shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin:/usr/bin"),
    reason="varnishd is not installed ('scripts/setup --test' installs varnish)",
)

FRESH = "public, max-age=30, s-maxage=300, stale-while-revalidate=60"


def ask(front: str) -> tuple[str, str]:
    """(body, how Varnish served it) of a GET of the home page."""
    request = urllib.request.Request(front + "/", headers={"X-Akhbar-Debug": "1"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode(), response.headers["X-Akhbar-Served"]


@pytest.fixture
def front(settings, monkeypatch):
    monkeypatch.setattr(frontcache, "REBAN_SECONDS", 0.5)
    origin = Origin(FRESH)
    try:
        with varnish_server("127.0.0.1", origin.port) as url:
            settings.WAGTAILFRONTENDCACHE = {
                "varnish": {
                    "BACKEND": "akhbar.core.frontcache.VarnishBanBackend",
                    "LOCATION": url,
                }
            }
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=5).read()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "Varnish never found the app"
                    time.sleep(0.2)
            yield url, origin
    finally:
        origin.stop()


def test_a_page_read_before_a_change_and_stored_after_its_ban_is_retired(front):
    url, origin = front
    origin.release.clear()
    reader = threading.Thread(target=ask, args=(url,))
    reader.start()
    assert origin.rendering.wait(30)
    # The change commits and is banned while that page is on its way.
    frontcache.purge(keys=["home"])
    origin.release.set()
    reader.join(60)
    # The first ban came before the page was stored: it escaped it.
    assert ask(url) == ("نسخة 1", "hit")
    time.sleep(1.5)
    assert ask(url) == ("نسخة 2", "miss")


def test_a_page_rendered_after_the_change_outlives_its_second_ban(front):
    url, origin = front
    assert ask(url) == ("نسخة 1", "miss")
    frontcache.purge(keys=["home"])
    assert ask(url) == ("نسخة 2", "miss")
    time.sleep(1.5)
    assert ask(url) == ("نسخة 2", "hit")
    assert origin.renders == 2
