"""The site's navigation: the sections editors show, in their order, never an
empty one; WordPress's default category goes to the fallback section."""

import pytest

from akhbar.news.models import ArticlePage, SectionPage
from tests.importers.conftest import WORDPRESS, run_import
from tests.news.factories import make_article, make_section, publish
from tests.theme import metadata_checks as checks

pytestmark = pytest.mark.django_db


def nav_titles(client) -> list[str]:
    html = client.get("/").content.decode()
    return [
        link.text_content().strip()
        for link in checks.parse(html).xpath('//nav[@class="main-nav"]//a')
    ]


def test_an_import_puts_uncategorized_in_the_fallback_section_out_of_the_nav(
    client, home
):
    report = run_import(WORDPRESS / "navigation" / "default-categories.xml")
    assert nav_titles(client)[1:] == ["رياضة"]
    fallback = SectionPage.objects.child_of(home).get(slug="uncategorized")
    assert fallback.title == "غير مصنف"
    assert not fallback.show_in_menus
    assert sorted(
        a.title for a in ArticlePage.objects.child_of(fallback).live()
    ) == sorted(["خبر بلا تصنيف", "خبر غير مصنف"])
    titles = set(SectionPage.objects.values_list("title", flat=True))
    assert "Uncategorized" not in titles
    assert SectionPage.objects.filter(title="غير مصنف").count() == 1
    notes = " ".join(report["notes"])
    assert "Uncategorized" in notes and "غير مصنف" in notes
    # The empty category is imported (its old URL redirects to it), not shown.
    assert SectionPage.objects.filter(title="قسم بلا أخبار").exists()
    assert client.get("/category/Uncategorized/").status_code in (301, 302)


def test_the_nav_follows_the_editors_flag_and_tree_order(client, home):
    sections = [make_section(home, title) for title in ("سياسة", "اقتصاد", "ثقافة")]
    for section in sections:
        make_article(section)
    make_section(home, "قسم فارغ")
    assert nav_titles(client)[1:] == ["سياسة", "اقتصاد", "ثقافة"]

    politics, economy, culture = sections
    culture.move(politics, pos="left")
    economy.refresh_from_db()
    economy.show_in_menus = False
    publish(economy)
    assert nav_titles(client)[1:] == ["ثقافة", "سياسة"]
