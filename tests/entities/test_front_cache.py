"""Editors' changes to entities through a real Varnish (Debian's varnishd with
the repository's VCL): once the re-linking job has run (``akhbar worker
--once``), the very next request through the cache shows the change, on the
entity page and on an article that links it; nothing waits for a TTL."""

import io
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command

from akhbar.entities import relinking, selectors, services
from tests.core.test_varnish import VARNISHD, started_front

from .conftest import PUTIN
from .test_admin import LAVROV

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        VARNISHD is None,
        reason="varnishd is not installed ('scripts/setup --test' installs varnish)",
    ),
]
NEW_NAME = "فلاديمير فلاديميروفيتش بوتين"
NEW_PATH = "/شخصيات/%s/" % NEW_NAME.replace(" ", "-")


@pytest.fixture
def front(live_server, settings, monkeypatch):
    """Varnish in front of the live server; every change goes through the
    re-linking queue, so the job's purge is what is tested."""
    monkeypatch.setattr(relinking, "SYNCHRONOUS_UP_TO", 0)
    origin = urlsplit(live_server.url)
    with started_front(settings, "127.0.0.1", origin.port) as started:
        yield started


def cached(front, *paths):
    """Request each path until the origin answered (a loaded machine can keep
    the live server past Varnish's backend timeout: 503), then once more: that
    answer must come from the cache."""
    for path in paths:
        for _attempt in range(5):
            if front.get(path)[0] == 200:
                break
        status, headers, _body = front.get(path)
        assert (status, headers["x-cache"]) == (200, "HIT"), path


def run_job():
    call_command("worker", "--once", stdout=io.StringIO())


def test_a_rename_shows_through_the_cache_when_the_job_is_done(front, stories):
    article = stories["body"].url
    cached(front, PUTIN, article)
    services.entity_rename(entity=selectors.entity_by_alias("بوتين"), name=NEW_NAME)
    # At once: the old address redirects (its page was banned on commit).
    status, headers, _body = front.get(PUTIN)
    assert status == 301 and unquote(headers["location"]) == NEW_PATH
    run_job()
    status, _headers, page = front.get(NEW_PATH)
    assert status == 200 and stories["body"].title in page
    status, _headers, html = front.get(article)
    assert status == 200
    assert 'href="%s"' % NEW_PATH in html and 'href="%s"' % PUTIN not in html


def test_a_merge_shows_through_the_cache_when_the_job_is_done(front, more):
    lavrov = more["lavrov"]
    cached(front, PUTIN, LAVROV, lavrov.url)
    assert 'href="%s"' % LAVROV in front.get(lavrov.url)[2]
    services.entity_merge(
        entity=selectors.entity_by_alias("لافروف"),
        into=selectors.entity_by_alias("بوتين"),
    )
    run_job()
    status, headers, _body = front.get(LAVROV)
    assert status == 301 and unquote(headers["location"]) == PUTIN
    assert lavrov.title in front.get(PUTIN)[2]
    html = front.get(lavrov.url)[2]
    assert 'href="%s"' % PUTIN in html and 'href="%s"' % LAVROV not in html


def test_hiding_shows_through_the_cache_at_once(front, stories):
    article = stories["headline"].url
    cached(front, PUTIN, article)
    services.entity_hide(entity=selectors.entity_by_alias("بوتين"))
    # Hiding re-links nothing: no job, the bans went with the commit.
    assert front.get(PUTIN)[0] == 410
    assert 'href="%s"' % PUTIN not in front.get(article)[2]
