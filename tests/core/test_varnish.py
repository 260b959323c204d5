"""A real Varnish (Debian's varnishd) with the repository's VCL in front of the
live server: pages come from the cache, a publish bans what it changed, the
cache serves stale pages while the origin is down, and the admin, previews and
signed-in readers always reach the origin."""

import contextlib
import datetime
import http.client
import shutil
import socket
import socketserver
import threading
import time
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from akhbar.comments import services as comment_services
from akhbar.newsroom import scheduler
from akhbar.testing.servers import varnish_server
from tests.comments.factories import make_comment
from tests.news.factories import make_article, make_section

VARNISHD = shutil.which("varnishd") or shutil.which(
    "varnishd", path="/usr/sbin:/usr/local/sbin"
)
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        VARNISHD is None,
        reason="varnishd is not installed ('scripts/setup --test' installs varnish)",
    ),
]


class Front:
    """A started varnishd, asked over plain HTTP."""

    def __init__(self, url):
        self.url = url
        address = urlsplit(url)
        self.host, self.port = address.hostname, address.port

    def get(self, path, headers=None, method="GET"):
        """(status, lower-cased headers, body) of one request through Varnish."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(
                method, quote(path, safe="/?=&%:#+"), headers=headers or {}
            )
            response = connection.getresponse()
            body = response.read()
            return (
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                body.decode(errors="replace"),
            )
        finally:
            connection.close()


@contextlib.contextmanager
def started_front(settings, host, port):
    with varnish_server(host, port) as url:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "akhbar.core.frontcache.VarnishBanBackend",
                "LOCATION": url,
            }
        }
        front = Front(url)
        # The health probe needs a moment to call the backend healthy.
        deadline = time.monotonic() + 10
        while front.get("/healthz")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        yield front


@pytest.fixture
def front(live_server, settings):
    origin = urlsplit(live_server.url)
    with started_front(settings, "127.0.0.1", origin.port) as started:
        yield started


@pytest.fixture
def section(home):
    return make_section(home, "سياسة")


def test_a_page_is_served_from_the_cache(front, section):
    article = make_article(section, "خبر في الذاكرة المخبأة")
    status, first, body = front.get(article.url)
    assert status == 200 and first["x-cache"] == "MISS"
    status, second, again = front.get(article.url)
    assert status == 200
    assert second["x-cache"] == "HIT"
    assert len(second["x-varnish"].split()) == 2  # This request's id and the hit's.
    assert int(second["age"]) >= 0
    assert again == body
    # Tracking parameters and parameter order do not make another copy.
    status, third, _body = front.get(article.url + "?utm_source=x&fbclid=y")
    assert third["x-cache"] == "HIT"
    # The keys are for the cache, not for browsers.
    assert "surrogate-key" not in second


def test_the_origin_is_not_asked_again_for_a_cached_page(front, section):
    article = make_article(section, "خبر يُطلب مرتين")
    front.get(article.url)
    # Changed in the database behind the app's back (no publish, no ban): the
    # cache keeps serving what it has, so the origin was not asked.
    type(article).objects.filter(pk=article.pk).update(title="عنوان لم يُنشر")
    status, headers, body = front.get(article.url)
    assert headers["x-cache"] == "HIT"
    assert "خبر يُطلب مرتين" in body


def test_a_publish_is_visible_on_home_section_and_article_at_once(front, home, section):
    old = make_article(section, "خبر الأمس")
    for path in (home.url, section.url, old.url):
        front.get(path)
        assert front.get(path)[1]["x-cache"] == "HIT", path
    started = time.monotonic()
    new = make_article(section, "خبر عاجل الآن")
    old.title = "خبر الأمس بعد التعديل"
    old.save_revision().publish()
    # The bans were sent when the publish committed: the next request sees it.
    for path, text in (
        (home.url, "خبر عاجل الآن"),
        (section.url, "خبر عاجل الآن"),
        (new.url, "خبر عاجل الآن"),
        (old.url, "خبر الأمس بعد التعديل"),
        (home.url, "خبر الأمس بعد التعديل"),
    ):
        status, _headers, body = front.get(path)
        assert status == 200 and text in body, (
            path,
            _headers.get("x-cache"),
            _headers.get("age"),
        )
    assert time.monotonic() - started < 30  # Sanity only; no ban timing is assumed.


def test_unpublish_and_comment_approval_ban_the_article(front, section):
    article = make_article(section, "خبر عليه تعليق")
    comment = make_comment(article, body="تعليق ينتظر", status="pending")
    front.get(article.url)
    assert front.get(article.url)[1]["x-cache"] == "HIT"
    comment_services.comment_approve(comment=comment, by=None)
    assert "تعليق ينتظر" in front.get(article.url)[2]
    article.unpublish()
    assert front.get(article.url)[0] == 404


def test_admin_previews_and_signed_in_readers_are_never_cached(front, section, client):
    article = make_article(section, "خبر يراه المحرر")
    for _ in range(2):
        status, headers, _body = front.get("/admin/login/")
        assert status == 200 and headers["x-cache"] == "MISS"
    user = get_user_model().objects.create_superuser("chief", "c@example.org", "pw")
    client.force_login(user)
    cookie = {"Cookie": "sessionid=%s" % client.cookies["sessionid"].value}
    preview = "/admin/pages/%d/edit/preview/?mode=" % article.pk
    for path in (preview, article.url):
        for _ in range(2):
            status, headers, _body = front.get(path, headers=cookie)
            assert headers["x-cache"] == "MISS", path
    status, headers, body = front.get(article.url, headers=cookie)
    assert headers["cache-control"] == "private, no-store"


class _Forwarder(socketserver.ThreadingTCPServer):
    """Closing it also drops the connections it holds, as a dead app's would:
    Varnish keeps idle backend connections open to use them again."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = set()
        self.held_lock = threading.Lock()

    def hold(self, *sockets):
        with self.held_lock:
            self.held.update(sockets)

    def server_close(self):
        super().server_close()
        with self.held_lock:
            for held in self.held:
                with contextlib.suppress(OSError):
                    held.shutdown(socket.SHUT_RDWR)


