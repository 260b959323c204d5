"""What a reader sees, in real Chromium: RTL layout, following a story, back to top."""

import pytest

from tests.news.factories import (
    ensure_home,
    make_article,
    make_author,
    make_image,
    make_section,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(transactional_db):
    home = ensure_home()
    section = make_section(home, "أخبار سياسية")
    author = make_author(home, "سلمى الحداد")
    paragraphs = [
        {"type": "paragraph", "value": "<p>%s</p>" % ("فقرة طويلة من نص الخبر. " * 40)}
        for _ in range(8)
    ]
    for number in range(3):
        make_article(
            section, "خبر تمهيدي رقم %d" % (number + 1), featured_image=make_image()
        )
    return make_article(
        section,
        "الحكومة تعلن خطة وطنية للمياه",
        authors=[author],
        featured_image=make_image(),
        featured_image_caption="صورة توضيحية",
        body=[{"type": "subheading", "value": "تفاصيل الخطة"}, *paragraphs],
        is_lead=True,
    )


def test_reader_follows_a_story_and_returns_to_top(
    browser, live_server, story, screenshot_dir
):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Right to left: the site name sits at the right edge, the search box at the left.
    name_box = page.locator(".site-name").bounding_box()
    search_box = page.locator(".site-search").bounding_box()
    assert name_box["x"] > search_box["x"]
    assert name_box["x"] + name_box["width"] > 1280 * 0.7

    page.locator(".lead-story .card-title a").click()
    page.wait_for_load_state()
    assert page.locator("h1.headline").inner_text() == "الحكومة تعلن خطة وطنية للمياه"
    assert page.locator(".section-label").first.inner_text() == "أخبار سياسية"
    # The featured image really loaded (its rendition was served).
    assert (
        page.evaluate("document.querySelector('.featured-image img').naturalWidth") > 0
    )
    page.screenshot(path=str(screenshot_dir / "reader-article.png"), full_page=True)

    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # Functions, not expressions: Playwright evaluates an expression with eval(),
    # which the site's Content-Security-Policy refuses.
    page.wait_for_function("() => window.scrollY > 500")
    button = page.locator(".back-to-top")
    box = button.bounding_box()
    # The control is in the reader's bottom-left corner (inline end in RTL).
    assert box["x"] < 1280 / 2
    button.click()
    page.wait_for_function("() => window.scrollY === 0", timeout=5000)
    assert page.evaluate("window.scrollY") == 0
    page.close()
