"""Reads of entity pages: which entity a URL names, the live articles that
mention it, and the entities central to an article."""

import json
import re
from dataclasses import dataclass

from django.db.models import Q

from akhbar.arabic.normalize import normalize, strip_marks
from akhbar.core.urls import absolute_url
from akhbar.news import frontcache
from akhbar.news import selectors as news
from akhbar.search.models import SearchDocument
from akhbar.search.services import ARTICLE, ENTITY_SEPARATOR

from .catalogue import KINDS, Catalogue, EntityRef, Kind, alias_key, catalogue
from .models import EntityRelink

__all__ = [
    "CENTRAL_MENTIONS",
    "KINDS",
    "Catalogue",
    "EntityRef",
    "Kind",
    "catalogue",
    "central_entities",
    "entity_articles",
    "entity_by_alias",
    "entity_by_slug",
    "entity_redirect",
    "indexed_entity",
    "is_hidden",
    "json_ld",
    "page_keys",
]

# A mention this often in an article, or one in its headline or standfirst,
# makes the entity central to the story: worth a link from the article page.
CENTRAL_MENTIONS = 2
# Clitics written onto a name ("وبوتين", "لروسيا"), as the entity rules skip them.
_CLITICS = "(?:[وف]?[بلك]?|[وف]?ال)?"
# Characters that could end a <script> element, written as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def is_hidden(name: str) -> bool:
    """Whether editors hid the entity called ``name``."""
    entity = catalogue().by_name.get(name)
    return entity is not None and entity.hidden


def entity_by_slug(
    type: str, slug: str, *, include_hidden: bool = False
) -> EntityRef | None:
    """The entity of ``type`` whose page is at ``slug``; None if unknown, or
    hidden unless ``include_hidden``."""
    entity = catalogue().by_slug.get((type, slug))
    if entity is None or (entity.hidden and not include_hidden):
        return None
    return entity


def entity_redirect(type: str, slug: str) -> EntityRef | None:
    """The entity a former address (renamed, merged) now leads to, if any."""
    return catalogue().redirects.get((type, slug))


def entity_by_alias(spelling: str) -> EntityRef | None:
    """The entity a spelling names (بوتن, Putin), hidden ones included."""
    return catalogue().by_alias.get(alias_key(spelling))


def indexed_entity(name: str) -> EntityRef | None:
    """The entity a name in the search index stands for now: the entity of
    that name, else the one that has it as a spelling.

    The index keeps the names extraction gave when it last indexed an article;
    an editor's rename or merge leaves the former name a spelling of the
    entity, so the article stays linked to it before re-linking reaches it.
    """
    return _stands_for(catalogue(), name)


def _stands_for(known: Catalogue, name: str) -> EntityRef | None:
    return known.by_name.get(name) or known.by_alias.get(alias_key(name))


def entity_articles(entity: EntityRef):
    """Live articles that mention ``entity``, as cards, newest first.

    An article counts when a name its index row holds stands for ``entity``
    now (``indexed_entity``): a former name or a merged entity's counts at
    once, without waiting for the re-linking job. So does a split's: while
    its queue has not reached an article, the article's text decides which
    of the two entities it names (``_named``).
    """
    known = catalogue()
    splits = [s for s in _pending_splits(known) if entity in (s.entity, s.source)]
    condition = Q()
    for spelling in entity.spellings:
        condition |= Q(entities__contains=spelling)
    gained = sorted({pk for s in splits if s.entity == entity for pk in s.article_ids})
    if gained:
        condition |= Q(object_id__in=[str(pk) for pk in gained])
    rows = [
        (int(object_id), names)
        for object_id, names in SearchDocument.objects.filter(kind=ARTICLE)
        .filter(condition)
        .values_list("object_id", "entities")
    ]
    waiting = {pk for s in splits for pk in s.article_ids}
    texts = _texts([pk for pk, _names in rows if pk in waiting])
    ids = [
        pk
        for pk, names in rows
        if entity in _named(known, names, texts.get(pk, ""), splits, pk)
    ]
    return news.card_queryset().filter(pk__in=ids)


