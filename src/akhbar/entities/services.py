"""Editors' changes to entities: rename, merge, split, hide, add aliases.

Every change goes through ``_apply``: it writes the rows, makes every process
read the catalogue again, queues the articles whose entities it changes to be
indexed again (``relinking``: extraction with the new spellings and names
decides; the scheduler's job does it, or the request when they are few) and
bans the pages that showed the old state from the front cache. Names the
model found are made entities a batch at a time (``entities_promote_found``),
each batch doing the same once for all its names.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from akhbar.arabic import slugify
from akhbar.core import frontcache as core_frontcache
from akhbar.core.urls import absolute_url
from akhbar.news import frontcache
from akhbar.news import selectors as news
from akhbar.search.models import SearchDocument
from akhbar.search.services import ARTICLE, ENTITY_SEPARATOR

from . import relinking
from .catalogue import EntityRef, alias_key, catalogue, catalogue_changed
from .models import Entity, EntityAlias, EntityRedirect

__all__ = [
    "EntityChangeError",
    "articles_to_relink",
    "entity_add_aliases",
    "entity_create",
    "entity_hide",
    "entity_merge",
    "entity_rename",
    "entity_split",
    "entities_promote_found",
]


# Found names made entities per transaction (``entities_promote_found``).
PROMOTE_BATCH = 200


class EntityChangeError(ValueError):
    """A change that cannot be made, with a message for the editor."""


def entity_rename(*, entity: EntityRef, name: str) -> EntityRef:
    """Give ``entity`` a new name (and page address; the old one redirects).

    Both names stay spellings of the entity, so texts with either link to it.
    """
    name = _clean_name(name)
    other = catalogue().by_name.get(name)
    if other is not None and other != entity:
        raise EntityChangeError(_("يوجد علم آخر بهذا الاسم؛ ادمجهما بدلاً من ذلك."))
    with transaction.atomic():
        row = _row_for(entity)
        old_slug = row.slug
        row.name = name
        row.slug = _free_slug(row.type, name, row.pk, current=old_slug)
        row.save(update_fields=["name", "slug", "updated_at"])
        _redirect(row.type, old_slug, row)
        _own_spellings(row, [entity.name, name])
        return _apply(row, before=[entity], names=[entity.name, name])


def entity_merge(*, entity: EntityRef, into: EntityRef) -> EntityRef:
    """Fold ``entity`` into ``into``: its spellings and articles move, and its
    page address redirects permanently to the kept entity's page."""
    if entity.name == into.name:
        raise EntityChangeError(_("لا يُدمج علم في نفسه."))
    with transaction.atomic():
        kept = _row_for(into)
        gone = _row_for(entity)
        gone.merged_into = kept
        gone.save(update_fields=["merged_into", "updated_at"])
        EntityAlias.objects.filter(entity=gone).update(entity=kept)
        EntityRedirect.objects.filter(entity=gone).update(entity=kept)
        _redirect(gone.type, gone.slug, kept)
        _own_spellings(kept, [entity.name])
        return _apply(kept, before=[entity, into], names=[entity.name, into.name])


def entity_split(
    *, entity: EntityRef, aliases: Iterable[str], name: str, type: str = ""
) -> EntityRef:
    """Undo a wrong merge: move ``aliases`` of ``entity`` to a new entity called
    ``name`` (of ``type``, the same by default); the articles that name them
    are linked to the new entity."""
    chosen = [a for a in dict.fromkeys(aliases) if a in entity.aliases]
    if not chosen:
        raise EntityChangeError(_("اختر تهجئة واحدة على الأقل لنقلها."))
    name = _clean_name(name or chosen[0])
    if alias_key(name) == alias_key(entity.name) or name in catalogue().by_name:
        raise EntityChangeError(_("يوجد علم آخر بهذا الاسم؛ اختر اسماً غيره."))
    with transaction.atomic():
        source = _row_for(entity)
        row = _new_row(name, type or entity.type, Entity.Source.EDITOR)
        _own_spellings(row, [name, *chosen])
        return _apply(
            row,
            before=[entity],
            names=[entity.name],
            spellings=chosen,
            split_from=source.pk,
        )


