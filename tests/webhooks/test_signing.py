"""The signature receivers check, and the address guard at sending time."""

import time

import pytest
from django.test import override_settings

from akhbar.webhooks import addresses, transport
from akhbar.webhooks.signing import sign, verify_signature

SECRET = "a" * 64
BODY = '{"event":"article.published","article":{"title":"خبر"}}'.encode()


def test_a_signature_verifies_only_for_its_body_secret_and_time():
    now = time.time()
    timestamp = str(int(now))
    signature = sign(SECRET, timestamp, BODY)
    assert signature.startswith("sha256=")

    def check(**changes):
        arguments = {
            "secret": SECRET,
            "body": BODY,
            "timestamp": timestamp,
            "signature": signature,
            "now": now,
            **changes,
        }
        return verify_signature(**arguments)

    assert check()
    assert not check(body=BODY + b" ")
    assert not check(secret="b" * 64)
    assert not check(timestamp=str(int(now) + 1))
    assert not check(timestamp="not a number")
    assert not check(signature="sha256=" + "0" * 64)
    # Replayed ten minutes later: refused.
    assert not check(now=now + 600)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/"]
)
def test_sending_refuses_internal_addresses_without_the_setting(url):
    """The check runs again at each attempt: an endpoint stored while the
    setting was on, or whose name now resolves inward, is not reached."""
    with override_settings(AKHBAR_WEBHOOKS_ALLOW_PRIVATE=False):
        result = transport.post(url, BODY, {}, timeout=1)
    assert result.status_code is None
    assert not result.ok
    assert "شبكة داخلية" in result.error


def test_the_setting_lets_the_loopback_through():
    with override_settings(AKHBAR_WEBHOOKS_ALLOW_PRIVATE=True):
        assert addresses.resolve("http://127.0.0.1:9/") == "127.0.0.1"
    with override_settings(AKHBAR_WEBHOOKS_ALLOW_PRIVATE=False):
        with pytest.raises(addresses.UnsafeURL):
            addresses.resolve("http://127.0.0.1:9/")
        assert addresses.allowed("93.184.216.34")
        assert not addresses.allowed("100.64.0.1")
        assert not addresses.allowed("::ffff:10.0.0.1")
