"""Which tables a backup holds, in which order, and each row's portable form.

The backup knows no model by name: it takes every concrete, managed model that
``django.apps`` lists, one table each (a page type's own table holds only its
own columns, as Django's serializers do), parents before the tables that point
at them. Values are written as JSON in the forms Django's serializers use
(ISO 8601 times with their microseconds, decimals and UUIDs as strings, JSON
columns as JSON), so a backup of SQLite restores into PostgreSQL.

Apps whose tables only hold what other tables imply (a search index, sessions)
are left out and rebuilt after a restore: an app says so with
``backup_rebuild = "<command>"`` on its AppConfig (``None``: nothing to run).
"""

import base64
import datetime
import decimal
import json
import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.duration import duration_iso_string

# Third-party apps whose tables are derived, and the command that rebuilds them.
DERIVED_APPS = {"sessions": None, "wagtailsearch": "update_index"}


def rebuild_commands() -> list[str]:
    """The commands that rebuild the tables a backup leaves out."""
    commands = []
    for config in apps.get_app_configs():
        command = derived(config)
        if command and command not in commands:
            commands.append(command)
    return commands


def derived(config) -> str | None | bool:
    """The rebuild command of an app whose tables are derived; ``False`` for an
    app whose tables a backup holds."""
    if config.label in DERIVED_APPS:
        return DERIVED_APPS[config.label]
    return getattr(config, "backup_rebuild", False)


def _stored(model) -> bool:
    meta = model._meta
    return not (meta.proxy or meta.swapped or not meta.managed)


def derived_models() -> list[type[models.Model]]:
    """The concrete models whose tables a backup leaves out."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if _stored(model) and derived(model._meta.app_config) is not False
    ]


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose table a backup holds, each after the tables it points
    at where the links allow (a circle, such as a page and its latest revision,
    is broken in label order; foreign keys are checked at commit anyway)."""
    chosen = sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if _stored(model) and derived(model._meta.app_config) is False
        ),
        key=lambda model: model._meta.label_lower,
    )
    needs = {
        model: {
            field.related_model._meta.concrete_model
            for field in model._meta.local_concrete_fields
            if field.is_relation and field.related_model is not None
        }
        - {model}
        for model in chosen
    }
    ordered, done = [], set()
    while len(ordered) < len(chosen):
        ready = [m for m in chosen if m not in done and needs[m] <= done]
        if not ready:  # A circle: take the first one left.
            ready = [next(m for m in chosen if m not in done)]
        for model in ready:
            ordered.append(model)
            done.add(model)
    return ordered


def columns(model) -> list[models.Field]:
    """The columns of the model's own table."""
    return list(model._meta.local_concrete_fields)


def _iso(value):
    return value.isoformat()


def _binary(value):
    return base64.b64encode(bytes(value)).decode("ascii")


PLAIN = (str, int, float, bool, type(None))
BY_TYPE = {
    datetime.datetime: _iso,
    datetime.date: _iso,
    datetime.time: _iso,
    datetime.timedelta: duration_iso_string,
    decimal.Decimal: str,
    uuid.UUID: str,
    bytes: _binary,
    memoryview: _binary,
}


def encoder(field):
    """A function from a value read through ``field`` to its portable form."""
    if field.get_internal_type() == "JSONField":
        # A JSON column's value as JSON (a StreamField's blocks as stored).
        return field.get_prep_value

    def encode(value):
        if isinstance(value, PLAIN):
            return value
        convert = BY_TYPE.get(type(value))
        if convert is not None:
            return convert(value)
        return field.get_prep_value(value)

    return encode


def decoder(field, connection):
    """A function from a portable value to what ``connection`` stores."""
    if field.get_internal_type() == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    if field.get_internal_type() == "BinaryField":
        return lambda value: field.get_db_prep_save(
            None if value is None else base64.b64decode(value), connection
        )
    return lambda value: field.get_db_prep_save(field.to_python(value), connection)


