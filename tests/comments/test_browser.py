"""End to end in real Chromium: a reader comments, an Editor approves it in the
Arabic admin, and the comment appears on the article. No JavaScript is needed on
the reader's side."""

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

    page.goto(url)
    assert "تعليق من قارئ عبر متصفح حقيقي." in page.locator("#comments").inner_text()
    assert "nour@example.org" not in page.content()
    staff.close()
    reader.close()
