"""End to end in real Chromium: a reader comments, an Editor approves it in the
Arabic admin, and the comment appears on the article. No JavaScript is needed on
the reader's side (one more click confirms the comment); with JavaScript the
form fetches its tokens and one click posts it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from akhbar.comments.models import Comment
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


def test_with_javascript_the_form_fetches_its_tokens_and_posts_at_once(
    browser, live_server, home, settings
):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    article = make_article(make_section(home, "رياضة"), "خبر بتعليق سريع")
    context = browser.new_context(locale="ar")
    page = context.new_page()
    token_requests = []
    page.on(
        "request",
        lambda request: (
            token_requests.append(request.url)
            if "/comments/tokens/" in request.url
            else None
        ),
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