# Columns whose value the database drivers return as the portable form itself
# (an int, a str, a bool or None), by Django's internal type.
AS_IS = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
    "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
    "PositiveBigIntegerField", "PositiveSmallIntegerField", "FloatField",
    "CharField", "TextField", "SlugField", "FileField", "ImageField",
    "FilePathField", "BooleanField",
}  # fmt: skip
# Read as they are, written through their field (an address is an inet there).
READ_AS_IS = AS_IS | {"GenericIPAddressField"}
METHODS = ("to_python", "get_prep_value", "get_db_prep_value", "get_db_prep_save")


def _target(field):
    """The column a foreign key holds: the one it points at."""
    while field.is_relation and field.target_field is not field:
        field = field.target_field
    return field


def _kind(field) -> str | None:
    """The internal type of a column whose values are stored as Django stores
    that type (no ``from_db_value`` and no conversion of its own), else None:
    such a column's values are read and written without the field's methods."""
    field = _target(field)
    kind = field.get_internal_type()
    if kind == "JSONField":
        # A JSON column (a StreamField too) is JSON text, read as such.
        return kind if getattr(field, "decoder", None) is None else None
    base = getattr(models, kind, None)
    if base is None or hasattr(field, "from_db_value"):
        return None
    if any(getattr(type(field), name) is not getattr(base, name) for name in METHODS):
        return None
    return kind


def _uuid(value):
    # SQLite's driver returns the 32 hex digits Django stores there.
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


def _utc_iso(value):
    # SQLite's driver returns a naive datetime, stored in UTC (USE_TZ).
    return value.isoformat() if value.tzinfo else value.isoformat() + "+00:00"


def raw_encoders(fields) -> list[tuple[int, object]] | None:
    """For rows as the database driver returns them (no Django converters):
    the (column index, function) pairs that turn a non-null value into its
    portable form, the same form ``encoder`` gives; None when a column needs
    its field's own conversion (the table is then read through the ORM)."""
    found = []
    for index, field in enumerate(fields):
        kind = _kind(field)
        if kind in READ_AS_IS:
            if kind == "BooleanField":
                found.append((index, bool))
            continue
        if kind == "JSONField":
            found.append((index, json.loads))
        elif kind == "UUIDField":
            found.append((index, _uuid))
        elif kind == "BinaryField":
            found.append((index, _binary))
        elif kind == "DateTimeField" and settings.USE_TZ:
            found.append((index, _utc_iso))
        elif kind in ("DateField", "TimeField"):
            found.append((index, _iso))
        else:
            return None
    return found


def fast_decoders(fields, connection) -> list[tuple[int, object]]:
    """The (column index, function) pairs that turn a non-null portable value
    into what ``connection`` takes in an INSERT or a COPY; columns left out
    take the portable value as it is (an int, a str, a bool, and dates and
    times as ISO 8601 text, which both databases read)."""
    ops = connection.ops

    def json_value(value):
        return ops.adapt_json_value(value, None)

    def sqlite_datetime(value):
        # SQLite compares datetimes as text: Django's own form (UTC, a space),
        # which a backup's UTC text is but for its "T" and offset.
        if value.endswith("+00:00") and settings.USE_TZ:
            return value[:-6].replace("T", " ", 1)
        return ops.adapt_datetimefield_value(datetime.datetime.fromisoformat(value))

    found = []
    for index, field in enumerate(fields):
        kind = _kind(field)
        if kind == "JSONField":
            found.append((index, json_value))
        elif kind == "DateTimeField" and connection.vendor == "sqlite":
            found.append((index, sqlite_datetime))
        elif kind not in AS_IS | {"DateField", "TimeField", "DateTimeField"}:
            found.append((index, decoder(field, connection)))
    return found


def file_fields(model) -> list[models.FileField]:
    """The model's own columns that name stored files."""
    return [f for f in columns(model) if isinstance(f, models.FileField)]
