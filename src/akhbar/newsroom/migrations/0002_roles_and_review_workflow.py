"""Create the Editors, Authors and Contributors groups and the review workflow."""

from django.db import migrations


def forwards(apps, schema_editor):
    from akhbar.newsroom.roles import review_workflow_sync, roles_sync

    roles_sync(apps)
    review_workflow_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_newsroom", "0001_initial"),
        ("akhbar_news", "0002_create_home_page"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    # Groups may have members by the time anyone reverses this; they stay.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
