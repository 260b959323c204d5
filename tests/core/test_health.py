"""/healthz and /readyz over real HTTP."""

import json
import urllib.error
import urllib.request

import pytest

from akhbar.testing.servers import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def test_healthz_answers_without_touching_anything(live_server):
    status, headers, body = get(live_server.url + "/healthz")
    assert (status, body) == (200, {"status": "ok"})
    assert headers["Cache-Control"] == "private, no-store"


def test_readyz_checks_database_cache_and_storage(live_server):
    status, headers, body = get(live_server.url + "/readyz")
    assert status == 200
    assert body["checked"] == ["database", "cache", "storage"]
    assert headers["Cache-Control"] == "private, no-store"


def test_readyz_names_an_unreachable_cache(live_server, settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:%d/0" % free_port(),
        },
    }
    status, _headers, body = get(live_server.url + "/readyz")
    assert status == 503
    assert body["status"] == "unavailable"
    assert set(body["failed"]) == {"cache"}
    status, _headers, _body = get(live_server.url + "/healthz")
    assert status == 200
