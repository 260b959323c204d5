"""The bulk paths of a backup and a restore (rows read as the driver returns
them; COPY on PostgreSQL, batched INSERTs on SQLite) keep every value as it
was, and a row may point at a row loaded after it."""

import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from wagtail.models import APIToken

from akhbar.api.models import IdempotentRequest, TokenGrant
from akhbar.backup import tables
from akhbar.backup.archive import HashingReader
from akhbar.backup.services import table_rows
from akhbar.entities.models import Entity
from tests.backup.test_archive import members, rewrite

pytestmark = pytest.mark.django_db

# What COPY's text format and CSV give a meaning to, and Arabic around it.
TRICKY = [
    "عمود\tثان",
    "سطر\nجديد\r\n",
    "شرطة \\ مائلة",
    "\\N",
    "\\.",
    "",
    'قال: "نعم", ثم ذهب',
    "null",
]


@pytest.fixture
def site(home):
    """Entities named with TRICKY, the first merged into the last (a row
    pointing at a later row of its own table), and a stored API answer whose
    bytes and JSON hold the same."""
    entities = [
        Entity.objects.create(
            name=name, type="PER", slug="كيان-%d" % index, hidden=index % 2 == 0
        )
        for index, name in enumerate(TRICKY)
    ]
    entities[0].merged_into = entities[-1]
    entities[0].save()
    user = get_user_model().objects.create_user("api", "api@example.com", "x")
    token, _secret = APIToken.create_token(user=user, name="مفتاح\tالاختبار")
    TokenGrant.objects.create(token=token, scopes=TRICKY)
    IdempotentRequest.objects.create(
        token=token,
        key="مفتاح-1",
        request_hash="0" * 64,
        status=201,
        response=b"\x00\x01\t\n\\N\xff" + "نعم".encode(),
    )
    return entities


def snapshot() -> dict:
    """Every column of the tables the fixture writes, as read through the ORM."""
    return {
        model: [
            tuple(getattr(row, field.attname) for field in tables.columns(model))
            for row in model.objects.order_by("pk")
        ]
        for model in (Entity, APIToken, TokenGrant, IdempotentRequest)
    }


def empty_site() -> None:
    Entity.objects.update(merged_into=None)
    Entity.objects.all().delete()
    get_user_model().objects.all().delete()


def test_values_come_back_as_they_were(site, tmp_path):
    before = snapshot()
    assert site[0].merged_into_id == max(entity.pk for entity in site)
    path = tmp_path / "site.tar"
    call_command("backup", str(path), verbosity=0)
    empty_site()
    assert not Entity.objects.exists()
    call_command("restore", str(path), verbosity=0)
    connection.check_constraints()  # The deferred foreign keys, checked now.
    after = snapshot()
    assert after == before
    restored = IdempotentRequest.objects.get()
    assert bytes(restored.response).endswith("نعم".encode())
    assert Entity.objects.get(name="\\N").name == "\\N"
    assert Entity.objects.filter(name__isnull=True).count() == 0


def test_a_pointer_to_no_row_is_caught(site, tmp_path):
    """A forward pointer is checked when the transaction ends, not skipped:
    an archive whose entity points at no entity fails the foreign key check."""
    path = tmp_path / "site.tar"
    call_command("backup", str(path), verbosity=0)
    items = members(path)
    columns = [field.attname for field in tables.columns(Entity)]
    where = columns.index("merged_into_id")
    index = next(i for i, (m, _) in enumerate(items) if m.name.endswith("entity.jsonl"))
    info, data = items[index]
    rows = [json.loads(line) for line in data.splitlines()]
    rows[0][where] = 987654
    data = b"".join(json.dumps(row).encode() + b"\n" for row in rows)
    items[index] = (info, data)
    manifest_info, manifest_data = items[-1]
    manifest = json.loads(manifest_data)
    reader = HashingReader(io.BytesIO(data))
    reader.read()
    entry = next(e for e in manifest["tables"] if e["member"] == info.name)
    entry.update(bytes=reader.size, sha256=reader.sha256.hexdigest())
    items[-1] = (manifest_info, json.dumps(manifest).encode())
    rewrite(path, items)
    empty_site()
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("restore", str(path), verbosity=0)
        connection.check_constraints()


def test_fast_and_field_paths_read_the_same(site):
    """Rows read as the driver returns them give, column for column, what the
    fields' own conversions give (the form the archive holds)."""
    for model in (Entity, TokenGrant, IdempotentRequest):
        fields = tables.columns(model)
        assert tables.raw_encoders(fields) is not None, model
        encoders = [tables.encoder(field) for field in fields]
        slow = [
            [encode(value) for encode, value in zip(encoders, row, strict=True)]
            for row in model._base_manager.order_by("pk").values_list(
                *[field.attname for field in fields]
            )
        ]
        assert list(table_rows(model, fields)) == slow, model


def test_archive_member_is_plain_json_lines(site, tmp_path):
    path = tmp_path / "site.tar"
    call_command("backup", str(path), verbosity=0)
    with tarfile.open(path) as tar:
        member = tar.extractfile("db/%s.jsonl" % Entity._meta.label_lower)
        lines = member.read().decode().splitlines()
    where = [field.attname for field in tables.columns(Entity)].index("name")
    names = [json.loads(line)[where] for line in lines]
    assert names == TRICKY
