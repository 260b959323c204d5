"""End to end in real Chromium: a reader comments, an Editor approves it in the
Arabic admin, and the comment appears on the article. No JavaScript is needed on
the reader's side (one more click confirms the comment); with JavaScript the
form fetches its tokens and one click posts it."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from akhbar.comments.models import Comment
from tests.browser.conftest import SCREENSHOTS, arabic_page
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(db):
    group, _ = Group.objects.get_or_create(name="مراجعو التعليقات")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "moderate_comment"])
    )
    user = get_user_model().objects.create_user(
        "comment-editor", "comment-editor@example.org", "a-long-password-1"
    )
    user.groups.add(group)
    return user


def test_reader_comments_editor_approves_comment_appears(
    browser, live_server, home, editor, settings
):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    article = make_article(make_section(home, "أخبار"), "خبر للتعليق عليه")
    url = live_server.url + article.url

    reader = browser.new_context(java_script_enabled=False, locale="ar")
    page = reader.new_page()
    page.goto(url)
    assert page.locator("#respond h2").inner_text() == "اترك تعليقاً"
    page.fill("#comment", "تعليق من قارئ عبر متصفح حقيقي.")
    page.fill("#author", "نور الهدى")
    page.fill("#email", "nour@example.org")
    page.click("#commentform button[type=submit]")
    # The cached page's form had no tokens: it comes back filled in, with them.
    assert "مرة أخرى لتأكيده" in page.locator("#comment-errors").inner_text()
    assert page.input_value("#comment") == "تعليق من قارئ عبر متصفح حقيقي."
    assert not Comment.objects.exists()
    page.click("#commentform button[type=submit]")
    assert "بانتظار المراجعة" in page.locator("#comment-status").inner_text()
    assert Comment.objects.get().status == Comment.Status.PENDING

    staff = browser.new_context(locale="ar")
    admin = staff.new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", "comment-editor")
    admin.fill("#id_password", "a-long-password-1")
    admin.click("button[type=submit]")
    admin.wait_for_url(live_server.url + "/admin/")
    admin.goto(live_server.url + "/admin/comments/")
    assert admin.locator("html").get_attribute("dir") == "rtl"
    row = admin.locator("tr", has_text="نور الهدى")
    assert "nour@example.org" in row.inner_text()
    row.locator("button[value^='approve']").click()
    admin.wait_for_load_state()
    assert "نُشرت التعليقات المحددة" in admin.content()

    # The browser may keep the article for AKHBAR_CACHE_BROWSER_SECONDS; a
    # reload asks the site again (a conditional request: the page changed).
    page.goto(url)
    page.reload()
    assert "تعليق من قارئ عبر متصفح حقيقي." in page.locator("#comments").inner_text()
    assert "nour@example.org" not in page.content()
    staff.close()
    reader.close()


def collect(page, event: str, keep) -> list:
    """Every ``event`` of ``page`` that ``keep`` accepts, as it comes."""
    found = []
    page.on(event, lambda item: found.append(item) if keep(item) else None)
    return found


def test_with_javascript_the_form_fetches_its_tokens_and_posts_at_once(
    browser, live_server, home, settings
):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    article = make_article(make_section(home, "رياضة"), "خبر بتعليق سريع")
    context = browser.new_context(locale="ar")
    page = context.new_page()
    token_requests = collect(
        page, "request", lambda request: "/comments/tokens/" in request.url
    )
    response = page.goto(live_server.url + article.url)
    assert "public" in response.headers["cache-control"]
    assert "set-cookie" not in response.headers
    assert page.input_value("input[name=csrfmiddlewaretoken]") == ""
    page.fill("#comment", "تعليق مع جافاسكربت.")
    page.fill("#author", "ريم")
    page.fill("#email", "reem@example.org")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**comment-posted=**")
    assert "بانتظار المراجعة" in page.locator("#comment-status").inner_text()
    assert Comment.objects.get().body == "تعليق مع جافاسكربت."
    assert len(token_requests) == 1
    context.close()


ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN_LETTER = re.compile("[A-Za-z]")


# How far below its field a field's error starts, in px.
BELOW = """(field) => {
    const input = document.getElementById(field).getBoundingClientRect();
    return document.getElementById(field + "_error").getBoundingClientRect().top
        - input.bottom;
}"""


def scrolls_into_view(page, selector: str) -> bool:
    """Whether ``selector`` comes into view within 15 s (the page scrolls
    smoothly; wait_for_function needs the page's JavaScript, which may be off)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        box = page.evaluate(
            "(selector) => document.querySelector(selector).getBoundingClientRect()"
            ".toJSON()",
            selector,
        )
        if box["top"] >= 0 and box["bottom"] <= page.viewport_size["height"]:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("width", [320, 1366])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_refused_comment_shows_arabic_errors_by_its_fields_and_keeps_the_text(
    browser, live_server, home, settings, width, javascript
):
    """A missing name, a wrong address and a too-long comment: the browser's own
    checks (in the browser's language, and a paste cut at maxlength) stay out of
    the way, the site answers in Arabic beside each field, scrolled to the form,
    with every character the reader typed; the answer is for this reader only.
    Corrected, the same text is posted."""
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    settings.AKHBAR_COMMENTS_MAX_LENGTH = 60
    article = make_article(make_section(home, "أخبار"), "خبر يخطئ قارئه في النموذج")
    typed = ("رأيي في الخبر طويل بعض الشيء، " * 4).strip()  # 119 characters
    with arabic_page(browser, width, java_script_enabled=javascript) as page:
        page.goto(live_server.url + article.url)
        page.fill("#comment", typed)
        page.fill("#email", "ليس بريداً")
        with page.expect_response(
            lambda response: response.request.method == "POST", timeout=10000
        ) as posted:
            page.click("#commentform button[type=submit]")
        page.wait_for_load_state()
        answer = posted.value
        assert "public" not in answer.headers["cache-control"]
        assert "private" in answer.headers["cache-control"]
        # Scrolled (smoothly) to the form, its summary in sight.
        assert scrolls_into_view(page, "#comment-errors")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "comment-errors-%d-%s.png" % (width, "js" if javascript else "no-js")
        page.screenshot(path=str(SCREENSHOTS / name))
        for field in ("comment", "author", "email"):
            error = page.locator("#%s_error" % field)
            assert error.is_visible(), field
            message = error.inner_text()
            assert ARABIC_LETTER.search(message), message
            assert not LATIN_LETTER.search(message), message
            # Beside its field: read out with it, right below it.
            described = page.get_attribute("#" + field, "aria-describedby")
            assert "%s_error" % field in described.split(), field
            assert page.get_attribute("#" + field, "aria-invalid") == "true"
            gap = page.evaluate(BELOW, field)
            assert 0 <= gap < 40, (field, gap)
        # The limit and the count, in the site's digits.
        assert "٦٠" in page.inner_text("#comment_error")
        assert "١١٩" in page.inner_text("#comment_error")
        assert page.input_value("#comment") == typed
        assert page.input_value("#email") == "ليس بريداً"
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
        assert not Comment.objects.exists()

        shorter = page.input_value("#comment")[:60]
        page.fill("#comment", shorter)
        page.fill("#author", "هالة")
        page.fill("#email", "hala@example.org")
        page.click("#commentform button[type=submit]")
        page.wait_for_url("**comment-posted=**")
        assert Comment.objects.get().body == shorter.strip()


