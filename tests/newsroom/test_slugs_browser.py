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


def test_a_colliding_headline_typed_in_the_editor_is_saved_with_a_suffix(
    live_server, settings
):
    # Wagtail 8 autosaves every half second of changes; on a loaded machine that
    # request races the click and the test server's in-memory SQLite answers
    # "database table is locked". The click alone is the save under test.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
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
        with page.expect_navigation():
            page.click("footer button[type=submit] >> nth=0")
        shot(page, "slug-suffix-saved")
        # Still in the editor (no error page), with the saved slug in the field.
        return page.locator("#id_slug").input_value()

    slug_field = in_browser(write)
    second = ArticlePage.objects.get(title=SECOND)
    assert second.slug == first.slug + "-2"
    assert slug_field == second.slug
    assert PARAGRAPH in second.get_latest_revision_as_object().body[0].value.source
