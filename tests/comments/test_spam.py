"""Spam signals without outside services: signed form time and rate limits."""

import time

import pytest
from django.core import signing
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from akhbar.comments import spam


def test_form_token_round_trip_and_age():
    token = spam.form_token(7, now=time.time() - 30)
    assert 29 <= spam.form_token_age(token, 7) <= 32


def test_form_token_of_another_article_or_altered_is_refused():
    token = spam.form_token(7)
    with pytest.raises(signing.BadSignature):
        spam.form_token_age(token, 8)
    with pytest.raises(signing.BadSignature):
        spam.form_token_age(token[:-2] + "xx", 7)
    with pytest.raises(signing.BadSignature):
        spam.form_token_age("", 7)


@override_settings(AKHBAR_COMMENTS_FORM_MAX_AGE=60)
def test_old_form_token_expires():
    token = spam.form_token(7, now=time.time() - 120)
    with pytest.raises(signing.SignatureExpired):
        spam.form_token_age(token, 7)


def test_rate_limit_counts_per_window():
    assert all(spam.hit("ip", "192.0.2.1", limit=3, window=60) for _ in range(3))
    assert not spam.hit("ip", "192.0.2.1", limit=3, window=60)
    assert spam.hit("ip", "192.0.2.2", limit=3, window=60)
    assert spam.hit("ip", "192.0.2.1", limit=0, window=60)  # 0: no limit.


def test_rate_limit_keys_do_not_contain_addresses():
    key = spam._key("email", "reader@example.org", 60)
    assert "reader" not in key and "example" not in key


@pytest.mark.redis
def test_rate_limits_with_a_real_redis(redis_url):
    redis_cache = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "akhbar-test-%s-%s" % (time.monotonic_ns(), name),
        }
        for name in ("default", "transient")
    }
    with override_settings(CACHES=redis_cache, AKHBAR_COMMENTS_RATE_WINDOW=600):
        caches["transient"].clear()
        assert caches["transient"].__class__.__name__ == "RedisCache"
        results = [
            spam.within_rate_limits(
                ip_address="192.0.2.9", author_email="r%d@example.org" % n
            )
            for n in range(12)
        ]
        # Ten attempts per address are allowed by default, then refused.
        assert results == [True] * 10 + [False] * 2
        assert spam.within_rate_limits(
            ip_address="192.0.2.10", author_email="other@example.org"
        )


def test_client_ip_defaults_to_the_remote_address():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::7")
    assert spam.client_ip(request) == "2001:db8::7"
