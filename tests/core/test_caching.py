"""HTTP caching of reader pages over real HTTP (live_server): lifetimes,
validators and 304s, surrogate keys, and what must never be shared-cached."""

import http.client
import json
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model

from akhbar.core import caching
from tests.comments.forms_client import comment_form, form_values
from tests.news.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(live_server, path, method="GET", headers=None, body=None):
    """(status, headers as a lower-cased dict, body) of one real HTTP request."""
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        path = quote(path, safe="/?=&%:#+")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        found = {}
        for name, value in response.getheaders():
            name = name.lower()
            found[name] = found[name] + ", " + value if name in found else value
        return response.status, found, content
    finally:
        connection.close()


@pytest.fixture
def article(home):
    section = make_section(home, "اقتصاد")
    author = make_author(home, "كاتب الخبر")
    return make_article(section, "خبر يقرؤه الجميع", authors=[author], tags=["نفط"])


def directives(headers) -> dict:
    found = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        found[name] = value
    return found


def test_an_anonymous_article_view_is_public_with_keys_and_no_cookie(
    live_server, article, settings
):
    status, headers, body = fetch(live_server, article.url)
    assert status == 200
    control = directives(headers)
    assert "public" in control
    assert control["max-age"] == str(settings.AKHBAR_CACHE_BROWSER_SECONDS)
    assert control["s-maxage"] == str(settings.AKHBAR_CACHE_SHARED_SECONDS)
    assert control["stale-while-revalidate"] == str(
        settings.AKHBAR_CACHE_STALE_WHILE_REVALIDATE
    )
    assert control["stale-if-error"] == str(settings.AKHBAR_CACHE_STALE_IF_ERROR)
    keys = headers[caching.SURROGATE_KEY_HEADER.lower()].split()
    assert {"site", "article-%d" % article.pk} <= set(keys)
    assert "set-cookie" not in headers
    assert "cookie" not in headers.get("vary", "").lower()
    # The comment form is there, without a token: the page is the same for all.
    values = form_values(body.decode())
    assert values["csrfmiddlewaretoken"] == "" and values["token"] == ""


def test_listing_pages_carry_their_own_keys(live_server, article, home):
    section = article.get_parent()
    author = article.bylines.first().author
    expected = {
        home.url: "home",
        section.url: "section-%d" % section.pk,
        author.url: "author-%d" % author.pk,
        author.get_parent().url: "authors",
        home.url + "tags/%s/" % article.tags.first().slug: "tag-%d"
        % article.tags.first().pk,
        home.url + "archive/%d/" % article.first_published_at.year: "archive",
    }
    for path, key in expected.items():
        status, headers, _body = fetch(live_server, path)
        assert status == 200, path
        keys = headers["surrogate-key"].split()
        assert key in keys and "site" in keys, (path, keys)
        assert "public" in headers["cache-control"], path


def test_etag_and_last_modified_answer_conditional_requests_with_304(
    live_server, article
):
    _status, first, body = fetch(live_server, article.url)
    etag, modified = first["etag"], first["last-modified"]
    assert etag.startswith('"') and modified
    _status, second, again = fetch(live_server, article.url)
    assert (second["etag"], second["last-modified"]) == (etag, modified)
    assert again == body
    status, headers, content = fetch(
        live_server, article.url, headers={"If-None-Match": etag}
    )
    assert (status, content) == (304, b"")
    assert headers["etag"] == etag
    status, _headers, content = fetch(
        live_server, article.url, headers={"If-Modified-Since": modified}
    )
    assert (status, content) == (304, b"")
    # Changed content: a new validator and the full page.
    article.title = "عنوان جديد للخبر"
    article.save_revision().publish()
    status, headers, content = fetch(
        live_server, article.url, headers={"If-None-Match": etag}
    )
    assert status == 200
    assert headers["etag"] != etag
    assert "عنوان جديد للخبر" in content.decode()


def test_a_signed_in_user_gets_private_pages(live_server, article, client):
    user = get_user_model().objects.create_user("reader", "r@example.org", "pw-1234")
    client.force_login(user)
    session = client.cookies["sessionid"].value
    status, headers, _body = fetch(
        live_server, article.url, headers={"Cookie": "sessionid=%s" % session}
    )
    assert status == 200
    assert headers["cache-control"] == "private, no-store"
    assert "surrogate-key" not in headers and "etag" not in headers


def test_a_reader_with_a_csrf_cookie_still_gets_the_public_page(live_server, article):
    """A reader who commented before sends a CSRF cookie; the page ignores it."""
    status, headers, _body = fetch(
        live_server, article.url, headers={"Cookie": "csrftoken=" + "a" * 32}
    )
    assert status == 200
    assert "public" in headers["cache-control"]
    assert "cookie" not in headers.get("vary", "").lower()
    assert "set-cookie" not in headers


def test_a_response_that_clears_a_stale_session_is_private(live_server, article):
    status, headers, _body = fetch(
        live_server, article.url, headers={"Cookie": "sessionid=gone"}
    )
    assert status == 200
    assert "sessionid=" in headers["set-cookie"]
    assert headers["cache-control"] == "private, no-store"


def test_a_comment_notice_and_a_form_error_are_private(live_server, article, settings):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    _status, _headers, body = fetch(live_server, article.url)
    html = body.decode()
    _status, headers, tokens = fetch(live_server, comment_form(html).get("data-tokens"))
    assert headers["cache-control"] == "private, no-store"
    # A form with an error (a bad e-mail), sent with the tokens from the endpoint.
    values = form_values(html)
    action = values.pop("_action")
    values.update(json.loads(tokens))
    values.update(author="قارئ", email="not-an-email", comment="نص")
    cookie = headers["set-cookie"].split(";")[0]
    form_headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": live_server.url + article.url,
    }
    status, headers, _body = fetch(
        live_server, action, "POST", form_headers, urlencode(values)
    )
    assert status == 200
    assert headers["cache-control"] == "private, no-store"
    # Corrected: stored, and the notice after the redirect is private too.
    values["email"] = "reader@example.org"
    status, headers, _body = fetch(
        live_server, action, "POST", form_headers, urlencode(values)
    )
    assert status == 302
    location = urlsplit(headers["location"])
    status, headers, body = fetch(live_server, location.path + "?" + location.query)
    assert status == 200
    assert "comment-status" in body.decode()
    assert headers["cache-control"] == "private, no-store"


def test_admin_is_not_made_cacheable(live_server, article):
    _status, headers, _body = fetch(live_server, "/admin/login/")
    assert "surrogate-key" not in headers
    assert "public" not in headers.get("cache-control", "")
