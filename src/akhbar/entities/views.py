"""The entity page: look the entity up, list its articles, respond."""

from django.http import Http404
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
    canonical entity, newest first, paginated like a section; 404 when the
    entity is unknown or hidden."""
    entity = selectors.entity_by_slug(type, slug)
    if entity is None:
        raise Http404
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