def forwarding_origin(port):
    """A TCP forwarder to the live server: stopping it takes the origin away."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            upstream = socket.create_connection(("127.0.0.1", port))
            self.server.hold(self.request, upstream)

            def pump(source, target):
                try:
                    while data := source.recv(65536):
                        target.sendall(data)
                except OSError:
                    pass
                finally:
                    with contextlib.suppress(OSError):
                        target.shutdown(socket.SHUT_WR)

            thread = threading.Thread(target=pump, args=(upstream, self.request))
            thread.start()
            pump(self.request, upstream)
            thread.join()
            upstream.close()

    server = _Forwarder(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_cached_pages_are_served_while_the_origin_is_down(
    live_server, settings, home, section
):
    settings.AKHBAR_CACHE_SHARED_SECONDS = 1
    article = make_article(section, "خبر يبقى متاحاً")
    origin = forwarding_origin(urlsplit(live_server.url).port)
    try:
        with started_front(settings, "127.0.0.1", origin.server_address[1]) as front:
            paths = [home.url, section.url, article.url]
            before = {path: front.get(path)[2] for path in paths}
            origin.shutdown()
            origin.server_close()
            # Past every page's one-second lifetime, with nothing to ask.
            time.sleep(2.5)
            for path in paths:
                status, headers, body = front.get(path)
                assert status == 200, path
                assert body == before[path], path
                assert int(headers["age"]) >= 2, path
            # A page never cached has nothing stale to give.
            assert front.get("/no-such-page/")[0] == 503
    finally:
        with contextlib.suppress(OSError):
            origin.server_close()


def test_a_scheduled_publish_and_a_move_ban_what_they_change(front, home, section):
    other = make_section(home, "اقتصاد")
    article = make_article(
        section,
        "خبر مجدول",
        publish_now=False,
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(seconds=2),
    )
    article.save_revision().publish()
    article.refresh_from_db()
    for path in (home.url, section.url, other.url):
        front.get(path)
        assert front.get(path)[1]["x-cache"] == "HIT", path
    # Wagtail publishes a revision only once its time has come.
    while timezone.now() < article.go_live_at:
        time.sleep(0.1)
    done, failed = scheduler.run_due(now=timezone.now())
    assert [item.action for item in done] == ["publish"] and not failed
    assert "خبر مجدول" in front.get(home.url)[2]
    assert "خبر مجدول" in front.get(section.url)[2]
    article.refresh_from_db()
    article.move(other, pos="last-child")
    assert "خبر مجدول" not in front.get(section.url)[2]
    assert "خبر مجدول" in front.get(other.url)[2]
