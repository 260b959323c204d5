"""The search page: parse, search, respond (its JSON twin is in akhbar.api)."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import selectors
from .forms import SearchForm
from .throttle import search_allowed, search_refused


def _search(request):
    form = SearchForm(request.GET)
    return form, form.search(request) if form.is_valid() else None


def _cache_key(request) -> str | None:
    """Key of a reader's search page; None when it must not be shared."""
    if request.user.is_authenticated:
        return None
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return selectors.cache_key("page", digest)


@require_GET
def search_page(request):
    """/search/?q=: results with highlighted snippets, filters and pages.

    Anonymous pages are cached for AKHBAR_SEARCH_CACHE_SECONDS, per process with
    the other rendered fragments, keyed by the versions of the news tree and of
    the search index, which change when anything is published, unpublished or
    re-indexed: popular searches cost one cache read. An address past
    AKHBAR_SEARCH_RATE_PER_IP searches in the window gets the form back with 429.
    """
    if not search_allowed(request):
        return search_refused(_render_search_page(request, throttled=True))
    key = _cache_key(request)
    pages = caches[selectors.RESULTS_CACHE]
    if key is not None:
        content = pages.get(key)
        if content is not None:
            return HttpResponse(content)
    response = _render_search_page(request)
    if key is not None:
        response.add_post_render_callback(
            lambda rendered: pages.set(
                key, rendered.content, settings.AKHBAR_SEARCH_CACHE_SECONDS
            )
        )
    return response


def _render_search_page(request, *, throttled=False):
    form, page = (SearchForm(request.GET), None) if throttled else _search(request)
    query = request.GET.copy()
    query.pop("page", None)
    data = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "search": page,
        "query_string": query.urlencode(),
        "selected_section": str(data.get("section") or ""),
        "selected_author": str(data.get("author") or ""),
        # Called by the template only when its cached filters are missing.
        "filters": selectors.filter_choices,
        "throttled": throttled,
    }
    return TemplateResponse(request, "akhbar_search/search.html", context)