def entity_hide(*, entity: EntityRef, hidden: bool = True) -> EntityRef:
    """Hide ``entity`` (its page is gone, articles do not link to it), or show
    it again."""
    with transaction.atomic():
        row = _row_for(entity)
        row.hidden = hidden
        row.save(update_fields=["hidden", "updated_at"])
        return _apply(row, before=[entity], names=[entity.name], relink=False)


def entity_add_aliases(*, entity: EntityRef, aliases: Iterable[str]) -> EntityRef:
    """Make each spelling in ``aliases`` name ``entity`` (Arabic or Latin:
    بوتن, Putin), taking it from any entity that had it."""
    spellings = [" ".join(a.split()) for a in aliases]
    spellings = [a for a in dict.fromkeys(spellings) if alias_key(a)]
    if not spellings:
        raise EntityChangeError(_("اكتب تهجئة واحدة على الأقل."))
    for spelling in spellings:
        _check_length(spelling)
    known = catalogue().by_alias
    losing = [known[alias_key(a)] for a in spellings if alias_key(a) in known]
    with transaction.atomic():
        row = _row_for(entity)
        _own_spellings(row, spellings)
        return _apply(
            row,
            before=[entity, *losing],
            names=[entity.name, *(e.name for e in losing)],
            spellings=spellings,
        )


def entity_create(*, name: str, type: str, source: str) -> EntityRef:
    """A new entity the lists do not have (the model's find, an editor's)."""
    name = _clean_name(name)
    if name in catalogue().by_name:
        raise EntityChangeError(_("يوجد علم آخر بهذا الاسم؛ اختر اسماً غيره."))
    with transaction.atomic():
        row = _new_row(name, type, source)
        _own_spellings(row, [name])
        return _apply(row, before=[], names=[name], spellings=[name])


def entities_promote_found(*, article_ids: Iterable[int] | None = None) -> list:
    """Make an entity of every name no list knows that the model found in at
    least ``AKHBAR_ENTITIES_MIN_ARTICLES`` articles; return the new entities.

    Spellings of one name (بوتين, بوتن) count together (``found.fold``) and
    all become its aliases; the name is the spelling most articles use.
    ``article_ids`` limits the names considered to those in these articles
    (after a publish); counting is over every article either way.

    The names are made ``PROMOTE_BATCH`` at a time (``_promote``): a first
    count over a large backlog makes thousands, and one at a time each paid a
    catalogue build, a scan of the index and a re-linking of its own.
    """
    from django.conf import settings

    from . import found

    within = None
    if article_ids is not None:
        rows = SearchDocument.objects.filter(
            kind=ARTICLE, object_id__in=[str(pk) for pk in article_ids]
        ).values_list("entities", flat=True)
        within = {
            found.fold(name) for names in rows for name in names.split(ENTITY_SEPARATOR)
        }
        within.discard("")
        if not within:
            return []
    least = max(1, settings.AKHBAR_ENTITIES_MIN_ARTICLES)
    known = catalogue().by_name
    groups = []
    for group in found.found_names(within=within).values():
        name = group.name
        if len(group.articles) >= least and name not in known and _is_valid(name):
            groups.append(group)
    # The names most articles use first: a batch that fails leaves those made.
    groups.sort(key=lambda group: (-len(group.articles), group.name))
    types = found.found_types(groups)
    created = []
    for start in range(0, len(groups), PROMOTE_BATCH):
        chunk = slice(start, start + PROMOTE_BATCH)
        created += _promote(groups[chunk], types[chunk])
    return created


def _is_valid(name: str) -> bool:
    try:
        return _clean_name(name) == name
    except EntityChangeError:
        return False


