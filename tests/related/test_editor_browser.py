"""In headless Chromium: an author adds a read-also block while writing, and
its page chooser offers the stories on the draft's subject first."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from akhbar.news.models import ArticlePage
from tests.newsroom.factories import make_user
from tests.newsroom.test_browser import in_browser, shot, sign_in

from .texts import FOOTBALL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "الترجي والنجم الساحلي في قمة الدوري التونسي"


def open_chooser(page):
    """Click the new block's "choose a page" and wait for the chooser's answer.

    On a loaded machine the click can land before the block's chooser is wired
    (no request is sent, and the modal never opens): that click is tried again,
    once. A chooser that answers with an error fails here, with its status.
    """
    button = page.locator(".page-chooser.blank [data-chooser-action-choose]").first
    for attempt in (1, 2):
        try:
            with page.expect_response(
                lambda response: "/admin/choose-page/" in response.url,
                timeout=15000 * attempt,
            ) as answer:
                button.click()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            continue
        assert answer.value.ok, "the page chooser answered %d" % answer.value.status
        return


def test_the_read_also_chooser_offers_stories_on_the_subject(
    live_server, newsroom, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # see tests/newsroom/test_browser.py
    make_user("admin", "huda")
    football = {newsroom["articles"][title].pk for title, _ in FOOTBALL}
    base = live_server.url

    def author_writes(page):
        sign_in(page, base, "huda")
        page.goto(
            base + "/admin/pages/add/akhbar_news/articlepage/%d/" % newsroom["sport"].pk
        )
        page.fill("#id_title", HEADLINE)
        page.click(".c-sf-add-button")
        page.click("[role=option]:has-text('اقرأ أيضا')")
        open_chooser(page)
        rows = page.locator(".modal [data-id]")
        rows.first.wait_for()
        offered = [int(rows.nth(i).get_attribute("data-id")) for i in range(3)]
        shot(page, "read-also-suggestions")
        rows.first.click()
        page.wait_for_selector(".modal", state="hidden")
        chosen = page.locator(".page-chooser:not(.blank) [data-chooser-title]").first
        chosen_title = chosen.inner_text().strip()
        with page.expect_navigation():
            page.click("footer button.action-save")
        return offered, chosen_title

    offered, chosen_title = in_browser(author_writes)
    assert set(offered) == football
    draft = ArticlePage.objects.get(title=HEADLINE).get_latest_revision_as_object()
    read_also = [block for block in draft.body if block.block_type == "read_also"]
    assert [page.pk for page in read_also[0].value["articles"]] == [offered[0]]
    assert chosen_title == ArticlePage.objects.get(pk=offered[0]).title
