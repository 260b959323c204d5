"""The API's reads, built on the news selectors: only live, public pages.

Every listing has a stable order with a unique last key (the primary key), so a
cursor names one position in it.
"""

import datetime

from django.db.models import Prefetch, Q
from taggit.models import Tag

from akhbar.entities import selectors as entities
from akhbar.news import selectors as news
from akhbar.news.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorPage,
    SectionPage,
)
from akhbar.readership import selectors as readership
from akhbar.related.selectors import related_for

from . import cursors


def _public(queryset):
    if news.view_restrictions_exist():
        queryset = queryset.public()
    return queryset


def live_sections():
    return _public(SectionPage.objects.live())


def live_authors():
    return _public(AuthorPage.objects.live())


def _with_article_parts(articles):
    """What an article's answer shows, fetched with the list."""
    return articles.select_related("featured_image").prefetch_related(
        "featured_image__renditions",
        Prefetch(
            "bylines",
            queryset=ArticleAuthor.objects.filter(author__in=live_authors())
            .select_related("author")
            .order_by("sort_order"),
            to_attr="live_bylines",
        ),
        Prefetch(
            "tagged_items",
            queryset=ArticleTag.objects.select_related("tag").order_by("tag__name"),
            to_attr="tag_items",
        ),
    )


def articles_page(
    *,
    section: int | None = None,
    tag: str | None = None,
    author: int | None = None,
    entity: tuple[str, str] | None = None,
    published_after: datetime.datetime | None = None,
    published_before: datetime.datetime | None = None,
    updated_since: datetime.datetime | None = None,
    cursor: str | None = None,
    limit: int,
) -> tuple[list[ArticlePage], str | None]:
    """One page of live articles, newest first, and the cursor of the next one.

    ``section`` includes its subsections; ``entity`` is ``(type, slug)``; an
    unknown section, tag, author or entity matches nothing. ``BadCursor`` for
    a cursor this listing did not hand out.
    """
    articles = news.card_queryset()
    if section is not None:
        found = live_sections().filter(pk=section).values_list("path", flat=True)
        path = next(iter(found), None)
        if path is None:
            return [], None
        articles = articles.filter(path__startswith=path)
    if tag is not None:
        articles = articles.filter(
            pk__in=ArticleTag.objects.filter(tag__slug=tag).values("content_object_id")
        )
    if author is not None:
        articles = articles.filter(
            pk__in=ArticleAuthor.objects.filter(author_id=author).values("page_id")
        )
    if entity is not None:
        found_entity = entities.entity_by_slug(*entity)
        if found_entity is None:
            return [], None
        mentioning = entities.entity_articles(found_entity).values("pk")
        articles = articles.filter(pk__in=mentioning)
    if published_after is not None:
        articles = articles.filter(first_published_at__gte=published_after)
    if published_before is not None:
        articles = articles.filter(first_published_at__lt=published_before)
    if updated_since is not None:
        articles = articles.filter(last_published_at__gte=updated_since)
    if cursor is not None:
        published, pk = cursors.decode(cursor, "articles", datetime.datetime, int)
        articles = articles.filter(
            Q(first_published_at__lt=published)
            | Q(first_published_at=published, pk__lt=pk)
        )
    found = news.with_card_data(_with_article_parts(articles)[: limit + 1])
    if len(found) <= limit:
        return found, None
    last = found[limit - 1]
    return found[:limit], cursors.encode("articles", last.first_published_at, last.pk)


def article(pk: int) -> ArticlePage | None:
    """The live, public article ``pk`` with what its answer shows, or None."""
    found = news.with_card_data(_with_article_parts(news.live_articles().filter(pk=pk)))
    return found[0] if found else None


def live_articles_among(ids) -> dict[int, ArticlePage]:
    """The live, public articles among ``ids`` (a body's read-also links)."""
    return {
        a.pk: a
        for a in news.live_articles()
        .filter(pk__in=list(ids))
        .only("id", "title", "url_path", "path", "depth")
    }


def _after_pk(queryset, cursor: str | None, kind: str, limit: int):
    if cursor is not None:
        (pk,) = cursors.decode(cursor, kind, int)
        queryset = queryset.filter(pk__gt=pk)
    found = list(queryset.order_by("pk")[: limit + 1])
    if len(found) <= limit:
        return found, None
    return found[:limit], cursors.encode(kind, found[limit - 1].pk)


def sections_page(*, cursor: str | None, limit: int):
    """Live sections by id, and the cursor of the next page."""
    return _after_pk(live_sections(), cursor, "sections", limit)


def tags_page(*, cursor: str | None, limit: int):
    """Tags of live articles (a tag only a draft carries stays unseen), by id."""
    used = ArticleTag.objects.filter(content_object__in=news.live_articles()).values(
        "tag_id"
    )
    return _after_pk(Tag.objects.filter(pk__in=used), cursor, "tags", limit)


def authors_page(*, cursor: str | None, limit: int):
    """Live authors by id, with their photos, and the cursor of the next page."""
    authors = (
        live_authors().select_related("photo").prefetch_related("photo__renditions")
    )
    return _after_pk(authors, cursor, "authors", limit)


def section_ids_by_path() -> dict[str, int]:
    """The id of each live section by its tree path, to name sections' parents."""
    return {path: s.pk for path, s in news.sections_by_path().items()}


def article_extras(article: ArticlePage) -> tuple[list, list]:
    """The entities central to ``article`` and its related stories (as its
    page lists them)."""
    return entities.central_entities(article), related_for(article)


def entities_page(*, type: str | None, cursor: str | None, limit: int):
    """Entities with a page (not hidden), by type and slug, and the cursor of
    the next page."""
    listed = sorted(entities.catalogue().by_slug.values(), key=_entity_key)
    if type is not None:
        listed = [e for e in listed if e.type == type]
    if cursor is not None:
        after = cursors.decode(cursor, "entities", str, str)
        listed = [e for e in listed if _entity_key(e) > after]
    found = []
    for entity in listed:
        if not entity.hidden:
            found.append(entity)
            if len(found) > limit:
                last = found[limit - 1]
                return found[:limit], cursors.encode("entities", *_entity_key(last))
    return found, None


def _entity_key(entity) -> tuple[str, str]:
    return entity.type, entity.slug


def entity(type: str, slug: str):
    """The entity with a page at ``type``/``slug``, or None (unknown, hidden)."""
    return entities.entity_by_slug(type, slug)


def entity_articles(entity, *, limit: int) -> list[ArticlePage]:
    """The newest ``limit`` live articles that mention ``entity``."""
    articles = entities.entity_articles(entity)
    return news.with_card_data(_with_article_parts(articles)[:limit])


def most_read(*, window: str, section: int | None, limit: int) -> list:
    """The most-read live articles of ``window`` (``readership.WINDOWS``), each
    with ``views``, most read first; under ``section`` when given."""
    prefix = ""
    if section is not None:
        found = live_sections().filter(pk=section).values_list("path", flat=True)
        prefix = next(iter(found), None)
        if prefix is None:
            return []
    rows = readership.most_read(
        hours=readership.WINDOWS[window], path_prefix=prefix, limit=limit
    )
    views = {row["id"]: row["views"] for row in rows}
    found = news.live_articles().filter(pk__in=list(views))
    by_id = {a.pk: a for a in news.with_card_data(_with_article_parts(found))}
    items = []
    for row in rows:
        article = by_id.get(row["id"])
        if article is not None:
            article.views = row["views"]
            items.append(article)
    return items
