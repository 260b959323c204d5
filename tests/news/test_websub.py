"""WebSub: a publish queues the article's feeds and the scheduler's job tells a
real hub (an HTTP server started here), retrying one that fails."""

import datetime
import http.server
import threading
import urllib.parse

import pytest
from django.utils import timezone

from akhbar.core import jobs
from akhbar.news import websub
from akhbar.news.models import WebSubPing
from tests.news.factories import make_article, make_author, make_section


class Hub(http.server.BaseHTTPRequestHandler):
    """Records each ``hub.mode=publish`` request; answers ``status``."""

    received: list[dict] = []
    status = 204

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        type(self).received.append(
            {"content_type": self.headers["Content-Type"], **form}
        )
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hub(settings):
    Hub.received, Hub.status = [], 204
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AKHBAR_WEBSUB_HUB = "http://127.0.0.1:%d/hub" % server.server_port
    settings.AKHBAR_BASE_URL = "https://news.example.org"
    yield Hub
    server.shutdown()
    server.server_close()


@pytest.fixture
def story(home, django_capture_on_commit_callbacks):
    section = make_section(home, "سياسة")
    author = make_author(home, "سلمى الحداد")
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(
            section, "خبر عن الانتخابات", authors=[author], tags=["انتخابات"]
        )


def _topics(received):
    return sorted(url for request in received for url in request["hub.url"])


@pytest.mark.django_db
def test_a_publish_tells_the_hub_of_every_feed_that_lists_the_story(hub, story):
    assert hub.received == []  # Publishing did not wait for the hub.
    assert websub.JOB_NAME in {job.name for job in jobs.registered()}
    assert websub.run_due(timezone.now()) is None
    base = "https://news.example.org"
    section = urllib.parse.quote("سياسة")
    tag = urllib.parse.quote("انتخابات")
    author = story.bylines.first().author.slug
    expected = [
        "/feed/",
        "/feed/atom/",
        "/feed/section/%s/" % section,
        "/feed/atom/section/%s/" % section,
        "/feed/tag/%s/" % tag,
        "/feed/atom/tag/%s/" % tag,
        "/feed/author/%s/" % urllib.parse.quote(author),
        "/feed/atom/author/%s/" % urllib.parse.quote(author),
    ]
    assert _topics(hub.received) == sorted(base + path for path in expected)
    assert {r["hub.mode"][0] for r in hub.received} == {"publish"}
    assert {r["content_type"] for r in hub.received} == {
        "application/x-www-form-urlencoded"
    }
    assert not WebSubPing.objects.exists()


@pytest.mark.django_db
def test_a_failing_hub_is_asked_again_later(hub, story):
    hub.status = 503
    now = timezone.now()
    next_run = websub.run_due(now)
    assert next_run == now + datetime.timedelta(seconds=websub.FIRST_RETRY_SECONDS)
    first = len(hub.received)
    assert first == WebSubPing.objects.count() == 8
    assert set(WebSubPing.objects.values_list("attempts", flat=True)) == {1}
    # Not yet due: nothing is sent.
    websub.run_due(now + datetime.timedelta(seconds=5))
    assert len(hub.received) == first
    hub.status = 202
    assert websub.run_due(next_run) is None
    assert len(hub.received) == 2 * first
    assert not WebSubPing.objects.exists()


@pytest.mark.django_db
def test_an_unpublish_is_announced_too(hub, story, django_capture_on_commit_callbacks):
    websub.run_due(timezone.now())
    hub.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    websub.run_due(timezone.now())
    assert "https://news.example.org/feed/" in _topics(hub.received)


@pytest.mark.django_db
def test_without_a_hub_nothing_is_queued(
    home, settings, django_capture_on_commit_callbacks
):
    settings.AKHBAR_WEBSUB_HUB = ""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(make_section(home, "اقتصاد"), "خبر اقتصادي")
    assert not WebSubPing.objects.exists()
    assert websub.run_due(timezone.now()) is None
