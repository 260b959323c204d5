"""Every entity with a page: the gazetteer's lists with editors' rows over them.

One place computes what the reader pages, the admin and extraction see:

- the catalogue (``catalogue()``): entities by (type, slug) and by name, the
  former addresses that redirect, and which entity each spelling names;
- the gazetteer extraction uses (``extraction_gazetteer()``): the shipped one
  while editors changed nothing, else the lists with every spelling an editor
  moved, added or renamed mapped to its entity's current name.

Both are kept per process under the ``entities`` cache version, which every
editor's change bumps (``catalogue_changed``), so every process follows.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from akhbar.arabic import Gazetteer, normalize, slugify, strip_marks
from akhbar.core import versions

if TYPE_CHECKING:
    from .models import Entity

ENTITIES = versions.Version("entities")


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


@dataclass(frozen=True)
class EntityRef:
    """One canonical entity with a page.

    ``pk`` is the editors' row, if any; ``listed_name`` the canonical name in
    the lists it stands for ("" for an entity the lists do not have).
    """

    name: str
    type: str
    slug: str
    aliases: tuple[str, ...]
    pk: int | None = None
    hidden: bool = False
    listed_name: str = ""

    @property
    def kind(self) -> Kind:
        return KINDS[self.type]

    @property
    def url(self) -> str:
        return "/%s/%s/" % (self.kind.prefix, self.slug)

    @property
    def cache_key(self) -> str:
        """The surrogate key naming this entity's page (see ``name_cache_key``)."""
        return name_cache_key(self.type, self.name)

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


def name_cache_key(type: str, name: str) -> str:
    """The surrogate key of the page of the entity called ``name``: ASCII, as
    HTTP headers are, from a digest of the name."""
    import hashlib

    digest = hashlib.blake2b(name.encode(), digest_size=6).hexdigest()
    return "entity-%s-%s" % (type.lower(), digest)


def alias_key(spelling: str) -> str:
    """The normal form of a spelling, as the gazetteer matches it: one entity's
    per form ("بوتين" and "بوتينْ" share one)."""
    return " ".join(normalize(strip_marks(spelling or "")).split())


@dataclass(frozen=True)
class Catalogue:
    by_slug: dict[tuple[str, str], EntityRef]
    by_name: dict[str, EntityRef]
    # Former addresses (type, slug) -> the entity they now lead to.
    redirects: dict[tuple[str, str], EntityRef] = field(default_factory=dict)
    # Normal form of a spelling -> the entity it names.
    by_alias: dict[str, EntityRef] = field(default_factory=dict)
    # Editors' rows, live or merged, by id -> the entity they lead to.
    by_pk: dict[int, EntityRef] = field(default_factory=dict)


@dataclass
class _Draft:
    name: str
    type: str
    slug: str = ""
    pk: int | None = None
    hidden: bool = False
    listed_name: str = ""
    spellings: dict[str, str] = field(default_factory=dict)  # key -> spelling


_kept: dict[str, object] = {}


def catalogue_changed() -> None:
    """Make every process read the catalogue again (after an editor's change)."""
    ENTITIES.bump()


def cache_clear() -> None:
    """Forget this process's catalogue and gazetteer (the lists changed)."""
    _kept.clear()


def _current(name: str, build):
    version = ENTITIES.get()
    kept = _kept.get(name)
    if kept is None or kept[0] != version:
        kept = (version, build())
        _kept[name] = kept
    return kept[1]


def catalogue() -> Catalogue:
    """Every entity, hidden ones included, from the lists and editors' rows.

    Two entities of one type with the same slug: an editor's row keeps it, else
    the first listed, and the other has no page, so a link never lands on the
    wrong entity.
    """
    return _current("catalogue", _build_catalogue)


def extraction_gazetteer() -> Gazetteer:
    """The gazetteer extraction uses: the shipped one unless editors changed an
    entity, else the lists with editors' spellings and names over them."""
    return _current("gazetteer", _build_gazetteer)


def _rows():
    from .models import Entity, EntityAlias, EntityRedirect

    rows = {row.pk: row for row in Entity.objects.all()}
    aliases = list(EntityAlias.objects.values_list("entity_id", "name"))
    redirects = list(EntityRedirect.objects.values_list("type", "slug", "entity_id"))
    return rows, aliases, redirects


