"""New pages and comments of a large import, written a batch at a time.

Creating a page the editor's way (``add_child``, ``save_revision``,
``publish``) costs about ninety queries, most of them treebeard finding the
page's place in the tree and Wagtail reading back what it has just written.
``BulkWriter`` writes the same rows for a batch of new pages in a few queries
per table: each page's materialised path (after the last child of its parent
in the database), its row and its subclass's row, its child rows (bylines,
tags), one revision (``latest_revision``, and ``live_revision`` when live),
the log entries of creation and publication, and the parents' ``numchild``.
What stays Wagtail's is the meaning: a live page has a live revision, a
scheduled one a revision approved to go live at ``go_live_at``, a draft only a
latest revision; the results pass treebeard's ``find_problems``.

Work that needs the new objects' ids (import records, comments, redirects)
is handed to the writer as a callback, run once the batch is written.
"""

import datetime
import decimal
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_field_value,
)
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published
from wagtail.utils.timestamps import ensure_utc

from akhbar.comments.services import comments_bulk_create
from akhbar.core.bulk import insert_rows, insert_values, reads_attribute

from ..drafts import Status


@dataclass
class _NewPage:
    parent: Page
    page: Page
    status: str
    then: Callable | None


class BulkWriter:
    """Pages and comments waiting to be inserted, flushed every ``BATCH_SIZE``.

    ``send_signals=False`` (a large import) sends no ``page_published`` per
    page: its receivers (the fragment cache, the site search) are served once
    at the end instead. ``on_written(model, pages)`` is given each batch of new
    pages while they are in memory (to index them without reading them back).
    """

    BATCH_SIZE = 500
    # Set when the batch is written, not known (nor wrong) before.
    PLACED_AT_FLUSH = ["path", "depth", "numchild"]
    # Set by the writer from the parent and the model: checking that they exist
    # would cost a query per page.
    NOT_VALIDATED = [*PLACED_AT_FLUSH, "locale", "content_type"]

    def __init__(
        self,
        *,
        send_signals: bool = True,
        on_written: Callable[[type, list[Page]], None] | None = None,
    ):
        self.send_signals = send_signals
        self.on_written = on_written
        self._pages: list[_NewPage] = []
        # Pages written by this writer: no reader has seen them yet.
        self._written: set[int] = set()
        self._comments: list[tuple[object, Callable | None]] = []
        self._flushing = False

    # Pages -----------------------------------------------------------------------

    def add_page(
        self,
        parent: Page,
        page: Page,
        *,
        status: str,
        published_at=None,
        then: Callable | None = None,
    ) -> None:
        """Queue ``page`` (unsaved, its slug free under ``parent``) for insertion.

        Validated now, as Wagtail would validate it: a page that goes live has
        its fields checked (publish's ``full_clean``), any other its title (a
        draft's ``minimal_clean``). Raises ``ValidationError``. ``then(page)``
        runs once the page is written.
        """
        if type(page)._meta.get_parent_list() != [Page]:
            raise TypeError("BulkWriter writes direct subclasses of Page only.")
        page.live = False
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.set_url_path(parent)
        for relation in get_all_child_relations(type(page)):
            # A new page has no rows in the relations not given (Wagtail's admin
            # comments): said in memory, so that serialising it reads nothing.
            name = relation.get_accessor_name()
            if name not in getattr(page, "_cluster_related_objects", {}):
                setattr(page, name, [])
        if status in (Status.LIVE, Status.UNPUBLISHED) and published_at:
            page.first_published_at = published_at
        page.go_live_at = published_at if status == Status.SCHEDULED else None
        if self._goes_live(page, status):
            # What full_clean() adds reads the database: the sibling slug
            # check (made by ImportBatch.free_slug) and the uniqueness of a
            # translation key that was just generated.
            page.clean_fields(exclude=self.NOT_VALIDATED)
        else:
            page.title = Page._meta.get_field("title").clean(page.title, page)
        self._pages.append(_NewPage(parent, page, status, then))
        if len(self._pages) >= self.BATCH_SIZE:
            self.flush()

    @staticmethod
    def _goes_live(page: Page, status: str, now=None) -> bool:
        if status == Status.LIVE:
            return True
        # A past (or missing) go-live date publishes at once, as publish() does.
        return status == Status.SCHEDULED and not (
            page.go_live_at and page.go_live_at > (now or timezone.now())
        )

    def flush(self) -> None:
        """Write everything queued, then run the callbacks."""
        if self._flushing:
            return
        self._flushing = True
        try:
            while self._pages or self._comments:
                pages, self._pages = self._pages, []
                if pages:
                    self._write_pages(pages)
                    self._written.update(new.page.pk for new in pages)
                    for new in pages:
                        if new.then is not None:
                            new.then(new.page)
                comments, self._comments = self._comments, []
                if comments:
                    self._write_comments(comments)
        finally:
            self._flushing = False

    def _write_pages(self, batch: list[_NewPage]) -> None:
        now = timezone.now()
        added = self._place(batch)
        pages = [new.page for new in batch]
        for new in batch:
            page = new.page
            page.latest_revision_created_at = now
            page.expired = False
            if self._goes_live(page, new.status, now):
                page.live = True
                page.has_unpublished_changes = False
                page.first_published_at = page.first_published_at or now
                page.last_published_at = now
            else:
                page.has_unpublished_changes = True
        insert_rows(Page, pages)
        for page in pages:
            # insert_rows set the Page id; the subclass's primary key is the
            # link to it.
            page.page_ptr_id = page.id
        for model, group in _by_type(pages).items():
            # The subclass's own table (Django's bulk_create refuses models
            # with a parent table).
            insert_rows(model, group)
            self._write_children(model, group)
        self._write_revisions(batch, now)
        for parent_id, count in added.items():
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + count)
        for parent in {id(new.parent): new.parent for new in batch}.values():
            # treebeard trusts the numchild of the object it is given (a later
            # move under this parent): keep the caller's copy true.
            parent.numchild += added[parent.pk]
        if self.on_written is not None:
            for model, group in _by_type(pages).items():
                self.on_written(model, group)
        if self.send_signals:
            for new in batch:
                if new.page.live:
                    page_published.send(
                        sender=type(new.page),
                        instance=new.page,
                        revision=new.page.live_revision,
                    )

    @staticmethod
    def _place(batch: list[_NewPage]) -> dict[int, int]:
        """Give each page the path after its parent's last child in the database;
        return how many children each parent gained.

        Read at flush time, so that pages added one by one in between (a
        section, a plain page) are counted.
        """
        steps: dict[int, int] = {}
        added: dict[int, int] = {}
        for new in batch:
            parent = new.parent
            if parent.pk not in steps:
                last = (
                    Page.objects.filter(
                        path__startswith=parent.path, depth=parent.depth + 1
                    )
                    .order_by("-path")
                    .values_list("path", flat=True)
                    .first()
                )
                steps[parent.pk] = Page._str2int(last[-Page.steplen :]) if last else 0
                added[parent.pk] = 0
            steps[parent.pk] += 1
            added[parent.pk] += 1
            path = Page._get_path(parent.path, parent.depth + 1, steps[parent.pk])
            if len(path) != len(parent.path) + Page.steplen:
                raise PathOverflow("Path overflow under %r" % parent.path)
            new.page.path, new.page.depth, new.page.numchild = path, parent.depth + 1, 0
        return added

    @staticmethod
    def _write_children(model, pages: list[Page]) -> None:
        """Bylines, tags and other ParentalKey rows, as the page save would."""
        for relation in get_all_child_relations(model):
            rows = []
            for page in pages:
                for child in getattr(page, relation.get_accessor_name()).all():
                    setattr(child, relation.field.attname, page.pk)
                    rows.append(child)
            if rows:
                insert_rows(relation.related_model, rows)

    @staticmethod
    def _write_revisions(batch: list[_NewPage], now) -> None:
        base_type = ContentType.objects.get_for_model(Page)
        revisions, logs = [], []
        for new in batch:
            page = new.page
            content_type = ContentType.objects.get_for_model(page)
            scheduled = not page.live and new.status == Status.SCHEDULED
            revision = Revision(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=now,
                approved_go_live_at=page.go_live_at if scheduled else None,
                content=_revision_content(page),
                object_str=str(page),
            )
            revisions.append(revision)
        insert_rows(Revision, revisions)
        for new, revision in zip(batch, revisions, strict=True):
            page = new.page
            page.latest_revision = revision
            page.live_revision = revision if page.live else None
            entry = {
                "content_type_id": ContentType.objects.get_for_model(page).pk,
                "label": page.get_admin_display_title(),
                "timestamp": now,
                "page_id": page.pk,
                "content_changed": True,
            }
            # The entries publish() and add_child() leave: created, then
            # published or scheduled.
            logs.append(
                {**entry, "action": "wagtail.create", "data": {}, "revision_id": None}
            )
            if page.live:
                logs.append(
                    {
                        **entry,
                        "action": "wagtail.publish",
                        "data": {},
                        "revision_id": revision.pk,
                    }
                )
            elif revision.approved_go_live_at:
                data = {
                    "revision": {
                        "id": revision.pk,
                        "created": ensure_utc(now),
                        "go_live_at": ensure_utc(page.go_live_at),
                        "has_live_version": False,
                    }
                }
                logs.append(
                    {
                        **entry,
                        "action": "wagtail.publish.schedule",
                        "data": data,
                        "revision_id": revision.pk,
                    }
                )
        # Each page's one revision, found by the revisions' index rather than
        # sent back row by row (bulk_update's CASE over the batch is far slower).
        revision = Revision.objects.filter(
            base_content_type=base_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        ).values("pk")[:1]
        pks = [new.page.pk for new in batch]
        Page.objects.filter(pk__in=pks).update(latest_revision=Subquery(revision))
        live = [new.page.pk for new in batch if new.page.live]
        Page.objects.filter(pk__in=live).update(live_revision=F("latest_revision"))
        insert_values(PageLogEntry, logs)

    # Comments --------------------------------------------------------------------

    def add_comment(self, comment, *, then: Callable | None = None) -> None:
        """Queue a comment built by ``comment_build``; ``then(comment)`` runs
        once it is stored."""
        self._comments.append((comment, then))
        if not self._flushing and len(self._comments) >= self.BATCH_SIZE * 4:
            self.flush()

    def _write_comments(self, queued) -> None:
        comments_bulk_create(
            comments=[comment for comment, _then in queued],
            unseen_articles=self._written,
        )
        for comment, then in queued:
            if then is not None:
                then(comment)


