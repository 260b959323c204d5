"""Index the pages the scheduler must unpublish, which it looks for every second.

Wagtail does not index ``expire_at``; a partial index over live pages that have an
expiry stays tiny however large the archive grows. SQLite and PostgreSQL both
support it.
"""

from django.db import migrations

INDEX = "akhbar_newsroom_page_expire_at"


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_newsroom", "0002_roles_and_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (expire_at) "
            "WHERE live AND expire_at IS NOT NULL",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
