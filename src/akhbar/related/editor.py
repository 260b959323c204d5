"""Read-also suggestions while an author writes.

A read-also block's page chooser sends the headline being written
(``news.blocks.SIMILAR_TO_PARAMETER``); on the chooser's first screen the live
stories most like the draft come first, ranked by the code that ranks the
site's related lists, then the usual tree to browse. An article being edited
lends its latest revision's text (its headline replaced by the one typed), and
is never offered to itself. A search in the chooser is left as Wagtail made it.
"""

import re
from urllib.parse import urlsplit

from django.db.models import Case, IntegerField, Q, Value, When
from wagtail.models import Page

from akhbar.news import selectors as news
from akhbar.news.blocks import SIMILAR_TO_PARAMETER
from akhbar.news.models import ArticlePage
from akhbar.search.backends import IndexDocument
from akhbar.search.services import article_document

from .services import ARTICLE, document_profile, suggestions_for

# Stories offered above the tree.
OFFERED = 8
# The admin's edit view of a page, whose address the chooser's request carries
# in its Referer (same origin, so the browser sends the path).
EDIT_VIEW = re.compile(r"/pages/(\d+)/edit/")


def draft_suggestions(headline: str, page=None, *, k: int = OFFERED) -> list[int]:
    """Ids of up to ``k`` live articles most like a draft, best first.

    The draft is ``page``'s latest revision with ``headline`` as its headline,
    or the headline alone for a page not saved yet. Never ``page`` itself.
    """
    if page is not None:
        document = article_document(page.get_latest_revision_as_object())
        document.headline = headline or document.headline
    else:
        document = IndexDocument(kind=ARTICLE, object_id="", headline=headline)
    found = suggestions_for(document, document_profile(document), using="default")
    own = str(page.pk) if page is not None else ""
    ids = [int(object_id) for object_id, _ in found if object_id != own]
    live = set(news.live_articles().filter(pk__in=ids).values_list("pk", flat=True))
    return [i for i in ids if i in live][:k]


def edited_article(request):
    """The article whose edit view opened the chooser, or None."""
    match = EDIT_VIEW.search(urlsplit(request.headers.get("Referer", "")).path)
    if match is None:
        return None
    return ArticlePage.objects.filter(pk=int(match[1])).first()


def offer_suggestions_first(pages, request):
    """``construct_page_chooser_queryset``: the draft's suggestions above the
    first screen's pages, when a read-also chooser sent its headline."""
    headline = request.GET.get(SIMILAR_TO_PARAMETER, "").strip()
    browsing = request.resolver_match and request.resolver_match.kwargs.get(
        "parent_page_id"
    )
    if not headline or browsing or "q" in request.GET:
        return pages
    ids = draft_suggestions(headline, edited_article(request))
    if not ids:
        return pages
    rank = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
        default=Value(len(ids)),
        output_field=IntegerField(),
    )
    return (
        Page.objects.filter(Q(pk__in=pages.values("pk")) | Q(pk__in=ids))
        .defer_streamfields()
        .specific()
        .order_by(rank, "path")
    )