# Every text the live region is given, in order (set before the reader types).
RECORD_ANNOUNCEMENTS = """() => {
    window.announced = [];
    const live = document.getElementById("comment-count-live");
    new MutationObserver(() => window.announced.push(live.textContent))
        .observe(live, {childList: true, characterData: true, subtree: true});
}"""


@pytest.mark.parametrize("width", [320, 1366])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_comment_form_states_its_limit_and_counts_as_the_reader_types(
    browser, live_server, home, settings, width, javascript
):
    """The limit is stated beside the comment field and read with it, in the
    site's digits, with or without JavaScript. With it (under the site's CSP,
    no inline script) the count follows the typing, and a screen reader is told
    only on nearing the limit and on passing it, not at every key."""
    settings.AKHBAR_COMMENTS_MAX_LENGTH = 60
    article = make_article(make_section(home, "أخبار"), "خبر بتعليق محدود الطول")
    with arabic_page(browser, width, java_script_enabled=javascript) as page:
        refused = collect(
            page, "console", lambda message: "Content Security Policy" in message.text
        )
        response = page.goto(live_server.url + article.url)
        assert "content-security-policy" in response.headers
        note = page.locator("#comment-limit")
        assert note.is_visible()
        assert "٦٠" in note.inner_text()
        described = page.get_attribute("#comment", "aria-describedby").split()
        assert "comment-limit" in described
        assert page.get_attribute("#comment-count-live", "aria-live") == "polite"
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
        if not javascript:
            assert page.inner_text(".comment-count") == ""
            return
        page.evaluate(RECORD_ANNOUNCEMENTS)
        page.click("#comment")
        page.keyboard.type("ا" * 40)
        assert "٤٠" in note.inner_text()
        # A tenth of 60 left at 54, told once; over at 61, told once.
        page.keyboard.type("ب" * 15)
        assert "٥٥" in note.inner_text()
        page.keyboard.type("ج" * 10)
        assert "٦٥" in note.inner_text()
        page.keyboard.press("Backspace")
        assert "٦٤" in note.inner_text()
        announced = page.evaluate("window.announced")
        assert [text for text in announced if text] == [
            "بقي لك من الأحرف: ٦.",
            "تعليقك أطول من المسموح، الأحرف الزائدة: ١.",
        ], announced
        assert refused == []
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#respond").screenshot(
            path=str(SCREENSHOTS / ("comment-count-%d.png" % width))
        )
