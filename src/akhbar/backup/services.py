"""``site_backup`` writes the archive; ``site_restore`` fills an empty site from it.

Media files go into the archive as bytes read through each file field's
storage (local disk or an S3 bucket alike), rather than as a reference to a
bucket's object versions: the archive then restores anywhere (another bucket,
another provider, local disk) and does not depend on versioning being on.
"""

import contextlib
import datetime
import io
import json
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.sql.constants import MULTI
from wagtail.models import Page

from . import tables
from .archive import (
    FORMAT,
    MANIFEST,
    VERSION,
    ArchiveError,
    HashingReader,
    regular_members,
    verify,
)

BATCH = 2000


class RestoreRefused(Exception):
    """The site cannot take this archive; the message says why and what to do."""


def _akhbar_version() -> str:
    try:
        return version("akhbar")
    except PackageNotFoundError:
        return "unknown"


def migrations_applied() -> dict[str, list[str]]:
    """The migrations applied to the database, by app."""
    applied = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


@contextlib.contextmanager
def _read_snapshot():
    """One read transaction, so every table is read as of one moment while the
    site goes on writing: REPEATABLE READ on PostgreSQL; on SQLite a deferred
    BEGIN, which in WAL mode reads one snapshot and blocks no writer."""
    if connection.in_atomic_block:  # Already inside one (a test, a caller).
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED" if connection.vendor == "sqlite" else "BEGIN")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def _add(tar, name: str, handle, size: int) -> str:
    """Add ``size`` bytes read from ``handle`` as member ``name``; their sha256."""
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, 0, 0o644
    reader = HashingReader(handle)
    tar.addfile(info, reader)
    return reader.sha256.hexdigest()


def site_backup(*, out: Path, progress=None) -> dict:
    """Write the whole site (every table a backup holds, every stored file that
    a row names) into the tar at ``out``; return the manifest."""
    progress = progress or (lambda message: None)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "akhbar_version": _akhbar_version(),
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": connection.vendor,
        "tables": [],
        "media": [],
        "rebuild": tables.rebuild_commands(),
    }
    files = {}
    partial = Path(str(out) + ".partial")
    try:
        with (
            _read_snapshot(),
            tarfile.open(partial, "w:", format=tarfile.PAX_FORMAT) as tar,
        ):
            manifest["migrations"] = migrations_applied()
            for model in tables.backed_up_models():
                entry = _dump_table(tar, model, files)
                manifest["tables"].append(entry)
                progress("%s: %d" % (entry["model"], entry["rows"]))
            manifest["missing"] = _dump_files(tar, files, manifest["media"])
            progress("media: %d" % len(manifest["media"]))
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(tar, MANIFEST, io.BytesIO(data), len(data))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return manifest


def _dump_files(tar, files: dict, entries: list) -> list[str]:
    """Add every stored file that a row names; the names of those missing from
    their storage (a row pointing at a lost file does not stop a backup)."""
    missing = []
    for (label, name), field in sorted(files.items()):
        storage = field.storage
        if not storage.exists(name):
            missing.append(name)
            continue
        member = "media/" + name
        size = storage.size(name)
        with storage.open(name, "rb") as handle:
            digest = _add(tar, member, handle, size)
        entries.append(
            {"member": member, "name": name, "field": label, "bytes": size,
             "sha256": digest}
        )  # fmt: skip
    return missing


def _dump_table(tar, model, files: dict) -> dict:
    fields = tables.columns(model)
    stored = [
        (index, field)
        for index, field in enumerate(fields)
        if field in tables.file_fields(model)
    ]
    label = model._meta.label_lower
    rows = 0
    # One encoder called per row: json.dumps checks its arguments each call.
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with tempfile.TemporaryFile() as buffer:
        for row in table_rows(model, fields):
            buffer.write(encode(row).encode())
            buffer.write(b"\n")
            rows += 1
            for index, field in stored:
                if row[index]:
                    files.setdefault(
                        ("%s.%s" % (label, field.name), str(row[index])), field
                    )
        size = buffer.tell()
        buffer.seek(0)
        member = "db/%s.jsonl" % label
        digest = _add(tar, member, buffer, size)
    return {
        "model": label,
        "member": member,
        "columns": [field.attname for field in fields],
        "rows": rows,
        "bytes": size,
        "sha256": digest,
    }


def table_rows(model, fields):
    """The table's rows in primary-key order, each a list of portable values."""
    queryset = model._base_manager.order_by("pk").values_list(
        *[field.attname for field in fields]
    )
    convert = tables.raw_encoders(fields)
    if convert is None:  # A column that needs its field's own conversion.
        encoders = [tables.encoder(field) for field in fields]
        for row in queryset.iterator(chunk_size=BATCH):
            yield [encode(value) for encode, value in zip(encoders, row, strict=True)]
        return
    # Django's query, its rows as the driver returns them: Django's converters
    # (a datetime made aware, then written as text) were most of a backup's time.
    compiler = queryset.query.get_compiler(queryset.db)
    for chunk in compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=BATCH):
        for values in chunk:
            row = list(values)
            for index, encode in convert:
                if row[index] is not None:
                    row[index] = encode(row[index])
            yield row


def site_is_empty() -> str:
    """Empty string when the site holds nothing beyond what ``akhbar migrate``
    writes; else what it holds."""
    users = get_user_model()._base_manager.count()
    pages = Page._base_manager.filter(depth__gt=2).count()
    if users or pages:
        return "%d user account(s) and %d page(s) below the home page" % (users, pages)
    return ""