__all__ = ["BulkWriter", "insert_rows", "insert_values", "serializable_data"]


def serializable_data(obj) -> dict:
    """``obj.serializable_data()`` (a revision's content), computed with less
    work per field.

    modelcluster asks every field for its ``pre_save`` value and its string
    form, through several calls each; for the fields whose ``pre_save`` reads
    the attribute and whose string form is ``str()`` (most of a page's forty),
    the attribute is read once. Other fields (StreamField, JSON, auto_now dates)
    go through modelcluster's own ``get_field_value``. Tests compare the two.
    """
    data = _field_data(obj)
    for relation in get_all_child_relations(obj):
        name = relation.get_accessor_name()
        children = getattr(obj, name).all()
        if hasattr(relation.related_model, "serializable_data"):
            data[name] = [child.serializable_data() for child in children]
        else:
            data[name] = [_field_data(child) for child in children]
    for field in get_all_child_m2m_relations(obj):
        if field.serialize:
            data[field.name] = [child.pk for child in getattr(obj, field.name).all()]
    return data


def _revision_content(page) -> dict:
    """A new page's first revision, as ``save_revision()`` serialises it: before
    ``publish()`` makes the page live and before the revision marks it as
    changed (Wagtail keeps the page's own flags when it loads a revision)."""
    content = serializable_data(page)
    content["live"] = False
    content["has_unpublished_changes"] = False
    return content


