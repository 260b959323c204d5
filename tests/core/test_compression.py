"""Compressed reader pages over real HTTP: Brotli, gzip, validators per encoding,
and nothing compressed next to a secret."""

import gzip
import http.client
from urllib.parse import quote, urlsplit

import brotli
import pytest

from tests.news.factories import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(live_server, path, headers=None, method="GET"):
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, quote(path, safe="/?=&%"), headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


@pytest.fixture
def article(home):
    return make_article(make_section(home, "ثقافة"), "خبر طويل يستحق الضغط")


def test_pages_are_sent_with_brotli_or_gzip_as_accepted(live_server, article):
    _status, plain_headers, plain = fetch(live_server, article.url)
    assert "Content-Encoding" not in plain_headers
    _status, br_headers, br_body = fetch(
        live_server, article.url, {"Accept-Encoding": "br, gzip"}
    )
    assert br_headers["Content-Encoding"] == "br"
    assert brotli.decompress(br_body) == plain
    assert len(br_body) < len(plain) / 2
    _status, gz_headers, gz_body = fetch(
        live_server, article.url, {"Accept-Encoding": "gzip"}
    )
    assert gz_headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz_body) == plain
    for headers in (br_headers, gz_headers):
        assert "accept-encoding" in headers["Vary"].lower()
        assert "cookie" not in headers["Vary"].lower()
    # Each encoding is its own representation, with its own validator.
    etags = {plain_headers["ETag"], br_headers["ETag"], gz_headers["ETag"]}
    assert len(etags) == 3
    status, _headers, body = fetch(
        live_server,
        article.url,
        {"Accept-Encoding": "br", "If-None-Match": br_headers["ETag"]},
    )
    assert (status, body) == (304, b"")


def test_nothing_is_compressed_for_a_session_or_a_post(live_server, article):
    _status, headers, _body = fetch(
        live_server, article.url, {"Accept-Encoding": "br", "Cookie": "sessionid=x"}
    )
    assert "Content-Encoding" not in headers
    _status, headers, _body = fetch(
        live_server,
        "/comments/post/%d/" % article.pk,
        {"Accept-Encoding": "br", "Content-Length": "0"},
        method="POST",
    )
    assert "Content-Encoding" not in headers
