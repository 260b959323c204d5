"""In real Chromium: the subscribe page fits a phone and works without JavaScript."""

import pytest

from akhbar.newsletters.models import NewsletterList, Subscriber
from tests.browser.conftest import axe_violations
from tests.browser.test_phones import OVERFLOW_JS, TAP_JS
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1366])
def test_subscribe_page_fits_and_subscribes_without_javascript(
    browser, live_server, home, smtp_inbox, settings, width
):
    settings.AKHBAR_BASE_URL = live_server.url
    NewsletterList.objects.create(
        name="الموجز اليومي", slug="daily", kind=NewsletterList.Kind.DAILY
    )
    url = live_server.url + "/newsletters/daily/subscribe/"
    viewport = {"width": width, "height": 800}
    # axe-core is injected as an inline script, which the CSP forbids.
    checker = browser.new_context(locale="ar", viewport=viewport, bypass_csp=True)
    page = checker.new_page()
    page.goto(url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= layout["innerWidth"], layout
    assert layout["offenders"] == []
    assert axe_violations(page) == []
    page.screenshot(path="var/screenshots/newsletter-subscribe-%d.png" % width)
    checker.close()

    context = browser.new_context(
        java_script_enabled=False, locale="ar", viewport=viewport
    )
    page = context.new_page()
    page.goto(url)
    page.fill("input[name=email]", "reader@example.org")
    page.click(".newsletter-form button[type=submit]")
    assert page.locator("#newsletter-sent").is_visible()
    assert Subscriber.objects.get().confirmed_at is None
    assert smtp_inbox.wait_for(1)[0][0] == ["reader@example.org"]
    context.close()


FORM_TAP_TARGETS = ".newsletter-form input[name=email], .newsletter-form button"


@pytest.mark.parametrize("width", [320, 1366])
def test_the_form_on_the_home_and_article_pages_fits_and_is_tappable(
    browser, live_server, home, width
):
    """The daily digest's form the home and article pages include: inside the
    width, its field and button at least 44 px each way, nothing axe flags."""
    NewsletterList.objects.create(
        name="الموجز اليومي",
        slug="daily",
        kind=NewsletterList.Kind.DAILY,
        description="أهم أخبار اليوم في رسالة واحدة كل صباح",
    )
    article = make_article(make_section(home, "سياسة"), "خبر مع نموذج الاشتراك")
    context = browser.new_context(
        locale="ar", viewport={"width": width, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    for kind, path in (("home", "/"), ("article", article.url)):
        page.goto(live_server.url + path)
        form = page.locator(".newsletter-form")
        form.scroll_into_view_if_needed()
        assert form.is_visible(), kind
        layout = page.evaluate(OVERFLOW_JS)
        assert layout["scrollWidth"] <= layout["innerWidth"], (kind, layout)
        assert layout["offenders"] == [], kind
        assert page.evaluate(TAP_JS, FORM_TAP_TARGETS) == [], kind
        assert page.locator(FORM_TAP_TARGETS).count() == 2
        box = form.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (kind, box)
        assert axe_violations(page) == [], kind
        form.screenshot(
            path="var/screenshots/newsletter-form-%s-%d.png" % (kind, width)
        )
    context.close()
