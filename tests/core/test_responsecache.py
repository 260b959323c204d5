"""The app's own cache of whole reader pages (akhbar.core.responsecache), over
real HTTP (live_server): repeats are answered without rendering, changes retire
them through the surrogate keys, and nothing meant for one reader is kept."""

import gzip
import json
import re
import time
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test.signals import template_rendered

from akhbar.comments import services as comment_services
from akhbar.comments.models import Comment
from akhbar.core import frontcache, responsecache
from akhbar.core.caching import SURROGATE_KEY_HEADER
from akhbar.testing.metrics import metric_value
from tests.comments.factories import make_comment
from tests.comments.forms_client import comment_form, form_values
from tests.core.test_caching import fetch
from tests.news.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db(transaction=True)

HIT = responsecache.HIT_HEADER.lower()
REQUESTS = "akhbar_http_requests_total"
LOOKUPS = "akhbar_cache_lookups_total"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.AKHBAR_RESPONSE_CACHE = True


@pytest.fixture
def article(home):
    section = make_section(home, "سياسة")
    author = make_author(home, "محررة الخبر")
    return make_article(section, "خبر تحفظه الذاكرة", authors=[author])


@contextmanager
def counted_renders():
    """A list that grows by one for every template rendered inside the block
    (in the live server's thread too: the signal is process-wide)."""
    rendered = []

    def receiver(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(receiver, dispatch_uid="test-responsecache")
    try:
        yield rendered
    finally:
        template_rendered.disconnect(dispatch_uid="test-responsecache")


def fetch_counted(live_server, path, **kwargs):
    """``fetch`` plus the number of templates the server rendered for it."""
    with counted_renders() as rendered:
        status, headers, body = fetch(live_server, path, **kwargs)
    return status, headers, body, len(rendered)


def test_a_repeat_is_replayed_without_rendering(live_server, article):
    status, first, body, renders = fetch_counted(live_server, article.url)
    assert status == 200 and renders > 0
    assert HIT not in first
    status, again, replayed, renders = fetch_counted(live_server, article.url)
    assert (status, renders, replayed) == (200, 0, body)
    assert again[HIT] == "hit"
    for name in ("etag", "last-modified", "cache-control", "surrogate-key"):
        assert again[name] == first[name], name
    # The policy is replayed with its body: a nonce in the body's scripts (the
    # reader theme has none today) is the one the policy names.
    policy = again["content-security-policy"]
    assert policy == first["content-security-policy"]
    assert "script-src" in policy
    named = set(re.findall(r"'nonce-([^']+)'", policy))
    assert set(re.findall(r'nonce="([^"]+)"', replayed.decode())) <= named
    assert int(again["age"]) >= 0


def test_a_hit_answers_a_conditional_request_with_304(live_server, article):
    _status, first, _body = fetch(live_server, article.url)
    status, headers, content, renders = fetch_counted(
        live_server, article.url, headers={"If-None-Match": first["etag"]}
    )
    assert (status, content, renders) == (304, b"", 0)
    assert headers["etag"] == first["etag"]


def test_head_is_answered_from_a_stored_get(live_server, article):
    # A HEAD alone renders and stores nothing: only a GET's body is kept.
    status, _headers, content, renders = fetch_counted(
        live_server, article.url, method="HEAD"
    )
    assert (status, content) == (200, b"") and renders > 0
    _status, first, _body, renders = fetch_counted(live_server, article.url)
    assert renders > 0
    status, headers, content, renders = fetch_counted(
        live_server, article.url, method="HEAD"
    )
    assert (status, content, renders) == (200, b"", 0)
    assert headers[HIT] == "hit" and headers["etag"] == first["etag"]


def test_gzip_and_identity_are_distinct_entries(live_server, article):
    gzipped = {"Accept-Encoding": "gzip"}
    plain = {"Accept-Encoding": "identity"}
    _status, headers, packed, renders = fetch_counted(
        live_server, article.url, headers=gzipped
    )
    assert headers["content-encoding"] == "gzip" and renders > 0
    # The gzip entry is not sent to a client that did not ask for it.
    _status, headers, body, renders = fetch_counted(
        live_server, article.url, headers=plain
    )
    assert "content-encoding" not in headers and renders > 0
    assert body.decode().startswith("<!DOCTYPE html>")
    for request_headers, expected in ((gzipped, packed), (plain, body)):
        _status, headers, content, renders = fetch_counted(
            live_server, article.url, headers=request_headers
        )
        assert (content, renders, headers[HIT]) == (expected, 0, "hit")
    assert gzip.decompress(packed) == body


def test_publish_edit_and_unpublish_make_the_next_request_fresh(
    live_server, article, home
):
    for path in (article.url, home.url):
        fetch(live_server, path)
        assert fetch(live_server, path)[1][HIT] == "hit"
    article.title = "عنوان بعد التحرير"
    article.save_revision().publish()
    for path in (article.url, home.url):
        _status, headers, body, renders = fetch_counted(live_server, path)
        assert "عنوان بعد التحرير" in body.decode(), path
        assert renders > 0 and HIT not in headers
    # A new article appears on the cached home page at once.
    fetch(live_server, home.url)
    make_article(article.get_parent(), "خبر نشر للتو")
    _status, _headers, body = fetch(live_server, home.url)
    assert "خبر نشر للتو" in body.decode()
    # Unpublished: gone at once, not replayed for s-maxage.
    article.unpublish()
    status, _headers, _body = fetch(live_server, article.url)
    assert status == 404


def test_an_approved_comment_shows_at_once(live_server, article):
    comment = make_comment(
        article, status=Comment.Status.PENDING, body="تعليق ينتظر الموافقة"
    )
    _status, _headers, body = fetch(live_server, article.url)
    assert "تعليق ينتظر الموافقة" not in body.decode()
    assert fetch(live_server, article.url)[1][HIT] == "hit"
    comment_services.comment_approve(comment=comment, by=None)
    _status, headers, body = fetch(live_server, article.url)
    assert "تعليق ينتظر الموافقة" in body.decode() and HIT not in headers


def test_signed_in_and_notice_cookies_bypass_the_cache(live_server, article, client):
    fetch(live_server, article.url)
    user = get_user_model().objects.create_user("editor", "e@example.org", "pw-1234")
    client.force_login(user)
    cookies = [
        "sessionid=%s" % client.cookies["sessionid"].value,
        "sessionid=gone",
        "messages=anything",
    ]
    for cookie in cookies:
        _status, headers, _body, renders = fetch_counted(
            live_server, article.url, headers={"Cookie": cookie}
        )
        assert renders > 0 and HIT not in headers, cookie
    # A signed-in view is never stored for the readers after it.
    _status, headers, _body = fetch(live_server, article.url)
    assert headers[HIT] == "hit" and "public" in headers["cache-control"]
    assert "set-cookie" not in headers
    # A CSRF cookie says nothing about the reader, as in Varnish.
    _status, headers, _body = fetch(
        live_server, article.url, headers={"Cookie": "csrftoken=" + "a" * 32}
    )
    assert headers[HIT] == "hit"


def test_a_form_error_or_a_notice_is_never_stored(live_server, article, settings):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    _status, _headers, body = fetch(live_server, article.url)
    html = body.decode()
    _status, headers, tokens = fetch(live_server, comment_form(html).get("data-tokens"))
    values = form_values(html)
    action = values.pop("_action")
    values.update(json.loads(tokens))
    values.update(author="قارئ", email="not-an-email", comment="نص التعليق")
    form_headers = {
        "Cookie": headers["set-cookie"].split(";")[0],
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": live_server.url + article.url,
    }
    status, _headers, error_page = fetch(
        live_server, action, "POST", form_headers, urlencode(values)
    )
    assert status == 200 and "not-an-email" in error_page.decode()
    for path in (article.url, action):
        _status, _headers, body = fetch(live_server, path)
        assert "not-an-email" not in body.decode(), path
    values["email"] = "reader@example.org"
    _status, headers, _body = fetch(
        live_server, action, "POST", form_headers, urlencode(values)
    )
    location = urlsplit(headers["location"])
    notice = location.path + "?" + location.query
    for _ in range(2):
        _status, headers, body, renders = fetch_counted(live_server, notice)
        assert "comment-status" in body.decode()
        assert renders > 0 and headers["cache-control"] == "private, no-store"
    _status, _headers, body = fetch(live_server, article.url)
    assert "comment-status" not in body.decode()


def test_a_hit_is_counted_under_its_page_route(live_server, article):
    def counted():
        text = fetch(live_server, "/metrics")[2].decode()
        return (
            metric_value(
                text, REQUESTS, route="page:ArticlePage", method="GET", status="2xx"
            )
            or 0,
            metric_value(text, LOOKUPS, cache="response", result="hit") or 0,
        )

    fetch(live_server, article.url)
    requests, hits = counted()
    assert fetch(live_server, article.url)[1][HIT] == "hit"
    assert counted() == (requests + 1, hits + 1)


def test_the_setting_turns_it_off(live_server, article, settings):
    settings.AKHBAR_RESPONSE_CACHE = False
    for _ in range(2):
        _status, headers, _body, renders = fetch_counted(live_server, article.url)
        assert renders > 0 and HIT not in headers


def test_a_page_whose_keys_changed_while_it_was_read_is_not_kept(rf):
    """The change may have committed after the render read the database."""
    request = rf.get("/خبر/")
    response = HttpResponse("<p>نص قديم</p>")
    response["Cache-Control"] = "public, max-age=30, s-maxage=300"
    response[SURROGATE_KEY_HEADER] = "site article-7"
    key = responsecache.entry_key(request)
    responsecache.keys_changed(["site", "article-7"])
    for stamped_first in (False, True):
        if stamped_first:
            responsecache.keys_changed(["article-7"])
        started = time.time_ns() // 1000
        if not stamped_first:
            responsecache.keys_changed(["article-7"])
        kept = responsecache.store(request, response, key=key, started=started)
        assert kept is stamped_first
    assert responsecache.lookup(request, key)["content"] == response.content
    responsecache.keys_changed(["site"])
    assert responsecache.lookup(request, key) is None


@pytest.mark.parametrize("cache_on", [True, False])
def test_a_page_read_across_a_change_goes_out_already_stale(
    live_server, article, settings, cache_on
):
    """A change that commits while a page is rendered bans the front cache
    before the page reaches it; the page must not be kept for its s-maxage
    (Varnish's ban retires only what it holds), with this cache on or off."""
    settings.AKHBAR_RESPONSE_CACHE = cache_on
    changed = []

    def change_during_render(sender, template, **kwargs):
        if not changed:
            changed.append(template.name)
            frontcache.purge(keys=["article-%d" % article.pk])

    template_rendered.connect(change_during_render, dispatch_uid="test-mid-render")
    try:
        _status, headers, _body = fetch(live_server, article.url)
    finally:
        template_rendered.disconnect(dispatch_uid="test-mid-render")
    assert changed
    lifetimes = headers["cache-control"]
    assert "max-age=0" in lifetimes and "s-maxage=0" in lifetimes, lifetimes
    assert HIT not in headers

    # Read after the change: whole lifetimes again, and (cache on) kept.
    _status, headers, _body, renders = fetch_counted(live_server, article.url)
    assert renders > 0
    assert (
        "s-maxage=%d" % settings.AKHBAR_CACHE_SHARED_SECONDS in headers["cache-control"]
    )
    _status, headers, _body, renders = fetch_counted(live_server, article.url)
    assert (renders == 0 and HIT in headers) is cache_on


@pytest.mark.parametrize("cache_on", [True, False])
def test_a_shared_page_says_when_its_request_began(
    live_server, article, settings, cache_on
):
    """The time front caches ban by when a change's first ban may have been
    passed (frontcache's second ban): the start of the request that read it,
    in microseconds, 16 digits; a replayed copy keeps its render's."""
    settings.AKHBAR_RESPONSE_CACHE = cache_on
    before = time.time_ns() // 1000
    _status, headers, _body = fetch(live_server, article.url)
    after = time.time_ns() // 1000
    read_at = headers[responsecache.READ_AT_HEADER.lower()]
    assert re.fullmatch(r"[0-9]{16}", read_at)
    assert before <= int(read_at) <= after
    _status, again, _body = fetch(live_server, article.url)
    assert (again[responsecache.READ_AT_HEADER.lower()] == read_at) is cache_on
