"""An entity page and an article's entity links fit a phone and a desktop
(the phones test's checker: no horizontal overflow, 44 px tap targets)."""

import itertools
from urllib.parse import quote

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_phones import _check
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(home):
    section = make_section(home, "أخبار العالم والسياسة الدولية")
    for number in range(3):
        make_article(
            section,
            "فلاديمير بوتين يتحدث في مؤتمر صحفي طويل رقم %d عن الاقتصاد" % number,
        )
    named = make_article(
        section,
        "بوتين يستقبل الأمين العام للأمم المتحدة في موسكو",
        standfirst="محادثات في الكرملين عن الحرب في أوكرانيا ومنظمة الصحة العالمية.",
    )
    return {
        "entity": "/%s/" % quote("شخصيات/فلاديمير-بوتين"),
        "entity-article": named.url,
    }


def test_entity_pages_fit_320_and_1366_px(browser, live_server, site):
    page = browser.new_page(locale="ar")
    problems = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for (kind, path), width in itertools.product(site.items(), (320, 1366)):
            _check(page, live_server.url, kind, path, width, problems)
            shot = SCREENSHOTS / ("entities-%s-%d.png" % (kind, width))
            page.screenshot(path=str(shot), full_page=True)
        page.goto(live_server.url + site["entity-article"])
        links = page.locator("nav.entities a")
        assert links.count() >= 2
        assert (
            page.locator('nav.entities a[href="/شخصيات/فلاديمير-بوتين/"]').count() == 1
        )
        page.goto(live_server.url + site["entity"])
        assert page.locator(".card-grid article, .card-grid .card").count() == 4
    finally:
        page.close()
    assert not problems, "\n".join(problems)
