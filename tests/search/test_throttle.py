"""Searches per client address, over real HTTP: 429 with Retry-After past the limit."""

import pytest
import requests

from tests.news.factories import ensure_home

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 10


@pytest.fixture
def base(live_server, settings):
    ensure_home()
    settings.AKHBAR_SEARCH_RATE_PER_IP = 3
    settings.AKHBAR_SEARCH_RATE_WINDOW = 60
    settings.AKHBAR_TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    return live_server.url


def search(base, query, *, ip, path="/search/"):
    return requests.get(
        base + path,
        params={"q": query},
        headers={"X-Forwarded-For": ip},
        timeout=TIMEOUT,
    )


def test_a_flood_of_unique_queries_is_refused_with_retry_after(base):
    answers = [search(base, "سؤال %d" % n, ip="203.0.113.5") for n in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    refused = answers[-1]
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # A shared cache must not hand the refusal to every reader of the URL.
    assert "no-store" in refused.headers["Cache-Control"]
    assert 'role="alert"' in refused.text and 'name="q"' in refused.text
    assert "سؤال 4" in refused.text  # The reader's words are kept in the form.
    # Another reader behind the same proxy is not affected.
    assert search(base, "سؤال 4", ip="198.51.100.7").status_code == 200


def test_the_api_shares_the_limit(base):
    for n in range(3):
        assert search(base, "خبر %d" % n, ip="203.0.113.5").status_code == 200
    refused = search(base, "خبر", ip="203.0.113.5", path="/api/v1/search")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["error"]
    ok = search(base, "خبر", ip="198.51.100.7", path="/api/v1/search")
    assert ok.status_code == 200


def test_without_a_trusted_proxy_a_forged_address_is_counted_as_the_peer(
    base, settings
):
    settings.AKHBAR_TRUSTED_PROXIES = []
    codes = [
        search(base, "سؤال %d" % n, ip="192.0.2.%d" % n).status_code for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
