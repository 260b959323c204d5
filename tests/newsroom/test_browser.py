"""End to end in headless Chromium: a Contributor writes, an Editor approves.

The Contributor signs in to the Arabic admin, writes an article with a photo
uploaded from the image chooser and submits it for review; the Editor finds it on
the dashboard, approves it, and a reader sees it on the site. Screenshots of each
step go to var/screenshots/newsroom-*.png.
"""

import io
import threading

import pytest
from PIL import Image as PILImage

from akhbar.news.models import ArticlePage
from tests.browser.conftest import CHROMIUM_ARGS, SCREENSHOTS, chromium_path
from tests.news.factories import make_section
from tests.newsroom.factories import PASSWORD, ensure_newsroom, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "افتتاح مكتبة عامة جديدة في وسط المدينة"
PARAGRAPH = "افتتحت البلدية، صباح اليوم، مكتبة عامة جديدة؛ فهل تكفي؟ «نعم» قال المدير."


def in_browser(steps):
    """Run ``steps(page)`` in a fresh Chromium, in a thread of its own.

    Playwright's sync API refuses a thread that already drives a browser (the
    session browser of tests/browser may be open in this one), so each person's
    session gets its own thread and Playwright; the database checks stay here.
    """
    outcome = {}

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
                )
                context = browser.new_context(
                    locale="ar", viewport={"width": 1280, "height": 900}
                )
                try:
                    outcome["value"] = steps(context.new_page())
                finally:
                    browser.close()
        except BaseException as error:  # Re-raised in the test's thread.
            outcome["error"] = error

    thread = threading.Thread(target=run, name="chromium")
    thread.start()
    thread.join(300)
    if "error" in outcome:
        raise outcome["error"]
    assert not thread.is_alive(), "the browser session did not finish"
    return outcome.get("value")


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / ("newsroom-%s.png" % name)), full_page=True)


def sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "library-front.jpg"
    picture = PILImage.new("RGB", (1200, 800), (30, 90, 140))
    picture.paste((200, 160, 40), (400, 250, 800, 550))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue())
    return path


def test_contributor_writes_editor_approves_reader_sees(live_server, photo, settings):
    # Wagtail 8 autosaves every half second of changes; on a loaded machine that
    # request races the clicks under test and the test server's in-memory SQLite
    # answers "no such savepoint" or "database table is locked".
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    section = make_section(ensure_newsroom(), "أخبار محلية")
    make_user("contributor", "mona")
    make_user("editor", "samir")
    base = live_server.url

    def contributor_writes(page):
        page.goto(base + "/admin/login/")
        shot(page, "01-login")
        sign_in(page, base, "mona")
        shot(page, "02-contributor-dashboard")
        page.goto(base + "/admin/pages/add/akhbar_news/articlepage/%d/" % section.pk)
        page.fill("#id_title", TITLE)
        page.fill("#id_standfirst", "المكتبة تضم خمسين ألف كتاب، وتفتح أبوابها يومياً.")
        page.click("text=اختر صورة")
        page.click("#tab-label-upload")
        page.set_input_files("#id_image-chooser-upload-file", str(photo))
        shot(page, "03-image-upload")
        page.click("#tab-upload button[type=submit]")
        page.wait_for_selector(".modal", state="hidden")
        page.fill("#id_featured_image_caption", "واجهة المكتبة الجديدة")
        page.fill("#id_featured_image_credit", "أخبار")
        page.click(".c-sf-add-button")
        page.click("[role=option]:has-text('فقرة')")
        page.locator(".public-DraftEditor-content").first.click()
        page.keyboard.type(PARAGRAPH)
        page.keyboard.press("Enter")
        page.keyboard.type("The library opens daily.")
        # Draftail writes the text into the form a moment after the last keystroke.
        page.wait_for_function(
            "() => [...document.querySelectorAll('input[name^=\"body-\"]')]"
            ".some(input => input.value.includes('The library opens daily.'))"
        )
        shot(page, "04-article-written")
        page.click("footer .w-dropdown__toggle")
        with page.expect_navigation():
            page.click("footer button[name=action-submit]")
        shot(page, "05-submitted")

    in_browser(contributor_writes)
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live and article.workflow_in_progress
    assert article.featured_image is not None

    def editor_approves(page):
        sign_in(page, base, "samir")
        shot(page, "06-editor-dashboard")
        with page.expect_navigation():
            page.click("a:has-text('%s')" % TITLE)
        shot(page, "07-review")
        page.click("footer .w-dropdown__toggle")
        with page.expect_navigation():
            page.click(
                "footer button[data-workflow-action-name=approve]"
                ":not([data-workflow-action-modal-url])"
            )
        shot(page, "08-approved")

    in_browser(editor_approves)
    article.refresh_from_db()
    assert article.live

    def reader_reads(page):
        page.goto(base + article.url)
        shot(page, "09-on-the-site")
        assert page.locator("h1.headline").inner_text() == TITLE
        assert page.locator("html").get_attribute("dir") == "rtl"
        photo_on_page = page.locator("article img, figure img").first
        assert photo_on_page.evaluate("img => img.complete && img.naturalWidth > 0")
        assert PARAGRAPH in page.content()
        page.goto(base + "/")
        assert TITLE in page.content()
        shot(page, "10-home")

    in_browser(reader_reads)
