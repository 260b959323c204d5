"""The importer's bookkeeping: outside ids to Akhbar objects, read and written.

``ImportBatch`` lets one bulk import read its source's records once and write
new ones in bulk; single imports (a saved page, a feed) use it one call at a
time.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from akhbar.core.bulk import insert_rows

from .models import ImportRecord

EXTERNAL_ID_MAX = ImportRecord._meta.get_field("external_id").max_length


def external_key(value) -> str:
    """``value`` as an ImportRecord key; over-long keys (URLs) are hashed."""
    value = str(value)
    if len(value) <= EXTERNAL_ID_MAX:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def record_get(*, source: str, kind: str, external_id) -> ImportRecord | None:
    """The record of an object already imported from ``source``, if any."""
    return ImportRecord.objects.filter(
        source=source, kind=kind, external_id=external_key(external_id)
    ).first()


def record_object(record: ImportRecord | None, model):
    if record is None or record.object_id is None:
        return None
    return model.objects.filter(pk=record.object_id).first()


def record_save(
    record: ImportRecord | None,
    *,
    source: str,
    kind: str,
    external_id,
    obj=None,
    checksum: str = "",
    data: dict | None = None,
    commit: bool = True,
) -> ImportRecord:
    """Create or update the record linking an outside id to ``obj``.

    With ``commit=False`` a new record is returned unsaved, for a bulk insert.
    """
    if record is None:
        record = ImportRecord(
            source=source, kind=kind, external_id=external_key(external_id)
        )
    if obj is not None:
        record.content_type = ContentType.objects.get_for_model(
            obj, for_concrete_model=False
        )
        record.object_id = obj.pk
    record.checksum = checksum
    if data is not None:
        record.data = data
    if record.pk is not None or commit:
        record.save()
    return record


class ImportBatch:
    """What the writes of one import share, so that each costs fewer queries.

    In bulk mode (``wordpress_import``) the source's records are read once per
    kind and kept as small tuples (memory stays proportionate to the number of
    objects, not to their content), new ones are inserted in bulk, and the
    slugs taken under each parent are kept in memory. Otherwise each call reads
    and writes at once.
    """

    FLUSH_EVERY = 500

    def __init__(self, source: str, *, bulk: bool = False, writer=None):
        self.source = source
        self.bulk = bulk
        # A BulkWriter: new pages and comments are inserted through it.
        self.writer = writer
        # kind -> external id -> (pk, content type id, object id, checksum)
        self._rows: dict[str, dict[str, tuple]] = {}
        self._new: dict[tuple[str, str], ImportRecord] = {}
        self._slugs: dict[int, set[str]] = {}

    def _kind(self, kind: str) -> dict[str, tuple]:
        if kind not in self._rows:
            rows = ImportRecord.objects.filter(source=self.source, kind=kind)
            self._rows[kind] = {
                row[0]: row[1:]
                for row in rows.values_list(
                    "external_id", "pk", "content_type_id", "object_id", "checksum"
                ).iterator()
            }
        return self._rows[kind]

    def record(self, kind: str, external_id) -> ImportRecord | None:
        """The record of ``external_id``; in bulk mode a detached copy whose
        ``data`` is not loaded (``remember`` only writes what it is given)."""
        if not self.bulk:
            return record_get(source=self.source, kind=kind, external_id=external_id)
        key = external_key(external_id)
        if (kind, key) in self._new:
            return self._new[(kind, key)]
        row = self._kind(kind).get(key)
        if row is None:
            return None
        pk, content_type_id, object_id, checksum = row
        record = ImportRecord(
            pk=pk,
            source=self.source,
            kind=kind,
            external_id=key,
            content_type_id=content_type_id,
            object_id=object_id,
            checksum=checksum,
        )
        record._state.adding = False
        return record

    def remember(
        self, record, *, kind: str, external_id, obj=None, checksum="", data=None
    ) -> ImportRecord:
        """Create or update the record of ``external_id`` (new ones in bulk)."""
        fields = {
            "source": self.source,
            "kind": kind,
            "external_id": external_id,
            "obj": obj,
            "checksum": checksum,
            "data": data,
        }
        if not self.bulk:
            return record_save(record, **fields)
        key = external_key(external_id)
        if record is not None and record.pk is not None:
            changes = {"checksum": checksum, "updated_at": timezone.now()}
            if obj is not None:
                changes["content_type"] = ContentType.objects.get_for_model(
                    obj, for_concrete_model=False
                )
                changes["object_id"] = obj.pk
            if data is not None:
                changes["data"] = data
            ImportRecord.objects.filter(pk=record.pk).update(**changes)
            content_type_id = (
                changes["content_type"].pk
                if obj is not None
                else record.content_type_id
            )
            object_id = obj.pk if obj is not None else record.object_id
            self._kind(kind)[key] = (record.pk, content_type_id, object_id, checksum)
            return record
        record = record_save(record, **fields, commit=False)
        self._new[(kind, key)] = record
        if len(self._new) >= self.FLUSH_EVERY:
            self._flush_records()
        return record

    def flush(self) -> None:
        """Write the pages and comments queued in the writer, then the records
        created since the last flush."""
        if self.writer is not None:
            self.writer.flush()
        self._flush_records()

    def _flush_records(self) -> None:
        records = list(self._new.values())
        insert_rows(ImportRecord, records)
        for record in records:
            self._kind(record.kind)[record.external_id] = (
                record.pk,
                record.content_type_id,
                record.object_id,
                record.checksum,
            )
        self._new = {}

    def free_slug(self, parent: Page, slug: str) -> str:
        """``slug``, or ``slug-1``, ``slug-2``… if taken under ``parent``."""
        if not self.bulk:
            return find_available_slug(parent, slug)
        taken = self._slugs.get(parent.pk)
        if taken is None:
            taken = set(parent.get_children().values_list("slug", flat=True))
            self._slugs[parent.pk] = taken
        candidate, number = slug, 1
        while candidate in taken:
            candidate = "%s-%d" % (slug, number)
            number += 1
        taken.add(candidate)
        return candidate

    def slug_taken(self, parent: Page, slug: str) -> None:
        if self.bulk and parent.pk in self._slugs:
            self._slugs[parent.pk].add(slug)
