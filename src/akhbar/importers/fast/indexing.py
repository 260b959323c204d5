"""Index updates held back during a bulk import, and done once at the end."""

import contextlib
import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Length
from django.db.models.signals import post_save
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.index import AutocompleteField, SearchField, get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.utils import get_content_type_pk
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from akhbar.core.bulk import insert_rows, insert_values
from akhbar.news.selectors import news_changed

from ..report import ImportReport

logger = logging.getLogger(__name__)


class DeferredIndexing:
    """Search and reference indexing held back during a bulk import.

    Wagtail updates its search and reference indexes on every save, three
    times per imported page; held back, each object is indexed once at the
    end, in bulk where the backend allows (pages written by the BulkWriter
    are indexed with their batch, ``index``). A large import also holds back the
    site search (akhbar.search indexes each article after commit, one at a
    time) and rebuilds it once after the import is committed.
    """

    # Below this many items the site search keeps its own per-article updates.
    SITE_SEARCH_REBUILD_FROM = 200

    def __init__(self, *, items: int = 0, rebuild_search: bool = True):
        self.touched: dict[type, set[int]] = {}
        self.rebuild_search = rebuild_search
        # A large import also sends no per-page publish signals (see BulkWriter):
        # the caches they would clear are cleared once, after commit.
        self.large = items >= self.SITE_SEARCH_REBUILD_FROM
        self.site_search_paused = self.large and apps.is_installed("akhbar.search")
        # Count and total length of the titles in each SQLite search index (by
        # database), kept as entries are added: see search_index_add.
        self.title_lengths: dict[str, list[int]] = {}

    def touch(self, obj) -> None:
        self.touched.setdefault(type(obj), set()).add(obj.pk)

    @contextlib.contextmanager
    def deferred(self):

        models = [
            m for m in get_indexed_models() if getattr(m, "search_auto_update", True)
        ]
        disconnected = [
            m
            for m in models
            if post_save.disconnect(post_save_signal_handler, sender=m)
        ]
        site_search = contextlib.nullcontext()
        if self.site_search_paused:
            from akhbar.search.signal_handlers import indexing_paused

            site_search = indexing_paused()
        try:
            with disable_reference_index_auto_update(), site_search:
                yield self
        finally:
            for model in disconnected:
                post_save.connect(post_save_signal_handler, sender=model)

    def flush(self) -> None:
        """Index everything touched (inside the import's transaction)."""

        for model, pks in self.touched.items():
            pks = sorted(pks)
            # Child rows (bylines, tags) are read for references and search
            # text: fetched for the whole chunk rather than per object.
            related = [
                relation.get_accessor_name()
                for relation in get_all_child_relations(model)
            ]
            for start in range(0, len(pks), 500):
                objects = list(
                    model.objects.filter(pk__in=pks[start : start + 500])
                    .prefetch_related(*related)
                    .order_by("pk")
                )
                self.index(model, objects)

    def index(self, model, objects: list) -> None:
        """Index ``objects`` of ``model`` now: references and search."""

        if ReferenceIndex.is_indexed(model):
            reference_index_update(model, objects)
        if getattr(model, "search_fields", None):
            for backend in get_search_backends(with_auto_update=True):
                search_index_add(
                    backend, model, objects, title_lengths=self.title_lengths
                )

    def after_commit(self, report: ImportReport) -> None:
        """Rebuild the site search once, if it was held back.

        One rebuild costs far less than an update per article: each update
        takes the index's lock and rewrites its postings.
        """
        if self.large:
            news_changed()
        if not self.site_search_paused or not self.rebuild_search:
            return
        from akhbar.search.services import search_index_rebuild

        try:
            search_index_rebuild()
        except Exception:  # The import is committed; say how to finish it.
            logger.exception("Rebuilding the search index after an import failed")
            report.error(_("لم يُحدَّث فهرس البحث؛ شغّل ‎akhbar reindex‎ لإعادة بنائه."))
            return
        if apps.is_installed("akhbar.related"):
            # Related lists and duplicate flags come from the index just built.
            from akhbar.related.services import related_rebuild

            try:
                related_rebuild()
            except Exception:
                logger.exception("Rebuilding related lists after an import failed")
                report.error(
                    _("لم تُحدَّث المقالات ذات الصلة؛ شغّل ‎akhbar related --rebuild‎.")
                )
        if apps.is_installed("akhbar.entities"):
            # Names the model found often enough in the import get a page.
            from akhbar.entities.services import entities_promote_found

            try:
                entities_promote_found()
            except Exception:
                logger.exception("Making entities of found names failed")


