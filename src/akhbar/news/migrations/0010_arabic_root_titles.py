"""The tree's root page and the root collection are named in Arabic: Wagtail's
migrations call both "Root", which the Arabic admin showed as the explorer's
title, in its breadcrumbs and in the collection choosers."""

from django.db import migrations

ROOT = "الجذر"


def name_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT, draft_title=ROOT)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT)


def unname_roots(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_news", "0009_alter_articlepage_body_alter_standardpage_body"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_roots, unname_roots)]
