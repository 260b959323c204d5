"""Reads of entity pages: which entity a URL names, the live articles that
mention it, and the entities central to an article."""

import json
import re

from akhbar.arabic.normalize import normalize, strip_marks
from akhbar.core.urls import absolute_url
from akhbar.news import frontcache
from akhbar.news import selectors as news
from akhbar.search.models import SearchDocument
from akhbar.search.services import ARTICLE, ENTITY_SEPARATOR

from .catalogue import KINDS, Catalogue, EntityRef, Kind, alias_key, catalogue

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


def entity_articles(entity: EntityRef):
    """Live articles that mention ``entity``, as cards, newest first."""
    rows = SearchDocument.objects.filter(
        kind=ARTICLE, entities__contains=entity.name
    ).values_list("object_id", "entities")
    ids = [
        int(object_id)
        for object_id, names in rows
        if entity.name in names.split(ENTITY_SEPARATOR)
    ]
    return news.card_queryset().filter(pk__in=ids)


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

    Reads the entities the search index found when it indexed the article.
    """
    document = (
        SearchDocument.objects.filter(kind=ARTICLE, object_id=str(article.pk))
        .only("headline", "standfirst", "body", "entities")
        .first()
    )
    if document is None or not document.entities:
        return []
    known = catalogue().by_name
    found = [
        known[name]
        for name in dict.fromkeys(document.entities.split(ENTITY_SEPARATOR))
        if name in known and not known[name].hidden
    ]
    lead = _words("%s\n%s" % (document.headline, document.standfirst))
    text = _words(document.body)
    central = []
    for entity in found:
        in_lead = _mentions(entity, lead)
        if in_lead or in_lead + _mentions(entity, text) >= CENTRAL_MENTIONS:
            central.append(entity)
    return central
