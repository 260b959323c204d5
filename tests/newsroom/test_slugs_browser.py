"""In headless Chromium: a headline that shortens to a sibling's slug is saved with a
suffix, with the slug the editor's own script fills in from the title."""

import pytest

from akhbar.news.models import ArticlePage
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom, make_user
from tests.newsroom.test_browser import in_browser, shot, sign_in
from tests.newsroom.test_slugs import FIRST, SECOND

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = "نص كتبه المحرر في المتصفح ولا يجوز أن يضيع."


def test_a_colliding_headline_typed_in_the_editor_is_saved_with_a_suffix(live_server):
    section = make_section(ensure_newsroom(), "أخبار دولية")
    first = make_article(section, FIRST)
    make_user("editor", "huda")
    base = live_server.url

    def write(page):
        sign_in(page, base, "huda")
        page.goto(base + "/admin/pages/add/akhbar_news/articlepage/%d/" % section.pk)
        page.fill("#id_title", SECOND)
        page.fill("#id_standfirst", "مقدمة الخبر.")
        page.click(".c-sf-add-button")
        page.click("[role=option]:has-text('فقرة')")
        page.locator(".public-DraftEditor-content").first.click()
        page.keyboard.type(PARAGRAPH)
        page.wait_for_function(
            "() => [...document.querySelectorAll('input[name^=\"body-\"]')]"
            ".some(input => input.value.includes('ولا يجوز أن يضيع'))"
        )
        with page.expect_navigation() as navigation:
            page.click("footer button[type=submit] >> nth=0")
        shot(page, "slug-suffix-saved")
        return navigation.value.status, page.locator("#id_slug").input_value()

    status, slug_field = in_browser(write)
    assert status == 200
    second = ArticlePage.objects.get(title=SECOND)
    assert second.slug == first.slug + "-2"
    assert slug_field == second.slug
    assert PARAGRAPH in second.get_latest_revision_as_object().body[0].value.source
