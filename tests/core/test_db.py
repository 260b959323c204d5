"""The SQLite backend (``akhbar.core.db.sqlite3``) and the shared StreamField:
Arabic in JSON columns stored as UTF-8, read back unchanged."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Revision

from akhbar.news.models import ArticlePage
from tests.news.factories import make_article, make_section

TEXT = "<p>دمشق: قالت الحكومة السورية إن الاتفاق وُقّع.</p>"


def _raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_arabic_json_is_stored_as_utf8_and_read_back(home):
    article = make_article(
        make_section(home), body=[{"type": "paragraph", "value": TEXT}]
    )
    revision = Revision.objects.filter(object_id=str(article.pk)).latest("pk")
    # Read back through the ORM: the same body, live and in the revision.
    fresh = ArticlePage.objects.get(pk=article.pk)
    assert fresh.body.raw_data[0]["value"] == TEXT
    assert revision.as_object().body.raw_data[0]["value"] == TEXT
    if connection.vendor != "sqlite":  # jsonb keeps the parsed value.
        return
    body = _raw(
        "SELECT body FROM akhbar_news_articlepage WHERE page_ptr_id = %s", article.pk
    )
    content = _raw(
        "SELECT content FROM wagtailcore_revision WHERE id = %s", revision.pk
    )
    for stored in (body, content):
        assert "الحكومة السورية" in stored
        assert "\\u0627" not in stored


def test_stream_fields_leave_migrations_as_they_are(db):
    """The shared StreamField deconstructs as Wagtail's: no migration to make."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's text JSON")
def test_rows_with_escaped_json_read_the_same(home):
    """Rows written before (Django's ``\\u0627`` escapes) read back unchanged."""
    import json

    article = make_article(make_section(home))
    escaped = json.dumps([{"type": "paragraph", "value": TEXT}])
    assert "\\u" in escaped
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE akhbar_news_articlepage SET body = %s WHERE page_ptr_id = %s",
            [escaped, article.pk],
        )
    assert ArticlePage.objects.get(pk=article.pk).body.raw_data[0]["value"] == TEXT


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="an SQLite data dir; run once, in the SQLite pass",
)
def test_migrate_creates_a_new_data_dir(tmp_path):
    """With a configured secret key nothing else creates the data folder: the
    first ``akhbar migrate`` must still find a place for its SQLite file."""
    data_dir = tmp_path / "new" / "data"
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(data_dir),
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "akhbar.cli", "migrate", "--plan"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (data_dir / "akhbar.sqlite3").is_file()