def _field_data(obj) -> dict:
    """modelcluster's ``get_serializable_data_for_fields(obj)``."""
    data = {}
    for name, attname, kind, field in _serialisation_plan(type(obj)):
        if kind is _FOREIGN_KEY:
            data[name] = getattr(obj, attname)
            continue
        value = getattr(obj, attname) if kind is _ATTRIBUTE else None
        if kind is _FIELD or not (value is None or type(value) in _AS_IS):
            value = get_field_value(field, obj)
        elif type(value) is datetime.datetime:
            value = _in_utc(value)
        data[name] = value
    return data


_FOREIGN_KEY, _ATTRIBUTE, _FIELD = "foreign key", "attribute", "field"
# Values modelcluster keeps as they are (is_protected_type), except datetimes,
# which it turns to UTC; str is what Field.value_to_string makes of a str.
_AS_IS = frozenset(
    {
        int,
        float,
        bool,
        str,
        decimal.Decimal,
        datetime.datetime,
        datetime.date,
        datetime.time,
    }
)


def _in_utc(value: datetime.datetime) -> datetime.datetime:
    if not settings.USE_TZ:
        return value
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(datetime.UTC)


@functools.cache
def _serialisation_plan(model) -> list[tuple]:
    """(key, attname, how to read, field) for each key of the model's data."""
    pk_field = model._meta.pk
    while pk_field.remote_field and pk_field.remote_field.parent_link:
        pk_field = pk_field.remote_field.model._meta.pk
    fields = [("pk", pk_field)]
    fields += [(f.name, f) for f in model._meta.fields if f.serialize]
    plan = []
    for name, field in fields:
        if field.remote_field is not None:
            kind = _FOREIGN_KEY
        elif reads_attribute(field) and (
            type(field).value_to_string is models.Field.value_to_string
            or isinstance(field, models.DateTimeField | models.DateField)
        ):
            kind = _ATTRIBUTE
        else:
            kind = _FIELD
        plan.append((name, field.attname, kind, field))
    return plan


def _by_type(pages: list[Page]) -> dict[type, list[Page]]:
    groups: dict[type, list[Page]] = {}
    for page in pages:
        groups.setdefault(type(page), []).append(page)
    return groups
