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

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.constants import OnConflict
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published
from wagtail.utils.timestamps import ensure_utc

from .drafts import Status


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
                content=page.serializable_data(),
                object_str=str(page),
            )
            revisions.append(revision)
        insert_rows(Revision, revisions)
        for new, revision in zip(batch, revisions, strict=True):
            page = new.page
            page.latest_revision = revision
            page.live_revision = revision if page.live else None
            entry = {
                "content_type": ContentType.objects.get_for_model(page),
                "label": page.get_admin_display_title(),
                "timestamp": now,
                "page_id": page.pk,
                "content_changed": True,
            }
            # The entries publish() and add_child() leave: created, then
            # published or scheduled.
            logs.append(PageLogEntry(action="wagtail.create", data={}, **entry))
            if page.live:
                logs.append(
                    PageLogEntry(
                        action="wagtail.publish", data={}, revision=revision, **entry
                    )
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
                    PageLogEntry(
                        action="wagtail.publish.schedule",
                        data=data,
                        revision=revision,
                        **entry,
                    )
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
        insert_rows(PageLogEntry, logs)

    # Comments --------------------------------------------------------------------

    def add_comment(self, comment, *, then: Callable | None = None) -> None:
        """Queue a comment built by ``comment_build``; ``then(comment)`` runs
        once it is stored."""
        self._comments.append((comment, then))
        if not self._flushing and len(self._comments) >= self.BATCH_SIZE * 4:
            self.flush()

    @staticmethod
    def _write_comments(queued) -> None:
        from akhbar.comments.services import comments_bulk_create

        comments_bulk_create(comments=[comment for comment, _then in queued])
        for comment, then in queued:
            if then is not None:
                then(comment)


def _by_type(pages: list[Page]) -> dict[type, list[Page]]:
    groups: dict[type, list[Page]] = {}
    for page in pages:
        groups.setdefault(type(page), []).append(page)
    return groups


def insert_rows(
    model, objs: list, *, batch_size: int = 500, ignore_conflicts: bool = False
) -> None:
    """Insert ``objs`` into ``model``'s own table, as ``bulk_create`` would.

    The same rows (each field's ``pre_save`` and ``get_db_prep_save``, new
    primary keys read back with ``RETURNING`` and set on the objects), built
    without the per-value work of Django's insert compiler (expression checks,
    a placeholder per value), which costs more than the database's own insert
    for the hundreds of thousands of rows a large import writes; and one
    ``VALUES`` list on PostgreSQL, where Django 5.2's ``UNNEST`` insert turns
    large JSON values (revision contents) into array literals in Python.
    Objects whose values include an expression, or a field with its own
    placeholder, go through ``bulk_create`` instead. ``ignore_conflicts`` skips
    rows that break a unique constraint (no primary keys are then read back).
    """
    if not objs:
        return
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    pk = opts.pk
    # The key of this table: a page subclass's object given for the Page table
    # has its Page id here, its own pk being the link to it.
    unsaved = sum(getattr(obj, opts.pk.attname) is None for obj in objs)
    if unsaved not in (0, len(objs)):
        _plain_bulk_create(model, objs, batch_size, ignore_conflicts)
        return
    new_keys = pk.db_returning and unsaved > 0
    on_conflict = None
    if ignore_conflicts:
        if not connection.features.supports_ignore_conflicts:
            _plain_bulk_create(model, objs, batch_size, ignore_conflicts)
            return
        on_conflict = OnConflict.IGNORE
    fields = [
        field
        for field in opts.local_concrete_fields
        if not (new_keys and field is pk) and not field.generated
    ]
    if any(hasattr(field, "get_placeholder") for field in fields):
        _plain_bulk_create(model, objs, batch_size, ignore_conflicts)
        return
    qn = connection.ops.quote_name
    returning = ""
    if new_keys and not ignore_conflicts:
        if not connection.features.can_return_rows_from_bulk_insert:
            _plain_bulk_create(model, objs, batch_size)
            return
        returning, _params = connection.ops.return_insert_columns([pk])
    head = "%s %s (%s) VALUES " % (
        connection.ops.insert_statement(on_conflict=on_conflict),
        qn(opts.db_table),
        ", ".join(qn(field.column) for field in fields),
    )
    row_sql = "(%s)" % ", ".join(["%s"] * len(fields))
    suffix = " ".join(
        part
        for part in (
            connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None),
            returning,
        )
        if part
    )
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objs)))
    savers = [
        (field.pre_save, field.get_db_prep_save, _plain_type(field)) for field in fields
    ]
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        params = []
        for obj in chunk:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
            for pre_save, prep, plain in savers:
                value = pre_save(obj, True)
                if plain is not None and (value is None or type(value) is plain):
                    params.append(value)
                    continue
                if hasattr(value, "resolve_expression"):
                    break
                params.append(prep(value, connection))
            else:
                continue
            break
        else:
            sql = head + ", ".join([row_sql] * len(chunk))
            if suffix:
                sql = "%s %s" % (sql, suffix)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                if returning:
                    for obj, row in zip(chunk, cursor.fetchall(), strict=True):
                        setattr(obj, pk.attname, row[0])
            for obj in chunk:
                obj._state.adding = False
                obj._state.db = connection.alias
            continue
        _plain_bulk_create(model, chunk, batch_size, ignore_conflicts)


# Fields whose value, of this exact type or None, is what goes to the database:
# their get_db_prep_save only checks that (the costliest step of an insert).
_PLAIN_FIELDS = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.URLField: str,
    models.BooleanField: bool,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
}


# Fields that store None as NULL (their get_db_prep_save returns None for it).
_NULL_FIELDS = (
    models.DateTimeField,
    models.DateField,
    models.UUIDField,
    models.FloatField,
    models.DecimalField,
)


def _plain_type(field) -> type | None:
    if type(field) in _NULL_FIELDS:
        return type(None)
    if type(field) is models.ForeignKey:
        target = field.target_field
        if type(target) in (models.AutoField, models.BigAutoField):
            return int
        return None
    return _PLAIN_FIELDS.get(type(field))


def _plain_bulk_create(
    model, objs: list, batch_size: int, ignore_conflicts: bool = False
) -> None:
    if model._meta.parents:
        # A subclass's own table (see BulkWriter._write_pages).
        model._base_manager.all()._batched_insert(
            objs, model._meta.local_concrete_fields, batch_size=None
        )
        for obj in objs:
            obj._state.adding = False
    else:
        model._base_manager.bulk_create(
            objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts
        )
