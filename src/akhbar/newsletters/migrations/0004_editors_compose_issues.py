"""Let Editors compose, schedule and send issues.

The permissions arrived after the roles; this grants them as listed in
``akhbar.newsroom.roles.MODEL_PERMISSIONS``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_newsletters", "0003_composed_issues"),
        ("akhbar_newsroom", "0006_live_entry_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