def _final(rows: dict[int, "Entity"], row: "Entity") -> "Entity":
    seen = {row.pk}
    while row.merged_into_id and row.merged_into_id in rows:
        row = rows[row.merged_into_id]
        if row.pk in seen:  # A merge loop: stop where it closes.
            break
        seen.add(row.pk)
    return row


def _drafts(gazetteer: Gazetteer):
    """Every entity as a draft, keyed ("row", id) or ("list", canonical), and
    the editors' rows."""
    rows, alias_rows, redirect_rows = _rows()
    listed = {row.listed_name: row for row in rows.values() if row.listed_name}
    drafts: dict[tuple, _Draft] = {}
    owner_of: dict[str, tuple] = {}

    def draft_of_row(row) -> tuple:
        row = _final(rows, row)
        key = ("row", row.pk)
        if key not in drafts:
            drafts[key] = _Draft(
                row.name, row.type, row.slug, row.pk, row.hidden, row.listed_name
            )
        return key

    for row in rows.values():
        if not row.merged_into_id:
            draft_of_row(row)
    types: dict[str, str] = {}
    for canonical, type, _ambiguous in gazetteer.entries.values():
        types.setdefault(canonical, type)
    for canonical, type in types.items():
        row = listed.get(canonical)
        owner = draft_of_row(row) if row else ("list", canonical)
        if owner not in drafts:
            drafts[owner] = _Draft(canonical, type)
        spellings = [canonical] + [
            alias
            for alias, alias_type in gazetteer.aliases.get(canonical, {}).items()
            if alias_type == type
        ]
        for spelling in spellings:
            key = alias_key(spelling)
            if key and key not in owner_of:
                drafts[owner].spellings[key] = spelling
                owner_of[key] = owner
    for entity_id, spelling in alias_rows:
        key = alias_key(spelling)
        owner = draft_of_row(rows[entity_id])
        previous = owner_of.get(key)
        if previous is not None and previous != owner:
            drafts[previous].spellings.pop(key, None)
        drafts[owner].spellings[key] = spelling
        owner_of[key] = owner
    for draft in drafts.values():
        # A renamed entity's own name is one of its spellings.
        key = alias_key(draft.name)
        if key and owner_of.get(key) is None:
            draft.spellings[key] = draft.name
    return drafts, rows, redirect_rows


def _build_catalogue() -> Catalogue:
    drafts, rows, redirect_rows = _drafts(Gazetteer.default())
    by_slug, by_name, by_key = {}, {}, {}
    # Editors' rows first: their slugs win.
    for key in sorted(drafts, key=lambda k: k[0] != "row"):
        draft = drafts[key]
        slug = draft.slug or slugify(draft.name)
        if not slug or (draft.type, slug) in by_slug or draft.name in by_name:
            continue
        entity = EntityRef(
            draft.name,
            draft.type,
            slug,
            tuple(s for s in draft.spellings.values() if s != draft.name),
            draft.pk,
            draft.hidden,
            draft.listed_name,
        )
        by_slug[draft.type, slug] = by_name[draft.name] = by_key[key] = entity
    by_alias = {
        spelling_key: entity
        for key, entity in by_key.items()
        for spelling_key in drafts[key].spellings
    }
    by_pk = {}
    for row in rows.values():
        entity = by_key.get(("row", _final(rows, row).pk))
        if entity is not None:
            by_pk[row.pk] = entity
    redirects = {
        (type, slug): by_pk[entity_id]
        for type, slug, entity_id in redirect_rows
        if entity_id in by_pk and (type, slug) not in by_slug
    }
    return Catalogue(by_slug, by_name, redirects, by_alias, by_pk)


def _build_gazetteer() -> Gazetteer:
    from django.db import DatabaseError

    from .models import Entity

    try:
        changed = Entity.objects.exists()
    except DatabaseError:
        # A database without the tables (a batch evaluation's own settings
        # before ``migrate``): nobody changed anything there.
        changed = False
    if not changed:
        return Gazetteer.default()
    gazetteer = Gazetteer.load()
    drafts, _rows_, _redirects = _drafts(gazetteer)
    for key, draft in drafts.items():
        if key[0] != "row":
            continue
        for spelling_key, spelling in draft.spellings.items():
            listed = gazetteer.entries.get(tuple(spelling_key.split()))
            ambiguous = bool(listed and listed[2])
            gazetteer.add_alias(draft.name, spelling, draft.type, ambiguous=ambiguous)
    return gazetteer
