"""A backup of the demo site, restored into a new, migrated PostgreSQL
database by ``akhbar restore`` in its own process, holds the same rows in every
table and the same bytes in every stored file.

On the SQLite pass this is the move from SQLite to PostgreSQL (a throwaway
cluster started here); on the PostgreSQL pass, a new database beside the
test database.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from akhbar.comments.models import Comment
from akhbar.demo import content
from akhbar.entities.models import Entity
from akhbar.live.models import LiveEntry
from akhbar.news.models import ArticlePage
from akhbar.newsletters.models import NewsletterList, Subscriber
from akhbar.testing.servers import postgres_server
from tests.demo.test_builders import _subset

pytestmark = pytest.mark.django_db

ALIAS = "restored"


@pytest.fixture
def demo_site(home, monkeypatch):
    """``akhbar demo`` (a few of its articles), plus what it does not write:
    a draft over a live article, a redirect, a document, a rendition, a
    subscriber and a hidden entity."""
    monkeypatch.setattr(content, "ARTICLES", _subset())
    call_command("demo", stdout=io.StringIO())
    article = ArticlePage.objects.live().first()
    article.title = "مسودة لم تنشر"
    article.save_revision()
    Redirect.objects.create(old_path="/old-story", redirect_page=article)
    document = get_document_model()(title="تقرير")
    document.file.save("report.txt", ContentFile("تقرير اللجنة".encode()))
    get_image_model().objects.first().get_rendition("fill-300x200")
    newsletter = NewsletterList.objects.first()
    Subscriber.objects.create(newsletter=newsletter, email="reader@example.com")
    Entity.objects.create(
        name="اسم مخفي", type="PER", slug="اسم-مخفي", source="editor", hidden=True
    )
    for model in (Page, Revision, Comment, get_user_model(), Group, Redirect,
                  get_image_model(), get_image_model().get_rendition_model(),
                  get_document_model(), Tag, LiveEntry, Subscriber):  # fmt: skip
        assert model.objects.exists(), model
    assert Group.permissions.through.objects.exists()
    assert Page.objects.filter(live=True, has_unpublished_changes=True).exists()


@pytest.fixture
def new_postgres():
    """The URL of a new, empty PostgreSQL database."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        try:
            with postgres_server("restored") as started:
                yield started
        except RuntimeError as error:
            pytest.skip(str(error))
        return
    import psycopg

    name = "akhbar_restore_%s" % uuid.uuid4().hex[:8]
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute('CREATE DATABASE "%s"' % name)
    try:
        yield "%s/%s" % (server, name)
    finally:
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


def akhbar(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "akhbar.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


# Run by ``akhbar shell`` on the restored site.
CHECK = """
import json
from wagtail.contrib.redirects.models import Redirect
from akhbar.search.models import SearchDocument
redirect = Redirect.objects.create(old_path="/after-restore", redirect_link="/")
print(json.dumps({"indexed": SearchDocument.objects.count(), "new_id": redirect.pk}))
"""


def contents(path) -> dict[str, bytes]:
    """Every member of an archive but its manifest, by name."""
    with tarfile.open(path) as tar:
        return {
            member.name: tar.extractfile(member).read()
            for member in tar.getmembers()
            if member.name != "manifest.json"
        }


def test_backup_restores_every_row_and_file(demo_site, new_postgres, tmp_path):
    """Every table's rows and every file come back: the restored site, backed
    up again by its own process from PostgreSQL, gives the same rows, read
    through the ORM, and the same file bytes; its search index is rebuilt, its
    sequences continue after the restored ids, and a second restore is
    refused."""
    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), verbosity=0)
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "DATABASE_URL": new_postgres,
        "AKHBAR_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    migrated = akhbar(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    done = akhbar(env, "restore", str(archive), "--rebuild", "-v1")
    assert done.returncode == 0, done.stderr[-3000:]

    second = tmp_path / "again.tar"
    backed_up = akhbar(env, "backup", str(second), "-v0")
    assert backed_up.returncode == 0, backed_up.stderr[-3000:]
    first, again = contents(archive), contents(second)
    assert sorted(first) == sorted(again)
    for name, data in first.items():
        if name.startswith("db/"):  # PostgreSQL orders a JSON object's keys.
            rows = [json.loads(line) for line in data.splitlines()]
            assert [json.loads(line) for line in again[name].splitlines()] == rows
        else:
            assert again[name] == data, name
    media = {name for name in first if name.startswith("media/")}
    for model in (get_image_model(), get_image_model().get_rendition_model(),
                  get_document_model()):  # fmt: skip
        for name in model.objects.values_list("file", flat=True):
            assert "media/" + name in media
            with default_storage.open(name) as source:
                assert (data_dir / "media" / name).read_bytes() == source.read()
    checked = akhbar(env, "shell", "-c", CHECK)
    assert checked.returncode == 0, checked.stderr[-3000:]
    answer = json.loads(checked.stdout.strip().splitlines()[-1])
    assert answer["indexed"] >= ArticlePage.objects.live().count() > 0
    assert answer["new_id"] > Redirect.objects.order_by("pk").last().pk

    refused = akhbar(env, "restore", str(archive))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "Nothing was written" in refused.stderr