def _promote(groups: list, types: list[str]) -> list[EntityRef]:
    """Make an entity of each found name in ``groups`` (of ``types``), its
    spellings its aliases, in one transaction: a few queries whatever their
    number, then one catalogue build and one re-linking of their articles (a
    crash loses the whole batch, which the next count makes again)."""
    try:
        return _promote_in_transaction(groups, types)
    except BaseException:
        # The catalogue this process built inside the transaction holds the
        # rolled-back entities: read it again, or the next count skips them.
        catalogue_changed()
        raise


def _promote_in_transaction(groups: list, types: list[str]) -> list[EntityRef]:
    with transaction.atomic():
        taken = set(catalogue().by_slug)
        rows = []
        for group, type in zip(groups, types, strict=True):
            slug = _untaken_slug(taken, type, group.name)
            taken.add((type, slug))
            rows.append(
                Entity(
                    name=group.name, type=type, slug=slug, source=Entity.Source.MODEL
                )
            )
        Entity.objects.bulk_create(rows)
        addresses = Q()
        for row in rows:
            addresses |= Q(type=row.type, slug=row.slug)
        EntityRedirect.objects.filter(addresses).delete()
        spellings = {}
        for group, row in zip(groups, rows, strict=True):
            for spelling in [group.name, *group.spellings]:
                key = alias_key(spelling)
                if key and key not in spellings and len(spelling) <= 255:
                    spellings[key] = EntityAlias(entity=row, name=spelling, key=key)
        # Taken from any entity that had them, as ``_own_spellings`` does.
        keys = list(spellings)
        for start in range(0, len(keys), PROMOTE_BATCH):
            EntityAlias.objects.filter(
                key__in=keys[start : start + PROMOTE_BATCH]
            ).delete()
        EntityAlias.objects.bulk_create(spellings.values())
        catalogue_changed()
        after = catalogue().by_pk
        created = [after[row.pk] for row in rows if row.pk in after]
        keys = sorted({entity.cache_key for entity in created})
        urls = sorted({absolute_url(entity.url) for entity in created})
        news.news_changed()
        core_frontcache.purge_on_commit(keys=keys, urls=urls)
        relinking.relink_queue(
            entity_id=None,
            article_ids=sorted({int(pk) for group in groups for pk in group.articles}),
            keys=keys,
            urls=urls,
        )
    return created


def articles_to_relink(*, names: Iterable[str] = (), spellings: Iterable[str] = ()):
    """The ids of every indexed article whose entities include one of ``names``
    or whose text has one of ``spellings``: those a change to them re-links."""
    names, spellings = list(names), list(spellings)
    condition = Q()
    for name in names:
        condition |= Q(entities__contains=name)
    for spelling in spellings:
        condition |= (
            Q(headline__contains=spelling)
            | Q(standfirst__contains=spelling)
            | Q(body__contains=spelling)
        )
    if not condition:
        return []
    rows = SearchDocument.objects.filter(kind=ARTICLE).filter(condition)
    wanted = set(names)
    return [
        int(object_id)
        for object_id, found in rows.values_list("object_id", "entities")
        # A name is matched whole, not as part of a longer one.
        if spellings or wanted & set(found.split(ENTITY_SEPARATOR))
    ]


def _apply(
    row, *, before, names, spellings=(), relink=True, split_from=None
) -> EntityRef:
    """Make every process read the catalogue again, then queue the articles
    to re-link (``relinking``; a few are done at once) or, for a change that
    needs none, ban the pages now. ``split_from`` is the row a split took
    ``row``'s spellings from."""
    catalogue_changed()
    after = catalogue().by_pk[row.pk]
    entities = [*before, after]
    keys = sorted({entity.cache_key for entity in entities})
    urls = sorted({absolute_url(entity.url) for entity in entities})
    # The entity pages change at once: addresses and titles (a redirect, a
    # new name), and lists and links too, since a former name in the index
    # stands for the entity it now names (``selectors.indexed_entity``); and
    # while a split's queue is not done, the text of each article left in it
    # decides which of the two entities it names (``selectors``). The queue
    # brings the index itself up to date.
    news.news_changed()
    core_frontcache.purge_on_commit(keys=keys, urls=urls)
    if relink:
        relinking.relink_queue(
            entity_id=row.pk,
            article_ids=articles_to_relink(names=names, spellings=spellings),
            keys=keys,
            urls=urls,
            split_from=split_from,
        )
    else:
        _purge_articles(_linked(names))
    return after


