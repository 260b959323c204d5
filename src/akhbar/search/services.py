"""Writes to the search index: articles in, articles out, rebuilds and merges."""

import collections
import itertools
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from wagtail.models import Page

from akhbar.core import versions
from akhbar.core.bulk import fewer_collections
from akhbar.core.processes import can_fork
from akhbar.news.blocks import body_text

from .backends import IndexDocument, get_search_backend
from .entities import (
    ENTITY_SEPARATOR,
    entity_canonicals,
    entity_gazetteer,
    rebuild_gazetteer,
    register_gazetteer_provider,
)

__all__ = [
    "ARTICLE",
    "ENTITY_SEPARATOR",
    "SEARCH",
    "article_body_text",
    "article_document",
    "entity_gazetteer",
    "entity_names",
    "register_gazetteer_provider",
    "search_article_remove",
    "search_article_update",
    "search_index_changed",
    "search_index_merge",
    "search_index_rebuild",
    "search_subtree_update",
]

ARTICLE = "article"
# Bumped after every change of the index: cached search results are keyed by it.
SEARCH = versions.Version("search")


def search_index_changed() -> None:
    """Make every cached search result unreachable.

    Bumped at once and again after the surrounding transaction commits: a
    search run in between sees the old index and caches it under the first
    bump, which the second one leaves behind.
    """
    SEARCH.bump()


def article_body_text(article) -> str:
    """Return the words of an article's body: paragraphs, subheadings, quotes,
    fact boxes and captions, one block per line (each block's plain text); and
    those another story type holds beyond its body (``story_text``)."""
    text = body_text(article.body)
    story_text = getattr(article, "story_text", None)
    return text + "\n" + story_text() if story_text is not None else text


def entity_names(text: str, *, gazetteer=None) -> str:
    """The canonical names of the entities in ``text``, as the index stores them."""
    return ENTITY_SEPARATOR.join(entity_canonicals(text, gazetteer=gazetteer))


def _entity_text(document: IndexDocument) -> str:
    return "\n".join([document.headline, document.standfirst, document.body])


def _authors_and_tags(article) -> tuple[list, list]:
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    if "bylines" in prefetched:
        authors = [b.author for b in article.bylines.all()]
    else:
        authors = [b.author for b in article.bylines.select_related("author")]
    if "tagged_items" in prefetched:
        tags = [item.tag for item in article.tagged_items.all()]
    else:
        tags = list(article.tags.all())
    return authors, tags


def article_document(
    article, *, sections: dict[str, int] | None = None, entities: bool = True
) -> IndexDocument:
    """Return the index document of an article: texts, facets and date.

    Facets: every section above the article ("section"), its authors ("author",
    page ids) and its tags ("tag", slugs). Bylines and tags prefetched with the
    article (``bylines__author``, ``tagged_items__tag``) are used as they are;
    ``sections`` (every section's tree path -> id) spares a query for the
    article's sections. With ``entities`` false the entity names are left
    for the caller (``entity_names``).
    """
    from akhbar.news.models import SectionPage

    if hasattr(article, "bylines"):
        authors, tags = _authors_and_tags(article)
    else:  # Another story type: no bylines, no tags.
        authors, tags = [], []
    if sections is None:
        sections = SectionPage.objects.ancestor_of(article).values_list("pk", flat=True)
    else:
        step = article.steplen
        sections = [
            sections[path]
            for depth in range(1, article.depth)
            if (path := article.path[: depth * step]) in sections
        ]
    facets = [("section", str(pk)) for pk in sections]
    facets += [("author", str(author.pk)) for author in authors]
    facets += [("tag", tag.slug) for tag in tags]
    document = IndexDocument(
        kind=ARTICLE,
        object_id=str(article.pk),
        headline=article.title,
        standfirst=article.standfirst,
        body=article_body_text(article),
        tags=" ، ".join(tag.name for tag in tags),
        authors=" ، ".join(author.title for author in authors),
        url=article.get_url() or "",
        published_at=article.first_published_at,
        facets=facets,
    )
    if entities and settings.AKHBAR_SEARCH_INDEX_ENTITIES:
        document.entities = entity_names(_entity_text(document))
    return document


def _is_public(page) -> bool:
    from wagtail.models import PageViewRestriction

    return (
        page.live
        and not PageViewRestriction.objects.filter(
            page__in=page.get_ancestors(inclusive=True)
        ).exists()
    )


def search_article_update(*, page: Page, invalidate: bool = True) -> None:
    """Index a live, public article; remove anything else with its id.

    Called after publish, unpublish, edit and move; a page that is neither an
    article nor of a story type news carries (``register_story_type``) is ignored.
    ``invalidate=False`` leaves cached search results to expire on their own
    (``AKHBAR_SEARCH_CACHE_SECONDS``) when the page stays in the index: for a
    change that only adds words, such as a live story's new entry, which would
    otherwise clear every cached search every few seconds. A removal always
    clears them.
    """
    from akhbar.news import selectors
    from akhbar.news.models import ArticlePage

    page = page.specific_deferred if type(page) is Page else page
    if not isinstance(page, (ArticlePage, *selectors.story_types())):
        return
    backend = get_search_backend()
    if _is_public(page) and page.first_published_at is not None:
        backend.index_documents([article_document(page)])
        if not invalidate:
            return
    else:
        backend.remove_documents(ARTICLE, [str(page.pk)])
    search_index_changed()


