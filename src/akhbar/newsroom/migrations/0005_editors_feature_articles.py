"""Let Editors make an article the lead story or breaking news.

The permission (``akhbar_news.feature_article``) arrived after the roles; this
grants it to Editors as listed in ``akhbar.newsroom.roles.MODEL_PERMISSIONS``.
Authors and contributors do not see those fields in the article editor.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_newsroom", "0004_editors_moderate_comments"),
        ("akhbar_news", "0005_article_feature_permission"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