def _linked(names) -> list[int]:
    condition = Q()
    for name in names:
        condition |= Q(entities__contains=name)
    rows = SearchDocument.objects.filter(kind=ARTICLE).filter(condition)
    return [int(pk) for pk in rows.values_list("object_id", flat=True)]


def _purge_articles(article_ids: list[int]) -> None:
    if len(article_ids) > relinking.PURGE_ONE_BY_ONE:
        frontcache.site_changed()
    else:
        for article_id in article_ids:
            frontcache.article_view_changed(article_id)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not slugify(name):
        raise EntityChangeError(_("اكتب اسماً فيه حروف."))
    _check_length(name)
    return name


def _check_length(text: str) -> None:
    if len(text) > 255:
        raise EntityChangeError(_("الاسم أطول من ٢٥٥ حرفاً."))


def _row_for(entity: EntityRef) -> Entity:
    """The editors' row of ``entity``, made for a listed entity on its first
    change."""
    if entity.pk is not None:
        return Entity.objects.select_for_update().get(pk=entity.pk)
    row, _created = Entity.objects.get_or_create(
        listed_name=entity.name,
        defaults={"name": entity.name, "type": entity.type, "slug": entity.slug},
    )
    return row


def _new_row(name: str, type: str, source: str) -> Entity:
    if type not in Entity.Type.values:
        raise EntityChangeError(_("نوع العلم غير معروف."))
    row = Entity.objects.create(name=name, type=type, slug="-", source=source)
    row.slug = _free_slug(type, name, row.pk)
    row.save(update_fields=["slug"])
    EntityRedirect.objects.filter(type=type, slug=row.slug).delete()
    return row


def _free_slug(type: str, name: str, pk: int, *, current: str = "") -> str:
    """The slug of ``name`` not taken by another entity's page of ``type``:
    "-2", "-3" ... added when it is. ``current`` is the entity's own slug now,
    free for it to keep. A former address is free: the new page takes it over
    from its redirect (a split entity gets back the address it had)."""
    base = slugify(name) or "entity-%d" % pk
    pages = catalogue().by_slug
    for n in range(1, 1000):
        slug = base if n == 1 else "%s-%d" % (base, n)
        page = pages.get((type, slug))
        if slug == current or page is None or page.pk == pk:
            return slug
    raise EntityChangeError(_("تعذّر إيجاد مسار للعلم."))


def _untaken_slug(taken: set, type: str, name: str) -> str:
    """The slug of ``name`` not in ``taken`` ((type, slug) pairs): "-2", "-3"
    ... added when it is, as ``_free_slug`` does for a new entity."""
    base = slugify(name)
    for n in range(1, 1000):
        slug = base if n == 1 else "%s-%d" % (base, n)
        if (type, slug) not in taken:
            return slug
    raise EntityChangeError(_("تعذّر إيجاد مسار للعلم."))


def _redirect(type: str, slug: str, row: Entity) -> None:
    if slug and slug != row.slug or type != row.type:
        EntityRedirect.objects.update_or_create(
            type=type, slug=slug, defaults={"entity": row}
        )
    EntityRedirect.objects.filter(type=row.type, slug=row.slug).delete()


def _own_spellings(row: Entity, spellings: Iterable[str]) -> None:
    for spelling in spellings:
        key = alias_key(spelling)
        if key:
            EntityAlias.objects.update_or_create(
                key=key, defaults={"entity": row, "name": spelling}
            )
