"""Reads for the search page and API: results with their articles and snippets."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .backends import SearchQuery, SearchResults, get_search_backend
from .highlight import highlight, snippet
from .services import ARTICLE

# The deepest page offered: further pages cost as much as the first and no reader
# goes there.
MAX_PAGE = 100


@dataclass
class SearchPage:
    query: str
    results: SearchResults
    items: list
    number: int
    per_page: int

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.results.total // self.per_page)))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def search_articles(
    *, text: str, facets=None, date_from=None, date_to=None, page: int = 1
) -> SearchPage:
    """Run a reader's search; each item pairs a hit with its live article (cards
    need the page object) and highlighted headline and snippet."""
    from akhbar.news import selectors as news

    per_page = settings.AKHBAR_SEARCH_RESULTS_PER_PAGE
    page = max(1, min(page, MAX_PAGE))
    results = get_search_backend().search(
        SearchQuery(
            text=text,
            facets=dict(facets or {}),
            date_from=date_from,
            date_to=date_to,
            offset=(page - 1) * per_page,
            limit=per_page,
            recency=0.1,
        )
    )
    ids = [int(h.object_id) for h in results.hits if h.kind == ARTICLE]
    articles = {
        a.pk: a for a in news.with_card_data(news.card_queryset().filter(pk__in=ids))
    }
    stems = set(results.stems)
    for phrase in results.phrases:
        stems.update(phrase)
    items = []
    for hit in results.hits:
        article = articles.get(int(hit.object_id)) if hit.kind == ARTICLE else None
        if article is None:
            continue  # unpublished since it was indexed
        items.append(
            {
                "hit": hit,
                "article": article,
                "headline": highlight(hit.headline, stems),
                "snippet": snippet(hit.standfirst + "\n" + hit.body, stems),
            }
        )
    return SearchPage(
        query=text, results=results, items=items, number=page, per_page=per_page
    )


def filter_choices() -> dict:
    """Sections and authors offered as filters (cached with the news tree)."""
    from akhbar.news import selectors as news
    from akhbar.news.models import AuthorPage

    sections = sorted(news.sections_by_path().values(), key=lambda s: s.path)
    key = "akhbar:search:authors:%s" % news.news_generation()
    authors = cache.get(key)
    if authors is None:
        authors = list(
            AuthorPage.objects.live().order_by("title").values("pk", "title")
        )
        cache.set(key, authors, 300)
    return {"sections": sections, "authors": authors}
