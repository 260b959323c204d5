"""The moderation queue in the Wagtail admin: Arabic, RTL, bulk and row actions."""

import json

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from akhbar.comments.models import Comment
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status
QUEUE = "/admin/comments/"


def make_user(username, *codenames):
    group, _ = Group.objects.get_or_create(name="group-%s" % username)
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user = get_user_model().objects.create_user(
        username, "%s@example.org" % username, "secret"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def moderator(db):
    return make_user("moderator", "access_admin", "moderate_comment")


@pytest.fixture
def browser(moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    return client


def csrf_token(html):
    return lxml.html.fromstring(html).xpath(
        "//form[contains(@class,'akhbar-comments-bulk')]"
        "//input[@name='csrfmiddlewaretoken']/@value"
    )[0]


def test_queue_is_arabic_rtl_and_lists_pending_comments(browser, article):
    held = make_comment(
        article,
        status=Status.PENDING,
        author_email="held@example.org",
        ip_address="192.0.2.7",
        body="تعليق بانتظار المراجعة",
    )
    make_comment(article, body="تعليق منشور")
    response = browser.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "التعليقات" in html and "بانتظار المراجعة (١)" in html
    row = lxml.html.fromstring(html).xpath('//tr[@id="queue-comment-%d"]' % held.pk)[0]
    row_text = row.text_content()
    assert "تعليق بانتظار المراجعة" in row_text
    assert "held@example.org" in row_text and "192.0.2.7" in row_text
    assert "تعليق منشور" not in html
    approved = browser.get(QUEUE + "?status=approved").content.decode()
    assert "تعليق منشور" in approved


def test_bulk_approve_with_csrf(browser, article):
    held = [make_comment(article, status=Status.PENDING) for _ in range(3)]
    html = browser.get(QUEUE).content.decode()
    response = browser.post(
        QUEUE + "action/",
        {
            "csrfmiddlewaretoken": csrf_token(html),
            "action": "approve",
            "ids": [held[0].pk, held[1].pk],
            "next": QUEUE + "?status=pending",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?status=pending"
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {
        held[0].pk: Status.APPROVED,
        held[1].pk: Status.APPROVED,
        held[2].pk: Status.PENDING,
    }
    assert Comment.objects.get(pk=held[0].pk).moderated_by.username == "moderator"
    followed = browser.get(response["Location"]).content.decode()
    assert "نُشرت التعليقات المحددة: ٢" in followed


@pytest.mark.parametrize(
    "action,status",
    [("spam", Status.SPAM), ("trash", Status.TRASH), ("approve", Status.APPROVED)],
)
def test_row_action(browser, article, action, status):
    held = make_comment(article, status=Status.PENDING)
    html = browser.get(QUEUE).content.decode()
    browser.post(
        QUEUE + "action/",
        {
            "csrfmiddlewaretoken": csrf_token(html),
            "row_action": "%s:%d" % (action, held.pk),
        },
    )
    held.refresh_from_db()
    assert held.status == status


def test_restore_from_trash(browser, article):
    comment = make_comment(article, status=Status.TRASH)
    html = browser.get(QUEUE + "?status=trash").content.decode()
    browser.post(
        QUEUE + "action/",
        {
            "csrfmiddlewaretoken": csrf_token(html),
            "row_action": "restore:%d" % comment.pk,
        },
    )
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_action_needs_csrf(browser, article):
    held = make_comment(article, status=Status.PENDING)
    response = browser.post(QUEUE + "action/", {"action": "approve", "ids": [held.pk]})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_bad_action_or_ids_change_nothing(browser, article):
    held = make_comment(article, status=Status.PENDING)
    html = browser.get(QUEUE).content.decode()
    token = csrf_token(html)
    for data in (
        {"action": "delete", "ids": [held.pk]},
        {"action": "approve", "ids": ["x", "99999999999999999999999"]},
        {"row_action": "approve:abc"},
    ):
        response = browser.post(
            QUEUE + "action/", {"csrfmiddlewaretoken": token, **data}
        )
        assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_next_url_must_stay_on_the_site(browser, article):
    make_comment(article, status=Status.PENDING)
    html = browser.get(QUEUE).content.decode()
    response = browser.post(
        QUEUE + "action/",
        {"csrfmiddlewaretoken": csrf_token(html), "next": "https://evil.example/"},
    )
    assert response["Location"] == QUEUE


def test_search_and_article_filter(browser, article, section):
    from tests.news.factories import make_article

    other = make_article(section, "مقال آخر")
    make_comment(article, status=Status.PENDING, author_email="find.me@example.org")
    make_comment(other, status=Status.PENDING, body="في مقال آخر")
    found = browser.get(QUEUE + "?q=find.me").content.decode()
    assert "find.me@example.org" in found and "في مقال آخر" not in found
    by_article = browser.get(QUEUE + "?article=%d" % other.pk).content.decode()
    assert "في مقال آخر" in by_article and "find.me@example.org" not in by_article


def test_users_without_the_permission_are_kept_out(article):
    writer = make_user("writer", "access_admin")
    held = make_comment(article, status=Status.PENDING)
    client = Client()
    client.force_login(writer)
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.post(QUEUE + "action/", {"action": "approve", "ids": [held.pk]})
    held.refresh_from_db()
    assert held.status == Status.PENDING
    assert Client().get(QUEUE).status_code == 302  # Anonymous: to the login page.


def _sidebar_items(html):
    props = lxml.html.fromstring(html).xpath('//*[@id="wagtail-sidebar-props"]')[0]
    return json.dumps(json.loads(props.text), ensure_ascii=False)


def test_menu_shows_the_pending_count(browser, article):
    make_comment(article, status=Status.PENDING)
    make_comment(article, status=Status.PENDING)
    make_comment(article)
    sidebar = _sidebar_items(browser.get("/admin/").content.decode())
    assert "التعليقات (٢)" in sidebar


def test_menu_item_is_hidden_from_users_who_cannot_moderate(article):
    writer = make_user("writer", "access_admin")
    client = Client()
    client.force_login(writer)
    sidebar = _sidebar_items(client.get("/admin/").content.decode())
    assert "/admin/comments/" not in sidebar


def test_moderation_lists_are_editable_in_the_admin(article):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    client = Client()
    client.force_login(admin)
    url = "/admin/settings/akhbar_comments/commentmoderationsettings/"
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "كلمات محظورة" in html and "عناوين IP محظورة" in html
    assert url in client.get(QUEUE).content.decode()


def test_lists_link_only_for_those_who_may_edit_them(browser):
    html = browser.get(QUEUE).content.decode()
    assert "/admin/settings/akhbar_comments/" not in html
