"""Let Editors rename, merge, split, hide and add aliases to entities.

The permission (``akhbar_entities.change_entity``) arrived after the roles;
this grants it as listed in ``akhbar.newsroom.roles.MODEL_PERMISSIONS``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_entities", "0002_editors_entities"),
        ("akhbar_newsroom", "0006_live_entry_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
