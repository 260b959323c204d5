"""Replace Wagtail's welcome page with Akhbar's home page and point the site at it."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("akhbar_news.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    if HomePage.objects.exists():
        return
    # The welcome page Wagtail's own migration creates, if it is still there.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="akhbar_news"
    )
    locale = Locale.objects.order_by("pk").first()
    siblings = Page.objects.filter(depth=2).order_by("-path")
    last = siblings.first()
    if last is None:
        path = root.path + "0001"
    else:
        number = int(last.path[-4:], 36) + 1
        digits = ""
        while number:
            number, rest = divmod(number, 36)
            digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + digits
        path = root.path + digits.rjust(4, "0")
    home = HomePage.objects.create(
        title="أخبار",
        draft_title="أخبار",
        slug="home",
        content_type=content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=locale,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page_id = home.pk
        site.site_name = "أخبار"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
            site_name="أخبار",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
