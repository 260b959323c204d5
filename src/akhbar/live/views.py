"""The one endpoint readers' pages poll for a live story's changes."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def updates(request, page_id: int):
    """The story's latest changes as JSON: the same URL and body for every
    reader, so a cache in front serves them all; ``ETag`` and 304 when the
    reader's copy is current; the poll interval is in the body."""
    state = selectors.public_story_state(page_id)
    if state is None:
        raise Http404("No published live story with this id.")
    version, is_open = state
    etag = quote_etag(selectors.updates_etag(page_id, version, is_open))
    if etag in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(
            selectors.updates_payload(page_id, version, is_open),
            content_type="application/json; charset=utf-8",
        )
    response["ETag"] = etag
    _cache_headers(response, is_open)
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag}


def _cache_headers(response, is_open: bool) -> None:
    # Browsers revalidate every poll (max-age=0, answered by a 304 when
    # nothing changed); a shared cache answers everyone for a few seconds. A
    # closed story no longer changes.
    if is_open:
        shared = settings.AKHBAR_LIVE_SHARED_CACHE_SECONDS
        patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
    else:
        patch_cache_control(response, public=True, max_age=300, s_maxage=3600)
