"""A cache of whole reader pages inside the app, for the set-up without Varnish.

``ResponseCacheMiddleware`` keeps the responses ``HttpCacheMiddleware`` made
public (``Cache-Control: public`` with a ``Surrogate-Key``) and answers the next
anonymous ``GET`` or ``HEAD`` of the same page from them, without rendering it
or asking the database. It does, inside one process group, what a front cache
does in front of several (``deploy/varnish/akhbar.vcl``), and follows its rules:

- only a request without a session cookie (nor a ``messages`` cookie carrying a
  notice, nor an ``Authorization`` header) is answered from the cache; any other
  cookie is ignored, as Varnish unsets it;
- only a ``200`` to a ``GET`` that is ``public``, sets no cookie and varies on
  nothing but ``Accept-Encoding`` is kept. A page with a notice, a form with
  errors (``caching.mark_private``) or signed-in content is ``private`` and is
  never kept;
- an entry is keyed by the scheme, the site (host), the path with its query and
  the encoding the request's ``Accept-Encoding`` selects (zstd, br, gzip or
  none), so a compressed body is never sent to a client that did not ask for it;
- it lives at most the response's ``s-maxage`` (``AKHBAR_CACHE_SHARED_SECONDS``);
- it is replayed whole, headers and body as stored, as Varnish replays it: the
  ``Content-Security-Policy`` header and the nonce in the body's scripts are the
  ones made for that body, so they match (every reader of that copy shares the
  nonce, as behind any shared cache); ``ETag``/``Last-Modified`` are the stored
  ones and a conditional request gets ``304``; ``Age`` says how old it is;
- a change to content bans it through the same surrogate keys as the front
  cache: ``akhbar.core.frontcache.purge`` calls ``keys_changed``, which stamps
  each key with the time of the change. An entry holds the stamps its keys had
  when it was stored and is used only while they are unchanged; a response
  whose keys were stamped after its request began (the change may have
  committed while the page was read) is not kept, and goes out already stale
  (``max-age=0, s-maxage=0``, whether this cache is on or off), so that no
  front cache keeps it either: Varnish's ban retires only what it already
  holds, and a page fetched across the ban would otherwise stay for its whole
  ``s-maxage``. A shareable response also says when its request began
  (``X-Akhbar-Read-At``): a page checked just before the stamp and stored by
  Varnish just after the ban is retired by the second ban of
  ``frontcache.purge``, which names only pages read before the change.

``versions.Version`` is not used for the keys: a page's keys are known only once
it is rendered, after the database was read, and a counter read then cannot tell
whether the render saw the change; a time stamp compared with the request's start
can. The stamps live in the default cache, shared by every worker (the clocks of
several hosts sharing one Redis are assumed to agree within a request's time);
the pages in the ``pages`` cache, so that they never push out what the default
cache holds.

``AKHBAR_RESPONSE_CACHE=0`` turns the cache off.
"""

import hashlib
import re
import time

from compression_middleware.middleware import compressor
from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import parse_http_date_safe

from . import metrics, versions
from .caching import SURROGATE_KEY_HEADER

HIT_HEADER = "X-Akhbar-Cache"
# When the request of a shareable page began (mark_read_at): microseconds since
# 1970, zero-padded to READ_AT_DIGITS.
READ_AT_HEADER = "X-Akhbar-Read-At"
READ_AT_DIGITS = 16
# The cache the pages are kept in (settings: files, or Redis); the key stamps
# are small and live in the default cache with the versions.
PAGES = "pages"
# The messages framework keeps a notice in this cookie before it is shown.
MESSAGES_COOKIE = "messages"
_S_MAXAGE = re.compile(r"\bs-maxage=(\d+)")
_LIFETIMES = re.compile(r"\b(max-age|s-maxage)=\d+")
# Headers of a stored response that describe one delivery, not the page.
_NOT_STORED = {"set-cookie", "age", HIT_HEADER.lower()}


def _clock() -> int:
    return time.time_ns() // 1000


def _stamp_key(surrogate_key: str) -> str:
    return versions.key("core", "page-key", surrogate_key)


def keys_changed(keys) -> int:
    """Retire every cached page that carries one of the surrogate ``keys``;
    return the change's stamp (microseconds): pages whose request began
    before it may show what the change replaced."""
    stamp = _clock()
    cache.set_many({_stamp_key(key): stamp for key in set(keys)}, None)
    return stamp


def _stamps(keys: list[str]) -> dict[str, int]:
    """The current stamp of each key; a missing one starts now (past every
    entry stored before it was lost, so none of them is used again)."""
    cache_keys = {_stamp_key(key): key for key in keys}
    found = cache.get_many(list(cache_keys))
    missing = [name for name in cache_keys if name not in found]
    if missing:
        stamp = _clock()
        for name in missing:
            cache.add(name, stamp, None)
        found.update(cache.get_many(missing))
    return {cache_keys[name]: found.get(name, _clock()) for name in cache_keys}


