"""Let Editors pin and remove an article's related suggestions.

The admin screen (``related.wagtail_hooks.RelatedChoiceViewSet``) says Editors
use it, but the permissions (``akhbar_related``) were granted to nobody: an
Editor who opened it was sent back to the dashboard. This grants them as listed
in ``akhbar.newsroom.roles.MODEL_PERMISSIONS``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_related", "0001_initial"),
        ("akhbar_newsroom", "0006_live_entry_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
