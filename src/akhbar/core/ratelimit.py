"""Fixed-window rate limits and the client's address, shared by reader forms.

Counts live in Django's cache so that every worker shares them (a file cache
by default, Redis with ``REDIS_URL``); keys are hashed so that no address or
e-mail is written into the cache in clear.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

from . import versions


def client_ip(request, *, header: str) -> str | None:
    """The client's address from the request header ``header``, if valid.

    Behind a reverse proxy the header is the one the proxy sets (for example
    ``HTTP_X_REAL_IP``); taking the left-most of several forwarded addresses
    would let a client choose its own.
    """
    value = request.META.get(header, "")
    value = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def rate_key(scope: str, kind: str, value: str, window: int) -> str:
    """The cache key counting ``value`` in the current window of ``scope``."""
    digest = hashlib.sha256(
        ("%s:%s:%s" % (settings.SECRET_KEY, kind, value)).encode()
    ).hexdigest()[:32]
    return versions.key(scope, "rate", kind, digest, int(time.time()) // window)


def hit(scope: str, kind: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt for ``value``; False when it exceeds ``limit`` per window.

    A fixed window, counted with the cache's atomic ``incr`` (Redis INCRBY).
    A limit of 0 switches the check off.
    """
    if not value or limit <= 0:
        return True
    key = rate_key(scope, kind, value, window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # Expired between add and incr: start a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
