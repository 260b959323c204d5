"""Let Editors manage webhook endpoints and read the delivery log.

The permissions arrived after the roles; this grants them as listed in
``akhbar.newsroom.roles.MODEL_PERMISSIONS``. Kept in this app rather than in
newsroom's migrations so that it leaves newsroom's migration history alone.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_webhooks", "0001_initial"),
        ("akhbar_newsroom", "0006_live_entry_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
