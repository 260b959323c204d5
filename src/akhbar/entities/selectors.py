"""Reads of entity pages: which entity a URL names, the live articles that
mention it, and the entities central to an article."""

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

from akhbar.arabic import Gazetteer, slugify
from akhbar.arabic.normalize import normalize, strip_marks
from akhbar.core.urls import absolute_url
from akhbar.news import frontcache
from akhbar.news import selectors as news
from akhbar.search.models import SearchDocument
from akhbar.search.services import ARTICLE, ENTITY_SEPARATOR

from .models import HiddenEntity


@dataclass(frozen=True)
class Kind:
    """A type of entity: its URL prefix, schema.org type and label."""

    prefix: str
    schema: str
    label: str


KINDS = {
    "PER": Kind("شخصيات", "Person", _("شخصية")),
    "LOC": Kind("أماكن", "Place", _("مكان")),
    "ORG": Kind("منظمات", "Organization", _("منظمة")),
}
# A mention this often in an article, or one in its headline or standfirst,
# makes the entity central to the story: worth a link from the article page.
CENTRAL_MENTIONS = 2
# Clitics written onto a name ("وبوتين", "لروسيا"), as the entity rules skip them.
_CLITICS = "(?:[وف]?[بلك]?|[وف]?ال)?"
# Characters that could end a <script> element, written as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class EntityRef:
    """One canonical entity with a page."""

    name: str
    type: str
    slug: str
    aliases: tuple[str, ...]

    @property
    def kind(self) -> Kind:
        return KINDS[self.type]

    @property
    def url(self) -> str:
        return "/%s/%s/" % (self.kind.prefix, self.slug)

    @property
    def cache_key(self) -> str:
        """The surrogate key naming this entity's page: ASCII, as HTTP headers
        are, from a digest of the canonical name."""
        digest = hashlib.blake2b(self.name.encode(), digest_size=6).hexdigest()
        return "entity-%s-%s" % (self.type.lower(), digest)


@dataclass(frozen=True)
class Catalogue:
    by_slug: dict[tuple[str, str], EntityRef]
    by_name: dict[str, EntityRef]


@cache
def catalogue() -> Catalogue:
    """Every listed entity with a page, by (type, slug) and by canonical name.

    Two canonical names of one type with the same slug: the first listed keeps
    it and the other has no page, so a link never lands on the wrong entity.
    """
    gazetteer = Gazetteer.default()
    types = {}
    for canonical, type, _ambiguous in gazetteer.entries.values():
        types.setdefault(canonical, type)
    by_slug, by_name = {}, {}
    for canonical, type in types.items():
        slug = slugify(canonical)
        if not slug or (type, slug) in by_slug:
            continue
        aliases = tuple(
            alias
            for alias, alias_type in gazetteer.aliases.get(canonical, {}).items()
            if alias != canonical and alias_type == type
        )
        entity = EntityRef(canonical, type, slug, aliases)
        by_slug[type, slug] = by_name[canonical] = entity
    return Catalogue(by_slug, by_name)


def is_hidden(name: str) -> bool:
    return HiddenEntity.objects.filter(name=name).exists()


def entity_by_slug(type: str, slug: str) -> EntityRef | None:
    """The entity of ``type`` whose page is at ``slug``; None if unknown or hidden."""
    entity = catalogue().by_slug.get((type, slug))
    if entity is None or is_hidden(entity.name):
        return None
    return entity


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
    names = sorted({_words(n).strip() for n in (entity.name, *entity.aliases)}, key=len)
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
        if name in known
    ]
    hidden = set(
        HiddenEntity.objects.filter(name__in=[e.name for e in found]).values_list(
            "name", flat=True
        )
    )
    lead = _words("%s\n%s" % (document.headline, document.standfirst))
    text = _words(document.body)
    central = []
    for entity in found:
        if entity.name in hidden:
            continue
        in_lead = _mentions(entity, lead)
        if in_lead or in_lead + _mentions(entity, text) >= CENTRAL_MENTIONS:
            central.append(entity)
    return central