def reference_index_update(model, objects: list) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for many objects of
    ``model`` at once: one read, one insert and one delete instead of several
    queries per object; the same rows result."""

    content_types = [
        ContentType.objects.get_for_model(m, for_concrete_model=False)
        for m in [model, *model._meta.get_parent_list()]
    ]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {ct.pk for ct in content_types}
    existing: dict[str, dict[tuple, tuple[int, int]]] = {}
    rows = ReferenceIndex.objects.filter(
        base_content_type=base_content_type,
        object_id__in=[str(obj.pk) for obj in objects],
    ).values_list(
        "id",
        "content_type_id",
        "object_id",
        "to_content_type_id",
        "to_object_id",
        "model_path",
        "content_path",
    )
    for pk, type_id, object_id, *reference in rows:
        existing.setdefault(object_id, {})[tuple(reference)] = (type_id, pk)
    new, deleted = [], []
    for obj in objects:
        references = set(ReferenceIndex._extract_references_from_object(obj))
        before = existing.get(str(obj.pk), {})
        for to_type_id, to_object_id, model_path, content_path in references:
            if (to_type_id, to_object_id, model_path, content_path) in before:
                continue
            new.append(
                {
                    "content_type_id": content_type.pk,
                    "base_content_type_id": base_content_type.pk,
                    "object_id": str(obj.pk),
                    "to_content_type_id": to_type_id,
                    "to_object_id": to_object_id,
                    "model_path": model_path,
                    "content_path": content_path,
                    "content_path_hash": ReferenceIndex._get_content_path_hash(
                        content_path
                    ),
                }
            )
        for reference, (type_id, pk) in before.items():
            # A row recorded for a more specific model than this one may hold a
            # reference this model cannot see: Wagtail keeps it too.
            if reference not in references and type_id in known:
                deleted.append(pk)
    insert_values(
        ReferenceIndex,
        new,
        ignore_conflicts=connection.features.supports_ignore_conflicts,
    )
    if deleted:
        ReferenceIndex.objects.filter(id__in=deleted).delete()


_PREPARED = "_akhbar_search_content"


def prepared_search_content(obj, **values: list[str]) -> None:
    """Give ``obj`` the searchable content of some of its fields, computed
    ahead (``body=field.get_searchable_content(value)``); ``search_index_add``
    uses it instead of computing it again."""
    setattr(obj, _PREPARED, values)


def search_index_add(backend, model, objects: list, *, title_lengths=None) -> None:
    """``backend.add_bulk(model, objects)``, each object's text read once.

    Wagtail's SQLite index (modelsearch's ``SQLiteIndex.add_items``) walks every
    search field three times per object, for its title, autocomplete and body
    columns, and a StreamField's text is the costliest part of an import's
    indexing. For that index the three columns are gathered in one walk and
    stored as ``add_items`` stores them; any other backend is given the batch.

    ``add_items`` ends by giving its new entries their title norm (the
    average title length over the length of theirs) in an UPDATE that scans
    the whole index and rewrites each new row's full-text entry through the
    index's trigger. Here the norm is written with the row, from the same
    average: that of the index's titles with the batch's. ``title_lengths``
    ({database alias: [count, total length]}, kept by the caller across
    batches) spares reading the index's titles again for each batch.
    """
    index = backend.get_index_for_model(model)
    sqlite = "modelsearch.backends.database.sqlite.sqlite"
    # The SQLite module can only be imported where its models exist (SQLite).
    if type(index).__module__ != sqlite or not objects:
        backend.add_bulk(model, objects)
        return
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        ObjectIndexer,
        SQLiteIndex,
    )

    if type(index) is not SQLiteIndex:
        backend.add_bulk(model, objects)
        return
    if not model.get_search_fields():
        return
    texts: dict[str, tuple[str, str, str]] = {}
    for obj in objects:
        indexer = ObjectIndexer(obj, backend)
        prepared = getattr(obj, _PREPARED, None) or {}
        title, autocomplete, body = [], [], []
        for field in indexer.search_fields:
            if isinstance(field, SearchField) and field.field_name in prepared:
                values = [(field, indexer.prepare_value(prepared[field.field_name]))]
            else:
                values = indexer.prepare_field(obj, field)
            for current, value in values:
                if isinstance(current, AutocompleteField):
                    autocomplete.append(value)
                elif isinstance(current, SearchField):
                    target = title if current.field_name == "title" else body
                    target.append(value)
        texts[indexer.id] = (" ".join(title), " ".join(autocomplete), " ".join(body))
    entries = index.entries.filter(content_type_id=get_content_type_pk(model))
    indexed = frozenset(
        entries.filter(object_id__in=texts.keys()).values_list("object_id", flat=True)
    )
    for object_id in indexed:
        title, autocomplete, body = texts[object_id]
        entries.filter(object_id=object_id).update(
            title=title, autocomplete=autocomplete, body=body
        )
    new = [
        (object_id, *columns)
        for object_id, columns in texts.items()
        if object_id not in indexed
    ]
    alias = index.write_connection.alias
    if title_lengths is None:
        title_lengths = {}
    if alias not in title_lengths:
        # As _refresh_title_norms measures them: in characters, empty left out.
        titles = index.entries.annotate(length=Length("title")).filter(length__gt=0)
        totals = titles.aggregate(count=Count("pk"), total=Sum("length"))
        title_lengths[alias] = [totals["count"], totals["total"] or 0]
    lengths = title_lengths[alias]
    for _object_id, title, _autocomplete, _body in new:
        if title:
            lengths[0] += 1
            lengths[1] += len(title)
    average = lengths[1] / lengths[0] if lengths[0] else 1.0
    insert_rows(
        IndexEntry,
        [
            IndexEntry(
                content_type_id=get_content_type_pk(model),
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
                # An empty title keeps the column's default, as it does there.
                title_norm=average / len(title) if title else 1.0,
            )
            for object_id, title, autocomplete, body in new
        ],
    )