@dataclass(frozen=True)
class _Split:
    """A split whose re-linking is not done: ``entity`` took spellings from
    ``source``; ``article_ids`` are the articles still to re-link."""

    entity: EntityRef
    source: EntityRef
    article_ids: frozenset[int]


def _pending_splits(known: Catalogue) -> list[_Split]:
    rows = EntityRelink.objects.filter(
        finished_at__isnull=True, split_from__isnull=False
    ).values_list("entity_id", "split_from_id", "article_ids", "done")
    splits = []
    for entity_id, source_id, article_ids, done in rows:
        entity, source = known.by_pk.get(entity_id), known.by_pk.get(source_id)
        if entity is not None and source is not None and entity != source:
            splits.append(_Split(entity, source, frozenset(article_ids[done:])))
    return splits


def _texts(article_ids: list[int]) -> dict[int, str]:
    """The indexed text of each article, as ``_mentions`` reads it."""
    if not article_ids:
        return {}
    rows = SearchDocument.objects.filter(
        kind=ARTICLE, object_id__in=[str(pk) for pk in article_ids]
    ).values_list("object_id", "headline", "standfirst", "body")
    return {int(pk): _words("\n".join(texts)) for pk, *texts in rows}


def _named(
    known: Catalogue, names: str, text: str, splits: list[_Split], article_id: int
) -> list[EntityRef]:
    """The entities an index row (its ``names``, its ``text`` in ``_words``
    form) stands for now: each name's entity (``indexed_entity``), and for an
    article a split's queue has not reached, the split's new entity if the
    text names it, without the entity it left if the text names that no
    more. Extraction decides when the queue reaches the article."""
    linked = (_stands_for(known, name) for name in names.split(ENTITY_SEPARATOR))
    found = dict.fromkeys(e for e in linked if e is not None)
    for split in splits:
        if article_id in split.article_ids and _mentions(split.entity, text):
            found[split.entity] = None
            if not _mentions(split.source, text):
                found.pop(split.source, None)
    return list(found)


def page_keys(entity: EntityRef) -> list[str]:
    """Surrogate keys of an entity's page: a publish bans ``home`` (as it does
    the tag listings), which is when the page's list changes."""
    return [frontcache.SITE, frontcache.HOME, entity.cache_key]


def json_ld(entity: EntityRef, request) -> str:
    """The schema.org ``Person``/``Place``/``Organization`` of ``entity``, as
    JSON safe inside a ``<script>`` element."""
    data = {
        "@context": "https://schema.org",
        "@type": entity.kind.schema,
        "name": entity.name,
        "url": absolute_url(entity.url),
    }
    if entity.aliases:
        data["alternateName"] = list(entity.aliases)
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


def _words(text: str) -> str:
    return " %s " % " ".join(normalize(strip_marks(text or "")).split())


def _mentions(entity: EntityRef, text: str) -> int:
    names = sorted({_words(n).strip() for n in entity.spellings}, key=len)
    names = [re.escape(n) for n in reversed(names) if n]
    if not names:
        return 0
    pattern = r"(?<!\w)%s(?:%s)(?!\w)" % (_CLITICS, "|".join(names))
    return len(re.findall(pattern, text))


def central_entities(article) -> list[EntityRef]:
    """The entities with a page that are central to ``article``: named in its
    headline or standfirst, or at least ``CENTRAL_MENTIONS`` times in all.

    Reads the entities the search index found when it indexed the article,
    each as the entity its name stands for now (``indexed_entity``).
    """
    document = (
        SearchDocument.objects.filter(kind=ARTICLE, object_id=str(article.pk))
        .only("headline", "standfirst", "body", "entities")
        .first()
    )
    if document is None:
        return []
    known = catalogue()
    splits = [s for s in _pending_splits(known) if article.pk in s.article_ids]
    if not document.entities and not splits:
        return []
    lead = _words("%s\n%s" % (document.headline, document.standfirst))
    text = _words(document.body)
    named = _named(known, document.entities, lead + text, splits, article.pk)
    central = []
    for entity in named:
        if entity.hidden:
            continue
        in_lead = _mentions(entity, lead)
        if in_lead or in_lead + _mentions(entity, text) >= CENTRAL_MENTIONS:
            central.append(entity)
    return central
