"""Fixed-window rate limits and the client's address, shared by every limit.

Counts live in the ``transient`` cache so that every worker shares them (a file
cache by default, Redis with ``REDIS_URL``); keys are hashed so that no address or
e-mail is written into the cache in clear.

The client's address is taken in one place, ``client_ip``: the peer's
``REMOTE_ADDR``, or the address a trusted proxy forwards
(``AKHBAR_TRUSTED_PROXIES``, ``AKHBAR_CLIENT_IP_HEADER``).
"""

import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches

from . import caching, versions

# Networks that trust every peer, for the deprecated per-app header settings.
EVERY_ADDRESS = ("0.0.0.0/0", "::/0")


@functools.lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]):
    # A misspelt entry trusts nothing (system check akhbar.W005 names it).
    networks = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def deprecated_ip_header() -> str:
    """The header named by a deprecated per-app setting, or ''.

    ``AKHBAR_COMMENTS_IP_HEADER`` (and ``AKHBAR_READERSHIP_IP_HEADER``) named a
    header trusted from any peer; they still work, with that meaning, until
    ``AKHBAR_TRUSTED_PROXIES`` is set.
    """
    for name in ("AKHBAR_COMMENTS_IP_HEADER", "AKHBAR_READERSHIP_IP_HEADER"):
        header = getattr(settings, name, "")
        if header and header != "REMOTE_ADDR":
            return header
    return ""


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR`` unless the peer is a trusted proxy.

    When ``REMOTE_ADDR`` is in ``AKHBAR_TRUSTED_PROXIES`` the header
    ``AKHBAR_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) is read from the
    right, past the trusted proxies' own addresses: the first address not in the
    list is the client (what stands left of it, the client could have written).
    A hop that is not an address stops the walk at the last trusted one.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = tuple(settings.AKHBAR_TRUSTED_PROXIES)
    header = settings.AKHBAR_CLIENT_IP_HEADER
    if not proxies and deprecated_ip_header():
        proxies, header = EVERY_ADDRESS, deprecated_ip_header()
        hops = request.META.get(header, "").split(",")[-1:]
    else:
        hops = request.META.get(header, "").split(",")
    networks = _networks(proxies)
    client = remote
    for hop in reversed(hops):
        if client is None or not any(client in net for net in networks):
            break
        forwarded = _address(hop)
        if forwarded is None:
            break
        client = forwarded
    return str(client) if client else None


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
    cache = caches[caching.TRANSIENT]
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # Expired between add and incr: start a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def retry_after(window: int) -> int:
    """Seconds until the current fixed window of ``window`` seconds ends."""
    return window - int(time.time()) % window


def refuse(response, *, window: int):
    """Make ``response`` the answer of a limit of ``window`` seconds: ``429``,
    ``Retry-After`` (when the count starts again) and never kept by a cache,
    which would otherwise serve the refusal to every reader of the URL."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after(window))
    caching.patch_private(response)
    return response