def site_restore(*, archive: Path, progress=None) -> dict:
    """Fill an empty, migrated site from ``archive`` in one transaction: the
    archive is checked whole first, and nothing is written unless all of it
    restores. Return the manifest."""
    progress = progress or (lambda message: None)
    manifest = verify(archive)
    progress("archive checked: %d tables, %d files"
             % (len(manifest["tables"]), len(manifest["media"])))  # fmt: skip
    by_label = {model._meta.label_lower: model for model in tables.backed_up_models()}
    _check_fits(manifest, by_label)
    held = site_is_empty()
    if held:
        raise RestoreRefused(
            "This site is not empty (%s). Restore fills only a new site: create "
            "an empty database, run 'akhbar migrate', then restore." % held
        )
    entries = {entry["member"]: entry for entry in manifest["tables"]}
    media = {entry["member"]: entry for entry in manifest["media"]}
    written = []
    try:
        with transaction.atomic(), tarfile.open(archive, "r:") as tar:
            _clear_tables(by_label.values())
            for member in regular_members(tar):
                if member.name in entries:
                    entry = entries[member.name]
                    _load_table(
                        tar.extractfile(member), by_label[entry["model"]], entry
                    )
                    progress("%s: %d" % (entry["model"], entry["rows"]))
                elif member.name in media:
                    _restore_file(tar.extractfile(member), media[member.name], written)
            _reset_sequences(by_label.values())
    except BaseException:
        for storage, name in written:
            with contextlib.suppress(Exception):
                storage.delete(name)
        raise
    return manifest


def _check_fits(manifest: dict, by_label: dict) -> None:
    unknown = [e["model"] for e in manifest["tables"] if e["model"] not in by_label]
    if unknown:
        raise RestoreRefused(
            "The archive holds tables this site does not have (%s): install the "
            "same apps and version of Akhbar first." % ", ".join(unknown[:5])
        )
    here = migrations_applied()
    differ = sorted(
        app
        for app in set(here) | set(manifest["migrations"])
        if here.get(app, []) != manifest["migrations"].get(app, [])
    )
    if differ:
        raise RestoreRefused(
            "The archive was made with other migrations applied (apps: %s). "
            "Restore into a site of the same Akhbar version (akhbar %s), "
            "migrated with 'akhbar migrate', then migrate after restoring."
            % (", ".join(differ[:8]), manifest.get("akhbar_version"))
        )
    for entry in manifest["tables"]:
        model = by_label[entry["model"]]
        if entry["columns"] != [field.attname for field in tables.columns(model)]:
            raise RestoreRefused(
                "The table %s has other columns here than in the archive."
                % entry["model"]
            )


def _clear_tables(models) -> None:
    """Remove what ``akhbar migrate`` wrote (content types, permissions, the
    first pages, groups) so the archive's rows keep their own ids; derived
    tables are emptied, to be rebuilt."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in [*reversed(list(models)), *tables.derived_models()]:
            if model._meta.db_table in existing:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute("DELETE FROM %s" % table)  # noqa: S608


def _load_table(handle, model, entry: dict) -> None:
    db = connections[DEFAULT_DB_ALIAS]  # Not the proxy: it is asked per value.
    fields = tables.columns(model)
    convert = tables.fast_decoders(fields, db)
    rows = 0

    def values():
        nonlocal rows
        for line in io.TextIOWrapper(handle, encoding="utf-8"):
            row = json.loads(line)
            for index, decode in convert:
                if row[index] is not None:
                    row[index] = decode(row[index])
            rows += 1
            yield row

    table = db.ops.quote_name(model._meta.db_table)
    names = ", ".join(db.ops.quote_name(field.column) for field in fields)
    with db.cursor() as cursor, db.wrap_database_errors:
        if db.vendor == "postgresql":
            _copy(cursor, table, names, values())
        else:
            # The model's own table and columns; the values go as parameters.
            sql = "INSERT INTO %s (%s) VALUES (%s)" % (  # noqa: S608
                table,
                names,
                ", ".join(["%s"] * len(fields)),
            )
            batch = []
            for row in values():
                batch.append(row)
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    if rows != entry["rows"]:
        raise ArchiveError(
            "%s holds %d rows, its manifest says %d"
            % (entry["member"], rows, entry["rows"])
        )


def _copy(cursor, table: str, names: str, rows) -> None:
    """PostgreSQL's COPY FROM STDIN: the rows streamed in one statement, which
    Django has no API for. Chosen over batched INSERTs for PostgreSQL's bulk
    path; ``bench/backup.py --postgres`` times both (not yet measured)."""
    with cursor.copy("COPY %s (%s) FROM STDIN" % (table, names)) as copy:
        for row in rows:
            copy.write_row(row)


def _restore_file(handle, entry: dict, written: list) -> None:
    label, field_name = entry["field"].rsplit(".", 1)
    storage = apps.get_model(label)._meta.get_field(field_name).storage
    name = entry["name"]
    content = File(handle, name=name)
    content.size = entry["bytes"]
    stored = storage.save(name, content)
    written.append((storage, stored))
    if stored != name:
        raise RestoreRefused(
            "The media storage already holds a file named %s: restore into an "
            "empty media folder or bucket." % name
        )


def _reset_sequences(models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
