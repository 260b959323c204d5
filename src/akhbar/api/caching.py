"""HTTP caching of API answers, with the pages' helpers (``akhbar.core.caching``).

Successful answers are public for shared caches for AKHBAR_API_CACHE_SECONDS
(browsers revalidate at once: ``max-age=0``), carry the pages' validators (a
strong ETag of the body and a Last-Modified; a current copy gets ``304``) and the
surrogate keys ``site`` and ``home``, which every publish, edit or unpublish bans,
so a cache in front drops API answers with the home page's listings. Errors are
not stored.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from akhbar.core import caching
from akhbar.news.frontcache import HOME, SITE

JSON = "application/json"


def json_response(request, content: bytes, *, status: int = 200) -> HttpResponse:
    """``content`` (JSON bytes) with the API's cache headers."""
    response = HttpResponse(content, status=status, content_type=JSON)
    if status != 200:
        response["Cache-Control"] = "no-store"
        return response
    response["Content-Language"] = settings.LANGUAGE_CODE
    patch_vary_headers(response, ["Accept-Encoding"])
    caching.patch_shared_cache(
        response,
        keys=(SITE, HOME),
        max_age=0,
        s_maxage=settings.AKHBAR_API_CACHE_SECONDS,
    )
    return caching.conditional(request, response)
