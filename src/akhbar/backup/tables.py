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
import uuid

from django.apps import apps
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


def file_fields(model) -> list[models.FileField]:
    """The model's own columns that name stored files."""
    return [f for f in columns(model) if isinstance(f, models.FileField)]
