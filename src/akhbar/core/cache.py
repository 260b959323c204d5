"""Django's Redis cache, degrading instead of failing while Redis is away.

The cache only makes pages cheaper: when Redis restarts or its host is
unreachable, reads miss, writes are dropped and pages are rendered from the
database, instead of every request answering 500. A warning is logged once a
minute while it lasts (``/readyz`` reports the cache as failing meanwhile).
Rate limits fail open: a count that cannot be kept admits the attempt.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
# Seconds between two warnings of one outage (per process).
WARN_EVERY = 60.0
_warned_at: list[float] = []


def _warn(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if not _warned_at or now - _warned_at[0] >= WARN_EVERY:
        _warned_at[:] = [now]
        logger.warning(
            "Redis cache unavailable (%s: %s); pages are served without it",
            operation,
            error,
        )


def _degrading(operation: str, fallback):
    """``RedisCache.<operation>``, answering ``fallback(*args)`` while Redis
    is away."""
    method = getattr(RedisCache, operation)

    @functools.wraps(method)
    def degrading(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as error:
            _warn(operation, error)
            return fallback(*args, **kwargs)

    return degrading


def _missing(key, *args, **kwargs):
    # What incr on a missing key raises: callers start a new count.
    raise ValueError("Key '%s' not found (Redis unavailable)" % key)


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose operations fall back to a miss when Redis is away."""

    get = _degrading("get", lambda key, default=None, *args, **kwargs: default)
    get_many = _degrading("get_many", lambda *args, **kwargs: {})
    has_key = _degrading("has_key", _false)
    set = _degrading("set", _nothing)
    set_many = _degrading("set_many", lambda data, *args, **kwargs: list(data))
    add = _degrading("add", _false)
    touch = _degrading("touch", _false)
    delete = _degrading("delete", _false)
    delete_many = _degrading("delete_many", _nothing)
    incr = _degrading("incr", _missing)
    clear = _degrading("clear", _false)