def search_article_remove(*, article_id: int) -> None:
    """Remove an article from the index (after it was deleted)."""
    get_search_backend().remove_documents(ARTICLE, [str(article_id)])
    search_index_changed()


def search_subtree_update(*, page: Page) -> None:
    """Re-index every article under ``page`` (a moved, restricted or unrestricted
    section), in batches."""
    from akhbar.news import selectors
    from akhbar.news.models import ArticlePage

    backend = get_search_backend()
    articles = ArticlePage.objects.descendant_of(page, inclusive=True).order_by("pk")
    stories = [
        model.objects.descendant_of(page, inclusive=True).order_by("pk")
        for model in selectors.story_types()
    ]
    batch, gone = [], []
    for article in itertools.chain(
        articles.iterator(chunk_size=200),
        *(pages.iterator(chunk_size=200) for pages in stories),
    ):
        if _is_public(article) and article.first_published_at is not None:
            batch.append(article_document(article))
        else:
            gone.append(str(article.pk))
        if len(batch) >= 200:
            backend.index_documents(batch)
            batch = []
    backend.index_documents(batch)
    backend.remove_documents(ARTICLE, gone)
    search_index_changed()


# A rebuild of at least this many articles finds their entities in a second
# process, while this one reads the articles and writes the index.
ENTITIES_APART_FROM = 500
_CHUNK = 200


def _live_articles(*, apart: bool = False) -> Iterator[IndexDocument]:
    """Documents of the live articles, oldest first.

    Entity extraction is most of a document's cost; ``apart`` hands it to a
    forked worker, a chunk of articles at a time, one chunk ahead of the
    documents given out.
    """
    from akhbar.news import selectors
    from akhbar.news.models import SectionPage

    articles = (
        selectors.live_articles()
        .order_by("first_published_at", "pk")
        .prefetch_related("tagged_items__tag", "bylines__author")
    )
    sections = dict(SectionPage.objects.values_list("path", "pk"))
    if not (apart and settings.AKHBAR_SEARCH_INDEX_ENTITIES and can_fork()):
        for article in articles.iterator(chunk_size=_CHUNK):
            yield article_document(article, sections=sections)
        return
    # Load the lists and model once, for the worker to share; the worker reads
    # this gazetteer rather than asking the provider through a forked cache.
    rebuild_gazetteer[:] = [entity_gazetteer()]
    entity_names("")
    context = multiprocessing.get_context("fork")
    try:
        yield from _entities_in_worker(articles, sections, context)
    finally:
        rebuild_gazetteer.clear()


def _entities_in_worker(articles, sections, context) -> Iterator[IndexDocument]:
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as worker:
        ahead: collections.deque = collections.deque()
        chunk = []
        for article in articles.iterator(chunk_size=_CHUNK):
            chunk.append(article_document(article, sections=sections, entities=False))
            if len(chunk) == _CHUNK:
                ahead.append(_entities_apart(worker, chunk))
                chunk = []
                if len(ahead) > 1:
                    yield from _with_entities(*ahead.popleft())
        if chunk:
            ahead.append(_entities_apart(worker, chunk))
        while ahead:
            yield from _with_entities(*ahead.popleft())


def _entities_apart(worker, documents: list[IndexDocument]):
    texts = [_entity_text(document) for document in documents]
    return documents, worker.submit(_entity_names_of, texts)


def _entity_names_of(texts: list[str]) -> list[str]:
    return [entity_names(text) for text in texts]


def _with_entities(documents, names) -> Iterator[IndexDocument]:
    for document, found in zip(documents, names.result(), strict=True):
        document.entities = found
        yield document


def _pause_when_read(documents, path: str) -> Iterator[IndexDocument]:
    # Test settings only: how a test kills a rebuild part-way, at a known point.
    yield from documents
    Path(path).touch()
    while True:
        time.sleep(1)


def search_index_rebuild(*, progress: bool = False) -> int:
    """Rebuild the index from every live, public article; return the count.

    Atomic (see ``BaseSearchBackend.rebuild``): searches answer from the old
    index meanwhile, and an interrupted rebuild leaves it whole, which
    ``akhbar check`` then reports (akhbar_search.W001).
    """
    from akhbar.news import selectors

    others = selectors.other_stories()
    total = selectors.live_articles().count() + len(others)
    documents = itertools.chain(
        _live_articles(apart=total >= ENTITIES_APART_FROM),
        (article_document(page) for page in reversed(others)),
    )
    pause_file = getattr(settings, "AKHBAR_SEARCH_REBUILD_PAUSE_FILE", "")
    if pause_file:
        documents = _pause_when_read(documents, pause_file)
    with fewer_collections():
        count = get_search_backend().rebuild(documents, total=total, progress=progress)
    search_index_changed()
    return count


def search_index_merge() -> None:
    """Fold recent postings into the main tier."""
    get_search_backend().merge()
