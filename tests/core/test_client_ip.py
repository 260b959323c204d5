"""``core.ratelimit.client_ip``: the one place every limit takes the client from."""

import pytest
from django.test import RequestFactory

from akhbar.core.checks import client_address_settings
from akhbar.core.ratelimit import client_ip

PROXY = "10.0.0.5"


def request(remote, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.AKHBAR_TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]
    settings.AKHBAR_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    return settings


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.AKHBAR_TRUSTED_PROXIES = []
    assert client_ip(request("192.0.2.7", HTTP_X_FORWARDED_FOR="1.2.3.4")) == (
        "192.0.2.7"
    )
    assert client_ip(request("2001:db8::7")) == "2001:db8::7"


def test_forwarded_address_is_taken_from_a_trusted_proxy(behind_proxy):
    assert client_ip(request(PROXY, HTTP_X_FORWARDED_FOR="203.0.113.4")) == (
        "203.0.113.4"
    )


def test_forwarded_address_from_an_untrusted_peer_is_ignored(behind_proxy):
    forged = request("198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.4")
    assert client_ip(forged) == "198.51.100.1"


def test_a_client_cannot_choose_its_address_by_prepending_one(behind_proxy):
    """The proxy appends the address it saw; what stands left of it is the
    client's own writing and is never read."""
    chain = "6.6.6.6, 203.0.113.4, 10.0.0.9"
    assert client_ip(request(PROXY, HTTP_X_FORWARDED_FOR=chain)) == "203.0.113.4"


def test_garbage_stops_at_the_last_trusted_hop(behind_proxy):
    assert client_ip(request(PROXY, HTTP_X_FORWARDED_FOR="nonsense")) == PROXY
    assert client_ip(request(PROXY)) == PROXY
    assert client_ip(request(PROXY, HTTP_X_FORWARDED_FOR="fd00::2, x, fd00::1")) == (
        "fd00::1"
    )


def test_another_header_can_be_named(behind_proxy):
    behind_proxy.AKHBAR_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request(PROXY, HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"


def test_deprecated_comments_header_still_works(settings):
    """The old per-app setting trusts its header from any peer, right-most value,
    until AKHBAR_TRUSTED_PROXIES is set."""
    settings.AKHBAR_TRUSTED_PROXIES = []
    settings.AKHBAR_COMMENTS_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request("192.0.2.1", HTTP_X_REAL_IP="203.0.113.4")) == (
        "203.0.113.4"
    )
    assert client_ip(request("192.0.2.1", HTTP_X_REAL_IP="1.1.1.1, 203.0.113.5")) == (
        "203.0.113.5"
    )
    settings.AKHBAR_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request("192.0.2.1", HTTP_X_REAL_IP="203.0.113.4")) == (
        "192.0.2.1"
    )


def test_misspelt_proxy_entries_are_reported_and_trust_nothing(settings):
    settings.AKHBAR_TRUSTED_PROXIES = ["10.0.0.0/33"]
    ids = {message.id for message in client_address_settings(None)}
    assert "akhbar.W005" in ids
    assert client_ip(request(PROXY, HTTP_X_FORWARDED_FOR="203.0.113.4")) == PROXY


def test_deprecated_header_is_reported(settings):
    settings.AKHBAR_TRUSTED_PROXIES = []
    settings.AKHBAR_READERSHIP_IP_HEADER = "HTTP_X_REAL_IP"
    assert "akhbar.W004" in {message.id for message in client_address_settings(None)}
