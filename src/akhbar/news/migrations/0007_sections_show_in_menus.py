"""Sections made before the navigation followed "show in menus" keep their place in
it: the menu listed every section then, so each one is ticked now. (The importers'
fallback section is created unticked from here on; an editor can untick an older
one.)"""

from django.db import migrations


def tick_existing_sections(apps, schema_editor):
    SectionPage = apps.get_model("akhbar_news", "SectionPage")
    SectionPage.objects.filter(show_in_menus=False).update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [("akhbar_news", "0006_news_sitemap_exclusion")]

    operations = [
        migrations.RunPython(tick_existing_sections, migrations.RunPython.noop),
    ]
