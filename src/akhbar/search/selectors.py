"""Reads for the search page and API: results with their articles and snippets.

A page of results is kept, ready to show, in the fragment cache under a key made
of the question (filters and page number included) and of two versions: the
news tree's (publish, unpublish, move) and the search index's (every index
write). Either one changing makes every cached page of results unreachable, so
a result is never older than the index; a repeated question costs one cache read.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from akhbar.core import versions

from .backends import SearchQuery, get_search_backend
from .highlight import IndexedStems, highlight, snippet
from .services import ARTICLE, SEARCH

# The deepest page offered: further pages cost as much as the first and no reader
# goes there.
MAX_PAGE = 100
# Per process, like the other rendered fragments: the versions in the keys are
# shared, so each worker's copy goes stale at the same moment.
RESULTS_CACHE = "fragments"
# What a result card needs from its article; the rest of the page row stays in
# the database.
_ARTICLE_FIELDS = (
    "id",
    "title",
    "standfirst",
    "path",
    "depth",
    "url_path",
    "first_published_at",
    "locale_id",
    "translation_key",
)
# What tells copies of one story apart (``register_duplicate_groups``).
_duplicate_groups: list[Callable] = []
# Hits read beyond a page to fill it again after copies are folded away.
COLLAPSE_SLACK = 20


def register_duplicate_groups(provider: Callable) -> None:
    """Have ``provider(article_ids)`` give each article's duplicate group
    ({id: group}); results show one article per group, the best ranked.
    The related app gives its wire-copy groups."""
    _duplicate_groups[:] = [provider]


@dataclass
class SearchPage:
    query: str
    total: int
    items: list
    number: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.per_page)))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def search_generation() -> int:
    """A number that changes whenever the search index changes."""
    return SEARCH.get()


def cache_key(kind: str, digest: str) -> str:
    """The key of a cached ``kind`` of search answer ("results", "page"), under
    the versions of the news tree and of the index: a publish, an unpublish or
    any write to the index makes it unreachable."""
    from akhbar.news.selectors import news_generation

    return versions.key("search", kind, news_generation(), search_generation(), digest)


def _results_key(parts) -> str:
    return cache_key("results", hashlib.sha256(repr(parts).encode()).hexdigest())


def search_articles(
    *,
    text: str,
    facets=None,
    date_from=None,
    date_to=None,
    page: int = 1,
    request=None,
) -> SearchPage:
    """Run a reader's search; each item is a plain dict with what a result shows:
    id, title, url, standfirst, section (title and url), published_at, score and
    the highlighted headline and snippet.

    ``request`` lets the links share one lookup of the site's root paths.
    """
    from wagtail.models import Site

    per_page = settings.AKHBAR_SEARCH_RESULTS_PER_PAGE
    page = max(1, min(page, MAX_PAGE))
    facets = dict(sorted((facets or {}).items()))
    site = Site.find_for_request(request) if request is not None else None
    key = _results_key(
        (text, facets, date_from, date_to, page, per_page, getattr(site, "pk", None))
    )
    results_cache = caches[RESULTS_CACHE]
    found = results_cache.get(key)
    if found is None:
        offset = (page - 1) * per_page
        query = SearchQuery(
            text=text,
            facets=facets,
            date_from=date_from,
            date_to=date_to,
            offset=offset,
            limit=per_page,
            recency=0.1,
        )
        if _duplicate_groups:
            # The page is cut after copies are folded, from the top hits.
            query.offset, query.limit = 0, offset + per_page + COLLAPSE_SLACK
        found = _search(query, request)
        if _duplicate_groups:
            total, items = found
            found = (total, items[offset : offset + per_page])
        results_cache.set(key, found, settings.AKHBAR_SEARCH_CACHE_SECONDS)
    total, items = found
    return SearchPage(
        query=text, total=total, items=items, number=page, per_page=per_page
    )


def _search(query: SearchQuery, request) -> tuple[int, list[dict]]:
    from akhbar.news import selectors as news

    results = get_search_backend().search(query)
    ids = [int(h.object_id) for h in results.hits if h.kind == ARTICLE]
    # Only the live check and the card's fields: the index already holds the
    # texts the snippets are cut from.
    articles = (
        {
            a.pk: a
            for a in news.live_articles().filter(pk__in=ids).only(*_ARTICLE_FIELDS)
        }
        if ids
        else {}
    )
    # Pages of other story types (live stories) share the article kind.
    missing = [pk for pk in ids if pk not in articles]
    if missing and news.story_types():
        articles.update({p.pk: p for p in news.other_stories(pks=missing)})
    sections = news.sections_by_path()
    stems = set(results.stems)
    for phrase in results.phrases:
        stems.update(phrase)
    stems = frozenset(stems)
    groups = _duplicate_groups[0](ids) if _duplicate_groups and ids else {}
    seen_groups = set()
    total = results.total
    items = []
    for hit in results.hits:
        article = articles.get(int(hit.object_id)) if hit.kind == ARTICLE else None
        if article is None:
            continue  # unpublished since it was indexed
        group = groups.get(article.pk, str(article.pk))
        if group in seen_groups:
            total -= 1  # a copy of a story already shown
            continue
        seen_groups.add(group)
        section = sections.get(article.path[: -news.STEPLEN])
        # The index's stems in field order: headline, standfirst, body, ...
        indexed = IndexedStems(hit.tokens)
        items.append(
            {
                "id": article.pk,
                "title": article.title,
                "url": article.get_url(request),
                "standfirst": article.standfirst,
                "section": {"title": section.title, "url": section.get_url(request)}
                if section is not None
                else None,
                "published_at": article.first_published_at,
                "score": hit.score,
                "headline": highlight(hit.headline, stems, indexed=indexed),
                "snippet": snippet(
                    hit.standfirst + "\n" + hit.body, stems, indexed=indexed
                ),
            }
        )
    return total, items


def filter_choices() -> dict:
    """Sections and authors offered as filters, as (id text, title) pairs; cached
    until the news tree changes."""
    from akhbar.news import selectors as news

    key = versions.key("search", "filters", news.news_generation())
    fragments = caches[RESULTS_CACHE]
    choices = fragments.get(key)
    if choices is None:
        from akhbar.news.models import AuthorPage

        sections = sorted(news.sections_by_path().values(), key=lambda s: s.path)
        choices = {
            "sections": [(str(s.pk), s.title) for s in sections],
            "authors": [
                (str(pk), title)
                for pk, title in AuthorPage.objects.live()
                .order_by("title")
                .values_list("pk", "title")
            ],
        }
        fragments.set(key, choices, news.CACHE_SECONDS)
    return choices
