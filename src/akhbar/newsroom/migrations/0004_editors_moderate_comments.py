"""Let Editors moderate reader comments (akhbar_comments.Comment).

Its own migration because the comments app arrived after the roles: it runs once
the Comment model and its permissions exist, and grants Editors moderate, change
and delete as listed in ``akhbar.newsroom.roles.MODEL_PERMISSIONS``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_newsroom", "0003_page_expiry_index"),
        ("akhbar_comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
