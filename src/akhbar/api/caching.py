"""HTTP caching of API answers: one function decides the headers.

Kept in one place so that the site-wide header helper (pages, feeds) can take
its place later without touching the endpoints.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

JSON = "application/json"


def json_response(request, content: bytes, *, status: int = 200) -> HttpResponse:
    """``content`` (JSON bytes) with the API's cache headers.

    Successful answers are public for shared caches for AKHBAR_API_CACHE_SECONDS
    (browsers revalidate at once: ``max-age=0``) and carry a strong ETag of the
    body, so a client or cache that sends it back in ``If-None-Match`` gets a
    304 without the body. Errors are not stored.
    """
    if status != 200:
        response = HttpResponse(content, status=status, content_type=JSON)
        response["Cache-Control"] = "no-store"
        return response
    etag = '"%s"' % hashlib.blake2b(content, digest_size=16).hexdigest()
    cache_control = "public, max-age=0, s-maxage=%d" % (
        settings.AKHBAR_API_CACHE_SECONDS
    )
    wanted = _etags(request.headers.get("If-None-Match", ""))
    if etag in wanted or "*" in wanted:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=JSON)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Content-Language"] = settings.LANGUAGE_CODE
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compared as strong,
    as RFC 9110 asks for GET; ``*`` matches any)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}
