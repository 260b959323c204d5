"""The search page's message for a query of question words only, in real
Chromium at 320 and 1366 px: shown as an alert in place of results, within the
page's width, with no accessibility violation."""

from urllib.parse import quote

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations
from tests.browser.test_phones import OVERFLOW_JS
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1366])
def test_a_query_without_search_words_is_told_so_on_a_phone_and_a_desktop(
    browser, live_server, home, width
):
    make_article(make_section(home, "سياسة"), "الحكومة تناقش الميزانية")
    # bypass_csp: axe-core is added as a script of its own.
    page = browser.new_page(locale="ar", bypass_csp=True)
    try:
        page.set_viewport_size({"width": width, "height": 800})
        query = "لماذا؟ ماذا؟ متى؟"
        response = page.goto("%s/search/?q=%s" % (live_server.url, quote(query)))
        assert response.status == 200
        alert = page.locator(".search .error[role=alert]")
        assert alert.is_visible()
        assert "«%s» كلمات سؤال أو ربط" % query in alert.inner_text()
        assert page.locator(".search-empty, .search-results").count() == 0
        found = page.evaluate(OVERFLOW_JS)
        assert found["scrollWidth"] <= found["innerWidth"], found
        assert not found["offenders"], found
        assert not axe_violations(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / ("search-no-words-%d.png" % width)), full_page=True
        )
    finally:
        page.close()
