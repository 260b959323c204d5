"""The entity page: look the entity up, list its articles, respond."""

from django.http import Http404, HttpResponseGone, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from akhbar.core import caching
from akhbar.news import selectors as news

from . import selectors
from .feeds import feed_path


@require_GET
def entity_page(request, type, slug):
    """/شخصيات/<slug>/ (and أماكن, منظمات): the live articles that mention one
    canonical entity, newest first, paginated like a section.

    A former address (renamed, merged) redirects permanently to the entity's
    page; a hidden entity's page is gone (410); an unknown one is not found.
    """
    entity = selectors.entity_by_slug(type, slug, include_hidden=True)
    if entity is None:
        moved = selectors.entity_redirect(type, slug)
        if moved is None or moved.hidden:
            raise Http404
        return HttpResponsePermanentRedirect(moved.url)
    if entity.hidden:
        return HttpResponseGone()
    caching.add_surrogate_keys(request, *selectors.page_keys(entity))
    number = news.page_number(request)
    context = {
        "entity": entity,
        "page_number": number,
        "listing": SimpleLazyObject(
            lambda: news.paginated_cards(selectors.entity_articles(entity), number)
        ),
        "listing_key": entity.cache_key,
        "entity_json_ld": selectors.json_ld(entity, request),
        "entity_feeds": {
            "rss": feed_path(entity),
            "atom": feed_path(entity, atom=True),
        },
    }
    return TemplateResponse(request, "akhbar_entities/entity_page.html", context)
