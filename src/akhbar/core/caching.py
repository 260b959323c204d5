"""HTTP caching of reader pages: lifetimes, validators and surrogate keys.

A reader page opts in by naming what it shows (``add_surrogate_keys``); the
``HttpCacheMiddleware`` then gives its response:

- ``Cache-Control: public, max-age=<browser>, s-maxage=<shared>,
  stale-while-revalidate=<n>, stale-if-error=<n>`` (``AKHBAR_CACHE_*`` settings);
- a strong ``ETag`` (a hash of the body) and a ``Last-Modified`` (when that body
  was first served), answering a matching conditional request with ``304``;
- ``Surrogate-Key``: the space-separated keys (``article-12 section-3 home site``)
  a front cache bans on when that content changes (``akhbar.core.frontcache``).
  Varnish matches it in ``deploy/varnish/akhbar.vcl``; Fastly reads the same
  header; Cloudflare's equivalent is ``Cache-Tag``.

A page served to a signed-in user, or one that shows something meant for one
reader (a notice after posting, a form with errors: ``mark_private``), is
``private, no-store`` instead, so no shared cache ever keeps it.

``Vary: Cookie`` is dropped from a public response: it is only public when the
request carried no signed-in session, so the body does not depend on cookies.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.timezone import now

from . import metrics, versions

SURROGATE_KEY_HEADER = "Surrogate-Key"
PRIVATE = "private, no-store"
_KEYS_ATTRIBUTE = "akhbar_surrogate_keys"
_PRIVATE_ATTRIBUTE = "akhbar_private"
# The cache of many short-lived entries, cheap to lose (settings: per-address
# counts, first-served times), apart from the versions in the default cache.
TRANSIENT = "transient"
# How long the time a body was first served is remembered (its Last-Modified).
_SEEN_SECONDS = 7 * 24 * 3600


def add_surrogate_keys(request, *keys: str) -> None:
    """Name what the response to ``request`` shows, which also makes it cacheable.

    Keys are plain words (``article-12``); a change to that content bans them.
    """
    found = getattr(request, _KEYS_ATTRIBUTE, None)
    if found is None:
        found = {}
        setattr(request, _KEYS_ATTRIBUTE, found)
    for key in keys:
        found[str(key)] = None


def surrogate_keys(request) -> list[str]:
    """The keys added for ``request``, in the order they were added."""
    return list(getattr(request, _KEYS_ATTRIBUTE, None) or ())


def mark_private(request) -> None:
    """The response to ``request`` is meant for one reader: never shared-cached."""
    setattr(request, _PRIVATE_ATTRIBUTE, True)


def is_signed_in(request) -> bool:
    """Whether ``request`` has a signed-in user, reading the session only if a
    session cookie came with it (a read would add ``Vary: Cookie``)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def patch_shared_cache(
    response,
    *,
    keys=(),
    max_age: int | None = None,
    s_maxage: int | None = None,
) -> None:
    """Make ``response`` cacheable by browsers and shared caches.

    Lifetimes default to ``AKHBAR_CACHE_BROWSER_SECONDS`` (``max-age``) and
    ``AKHBAR_CACHE_SHARED_SECONDS`` (``s-maxage``), with
    ``AKHBAR_CACHE_STALE_WHILE_REVALIDATE`` and ``AKHBAR_CACHE_STALE_IF_ERROR``;
    ``keys`` become the ``Surrogate-Key`` header. Any other JSON or HTML view
    (the API) can call this on its response.
    """
    browser = settings.AKHBAR_CACHE_BROWSER_SECONDS if max_age is None else max_age
    shared = settings.AKHBAR_CACHE_SHARED_SECONDS if s_maxage is None else s_maxage
    response["Cache-Control"] = (
        "public, max-age=%d, s-maxage=%d, stale-while-revalidate=%d, "
        "stale-if-error=%d"
        % (
            browser,
            shared,
            settings.AKHBAR_CACHE_STALE_WHILE_REVALIDATE,
            settings.AKHBAR_CACHE_STALE_IF_ERROR,
        )
    )
    if keys:
        response[SURROGATE_KEY_HEADER] = " ".join(keys)
    _drop_vary_cookie(response)


def patch_private(response) -> None:
    """Forbid every cache to keep ``response``."""
    response["Cache-Control"] = PRIVATE


def _drop_vary_cookie(response) -> None:
    if not response.has_header("Vary"):
        return
    fields = [
        field.strip()
        for field in response["Vary"].split(",")
        if field.strip() and field.strip().lower() != "cookie"
    ]
    del response["Vary"]
    if fields:
        patch_vary_headers(response, fields)


def _first_served(etag: str) -> float:
    """When a body with ``etag`` was first served (a Unix time)."""
    key = versions.key("core", "http-seen", etag.strip('"'))
    stamp = int(now().timestamp())
    stamps = caches[TRANSIENT]
    stamps.add(key, stamp, _SEEN_SECONDS)
    return stamps.get(key, stamp)


def conditional(request, response):
    """``response`` with validators set, or ``304`` if the client's copy is current."""
    if response.streaming or response.status_code != 200:
        return response
    etag = '"%s"' % hashlib.blake2b(response.content, digest_size=16).hexdigest()
    response["ETag"] = etag
    last_modified = _first_served(etag)
    response["Last-Modified"] = http_date(last_modified)
    answer = get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(response["Last-Modified"]),
        response=response,
    )
    metrics.cache_lookup("http", hit=answer.status_code == 304)
    return answer


class HttpCacheMiddleware:
    """Cache headers for reader pages (those that added surrogate keys).

    Put first in ``MIDDLEWARE`` so it sees the ``Vary`` and cookies every other
    middleware added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        keys = surrogate_keys(request)
        if not keys or request.method not in ("GET", "HEAD"):
            if keys or getattr(request, _PRIVATE_ATTRIBUTE, False):
                patch_private(response)
            return response
        if (
            getattr(request, _PRIVATE_ATTRIBUTE, False)
            or is_signed_in(request)
            or response.cookies
        ):
            patch_private(response)
            return response
        if response.status_code != 200:
            return response
        patch_shared_cache(response, keys=keys)
        return conditional(request, response)
