"""Rows written many at a time, for imports and other bulk writes.

``insert_rows`` writes what Django's ``bulk_create`` writes, with less work per
value: the hundreds of thousands of rows of a large import (pages, revisions,
comments, redirects, records) made the ORM's insert compiler the costliest
part of an import, ahead of the database's own work.
"""

import contextlib
import gc
import operator

from django.db import connections, models, router
from django.db.models import Field
from django.db.models.constants import OnConflict
from django.utils import timezone


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
    returning = ""
    if new_keys and not ignore_conflicts:
        if not connection.features.can_return_rows_from_bulk_insert:
            _plain_bulk_create(model, objs, batch_size)
            return
        returning, _params = connection.ops.return_insert_columns([pk])
    head, row_sql, suffix = _statement(connection, opts, fields, on_conflict, returning)
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objs)))
    # One C call reads each object's values; only fields whose pre_save does
    # more than read the attribute (auto_now dates, files) are asked for theirs.
    read = operator.attrgetter(*[field.attname for field in fields])
    single = len(fields) == 1
    steps = [
        (
            _plain_type(field),
            None if reads_attribute(field) else field.pre_save,
            field.get_db_prep_save,
        )
        for field in fields
    ]
    relations = [
        (field.cache_name, field.attname, field.target_field.attname)
        for field in opts.concrete_fields
        if field.is_relation
    ]
    generic = [
        field.cache_name
        for field in opts.private_fields
        if field.is_relation and hasattr(field, "fk_field")
    ]
    for start in range(0, len(objs), size):
        chunk = objs[start : start + size]
        params = []
        for obj in chunk:
            if _related_to_check(obj, relations, generic):
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
            values = read(obj)
            for value, (plain, pre_save, prep) in zip(
                (values,) if single else values, steps, strict=True
            ):
                if pre_save is not None:
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


def reads_attribute(field) -> bool:
    """Whether ``field.pre_save(obj, add)`` is ``getattr(obj, field.attname)``.

    True for a plain field and for a date without ``auto_now``/``auto_now_add``:
    code that writes rows in bulk may then read the attribute instead of calling
    ``pre_save`` for each object (``insert_rows`` does, and so does the
    importers' revision serialiser).
    """
    pre_save = type(field).pre_save
    if pre_save is Field.pre_save:
        return True
    if isinstance(field, models.DateField):
        return not (field.auto_now or field.auto_now_add)
    return False


def _related_to_check(obj, relations, generic) -> bool:
    """Whether ``obj._prepare_related_fields_for_save`` has anything to do: a
    related object held in memory that is unsaved, or whose id differs from
    the one the object holds (it then copies the id, or raises)."""
    cache = obj._state.fields_cache
    if not cache:
        return False
    for name, attname, target in relations:
        related = cache.get(name)
        if related is not None:
            value = getattr(obj, attname)
            if value is None or getattr(related, target) != value:
                return True
    for name in generic:
        related = cache.get(name)
        if related is not None and related.pk is None:
            return True
    return False


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


def insert_values(
    model, rows: list[dict], *, batch_size: int = 500, ignore_conflicts: bool = False
) -> None:
    """Insert ``rows`` into ``model``'s own table: each a dict of field attnames
    to values, written as ``insert_rows`` would write ``model(**row)``.

    For rows nobody reads back (redirects, log entries, reference index rows):
    no model instance is made, so no primary keys are returned. A field left
    out gets its default (``auto_now``/``auto_now_add`` dates: now); rows must
    name the same fields.
    """
    if not rows:
        return
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    given = rows[0].keys()
    fields = [
        field
        for field in opts.local_concrete_fields
        if not field.generated and (field.attname in given or not field.primary_key)
    ]
    if any(hasattr(field, "get_placeholder") for field in fields):
        insert_rows(
            model,
            [model(**row) for row in rows],
            batch_size=batch_size,
            ignore_conflicts=ignore_conflicts,
        )
        return
    on_conflict = None
    if ignore_conflicts:
        if not connection.features.supports_ignore_conflicts:
            model._base_manager.bulk_create(
                [model(**row) for row in rows],
                batch_size=batch_size,
                ignore_conflicts=True,
            )
            return
        on_conflict = OnConflict.IGNORE
    now = timezone.now()
    # Per field: the row's key, or (None, default value, called per row).
    sources = []
    for field in fields:
        if field.attname in given:
            sources.append((field.attname, None, False))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            sources.append((None, now, False))
        elif field.has_default() and callable(field.default):
            sources.append((None, field.default, True))
        else:
            sources.append((None, field.get_default(), False))
    plain = [_plain_type(field) for field in fields]
    prepared: dict[tuple[int, object], object] = {}
    head, row_sql, suffix = _statement(connection, opts, fields, on_conflict, "")
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        params = []
        for row in chunk:
            for index, (key, default, call) in enumerate(sources):
                if key is not None:
                    value = row[key]
                else:
                    value = default() if call else default
                kind = plain[index]
                if kind is not None and (value is None or type(value) is kind):
                    params.append(value)
                    continue
                try:
                    params.append(prepared[index, value])
                except (KeyError, TypeError):
                    ready = fields[index].get_db_prep_save(value, connection)
                    with contextlib.suppress(TypeError):
                        prepared[index, value] = ready
                    params.append(ready)
        sql = head + ", ".join([row_sql] * len(chunk))
        if suffix:
            sql = "%s %s" % (sql, suffix)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _statement(connection, opts, fields, on_conflict, returning: str):
    """The INSERT's head (up to VALUES), one row's placeholders and its tail."""
    qn = connection.ops.quote_name
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
    return head, row_sql, suffix


def delete_rows(queryset) -> int:
    """Delete ``queryset``'s rows by one DELETE statement; return how many.

    ``QuerySet.delete()`` reads every row back as an object and sends a signal
    for each whenever a ``post_delete`` receiver listens to every model (news,
    search and related have such receivers, for deleted pages). Only for rows
    that nothing else refers to, or whose referrers are deleted first: no
    cascade, no signal.
    """
    return queryset._raw_delete(queryset.db)


@contextlib.contextmanager
def fewer_collections(threshold: int = 50_000):
    """Run Python's cyclic garbage collector less often inside the block.

    A bulk write makes millions of short-lived objects (model instances, row
    values) and keeps many others to the end (ids, records): at the default
    threshold (700 allocations) the collector runs thousands of times, each
    pass over the kept objects longer than the last, a seventh of a large
    import's time. Reference counting still frees objects as they go; the
    collector, which only finds cycles, makes fewer and larger passes.
    """
    before = gc.get_threshold()
    gc.set_threshold(threshold, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)
