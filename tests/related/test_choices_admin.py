"""The related lists' pins and removals, as an Editor makes them in the admin."""

import pytest
from django.urls import reverse

from akhbar.related.models import RelatedChoice
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom, make_user

pytestmark = pytest.mark.django_db


def test_an_editor_pins_a_story_picked_with_the_page_chooser(client, home):
    """The form picks both articles with Wagtail's page chooser: it listed every
    article of the site in two selects (659 px wide on a 320 px phone, and one
    option per story on a real site)."""
    section = make_section(home, "اقتصاد")
    article = make_article(section, "البنك المركزي يرفع سعر الفائدة ربع نقطة")
    target = make_article(section, "التضخم يتباطأ للشهر الثالث على التوالي")
    ensure_newsroom()
    client.force_login(make_user("editor", "related-editor"))
    form = client.get(reverse("related_choices:add")).content.decode()
    assert '<select name="article"' not in form
    assert '<select name="target"' not in form
    assert target.title not in form

    response = client.post(
        reverse("related_choices:add"),
        {
            "article": article.pk,
            "target": target.pk,
            "action": RelatedChoice.Action.PIN,
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    choice = RelatedChoice.objects.get()
    assert (choice.article_id, choice.target_id) == (article.pk, target.pk)
    listing = client.get(reverse("related_choices:index")).content.decode()
    assert target.title in listing
