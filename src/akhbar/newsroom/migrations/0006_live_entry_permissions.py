"""Let Editors and Authors write live entries, and Editors publish them.

The permissions (``akhbar_live``) arrived after the roles; this grants them as
listed in ``akhbar.newsroom.roles.MODEL_PERMISSIONS``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_newsroom", "0005_editors_feature_articles"),
        ("akhbar_live", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