def is_cacheable_request(request) -> bool:
    """Whether ``request`` may be answered from, or fill, the cache."""
    if not settings.AKHBAR_RESPONSE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def entry_key(request) -> str | None:
    """The cache key of ``request``'s page, or None for a host Django refuses."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    encoding = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))[0]
    parts = (request.scheme, host, request.get_full_path(), encoding or "identity")
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return versions.key("core", "page", digest)


def _lifetime(response) -> int:
    found = _S_MAXAGE.search(response.get("Cache-Control", ""))
    shared = settings.AKHBAR_CACHE_SHARED_SECONDS
    return min(int(found.group(1)), shared) if found else 0


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or not response.has_header(SURROGATE_KEY_HEADER):
        return False
    control = response.get("Cache-Control", "")
    if not control.startswith("public") or "no-store" in control:
        return False
    vary = [
        field.strip().lower()
        for field in response.get("Vary", "").split(",")
        if field.strip()
    ]
    return not has_vary_header(response, "*") and set(vary) <= {"accept-encoding"}


def changed_while_read(response, started: int) -> bool:
    """Whether a shareable ``response`` names a surrogate key that changed after
    ``started`` (its request's start): the change may have committed after the
    page read the database, so the page may show what the change replaced.

    A key with no stamp (never changed, or its stamp evicted) counts as
    unchanged here: a change made during the read has just written its stamp."""
    keys = response.get(SURROGATE_KEY_HEADER, "").split()
    if not keys or not response.get("Cache-Control", "").startswith("public"):
        return False
    stamps = cache.get_many([_stamp_key(key) for key in set(keys)])
    return any(stamp >= started for stamp in stamps.values())


def mark_read_at(response, started: int) -> None:
    """Say in ``READ_AT_HEADER`` when a shareable ``response``'s request began
    (microseconds, 16 digits): a front cache bans by it the copies that may
    have been read before a change (``frontcache.purge``'s second ban)."""
    if response.has_header(SURROGATE_KEY_HEADER) and response.get(
        "Cache-Control", ""
    ).startswith("public"):
        response[READ_AT_HEADER] = "%0*d" % (READ_AT_DIGITS, started)


def expire_at_once(response) -> None:
    """Let caches keep ``response`` only as already stale (``max-age=0,
    s-maxage=0``): the next request refetches it. A front cache that was
    banned while this page was read would otherwise keep the old content for
    the whole ``s-maxage``, since a ban only retires what is already stored."""
    response["Cache-Control"] = _LIFETIMES.sub(r"\1=0", response["Cache-Control"])


def store(request, response, *, key: str, started: int) -> bool:
    """Keep ``response`` under ``key`` if it may be shared and is still current."""
    lifetime = _lifetime(response)
    if lifetime <= 0 or not _storable(request, response):
        return False
    surrogate_keys = response[SURROGATE_KEY_HEADER].split()
    stamps = _stamps(surrogate_keys)
    if max(stamps.values()) >= started:
        # Changed while this page was read: it may show the old content.
        return False
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in _NOT_STORED
    ]
    entry = {
        "stamps": stamps,
        "headers": headers,
        "content": response.content,
        "route": metrics.route_of(request),
        "stored": time.time(),
    }
    caches[PAGES].set(key, entry, lifetime)
    return True


def replay(request, entry: dict):
    """The stored response of ``entry``, or ``304`` if the client's copy is current."""
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Age"] = str(max(0, int(time.time() - entry["stored"])))
    response[HIT_HEADER] = "hit"
    metrics.label_route(request, entry["route"])
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def lookup(request, key: str) -> dict | None:
    """The entry under ``key`` if none of its surrogate keys changed since."""
    entry = caches[PAGES].get(key)
    if entry is None:
        return None
    if _stamps(list(entry["stamps"])) != entry["stamps"]:
        return None
    return entry


class ResponseCacheMiddleware:
    """Answer anonymous reader pages from the cache (see the module).

    Put right outside ``HttpCacheMiddleware``: it stores what that middleware
    made public, with its validators, and compressed by the middleware inside.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = _clock()
        key = entry_key(request) if is_cacheable_request(request) else None
        if key is not None:
            entry = lookup(request, key)
            metrics.cache_lookup("response", hit=entry is not None)
            if entry is not None:
                return replay(request, entry)
        response = self.get_response(request)
        mark_read_at(response, started)
        if changed_while_read(response, started):
            expire_at_once(response)
        elif key is not None:
            store(request, response, key=key, started=started)
        return response
