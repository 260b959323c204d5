"""Reads: threads one page at a time, and who moderates."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.utils import timezone

from akhbar.comments import selectors, services
from akhbar.comments.models import Comment
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def ids(comments):
    return [c.pk for c in comments]


def test_threads_in_order_with_replies_and_only_published(article):
    first = make_comment(article)
    second = make_comment(article)
    reply = make_comment(article, parent=first)
    make_comment(article, parent=first, status=Status.PENDING)
    make_comment(article, status=Status.SPAM)
    page = selectors.article_thread_page(article)
    assert page.total == 3
    assert ids(page.threads) == [first.pk, second.pk]
    assert ids(page.threads[0].children) == [reply.pk]
    assert page.threads[0].children[0].level == 2


def test_public_read_never_loads_private_columns(article):
    make_comment(article, ip_address="192.0.2.1")
    comment = selectors.article_thread_page(article).threads[0]
    deferred = comment.get_deferred_fields()
    assert {"author_email", "ip_address", "user_agent"} <= deferred


def test_reply_whose_parent_was_removed_shows_as_its_own_thread(article):
    parent = make_comment(article)
    reply = make_comment(article, parent=parent)
    services.comment_trash(comment=parent, by=None)
    page = selectors.article_thread_page(article)
    assert page.total == 1
    assert ids(page.threads) == [reply.pk]


@override_settings(AKHBAR_COMMENTS_PER_PAGE=2)
def test_threads_are_paginated_with_their_replies(article):
    roots = [make_comment(article) for _ in range(5)]
    reply = make_comment(article, parent=roots[2])
    page_two = selectors.article_thread_page(article, page_number=2)
    assert (page_two.number, page_two.num_pages, page_two.total) == (2, 3, 6)
    assert ids(page_two.threads) == [roots[2].pk, roots[3].pk]
    assert ids(page_two.threads[0].children) == [reply.pk]
    assert selectors.article_thread_page(article, page_number=99).number == 3
    assert selectors.thread_page_number(article, reply.pk) == 2
    assert selectors.thread_page_number(article, roots[4].pk) == 3


def test_thread_page_costs_two_queries(article, django_assert_num_queries):
    for _ in range(3):
        root = make_comment(article)
        make_comment(article, parent=root)
    with django_assert_num_queries(2):
        page = selectors.article_thread_page(article)
        assert [c.children[0].body for c in page.threads]


def test_comments_closed_reason(article):
    assert selectors.comments_closed_reason(article) == ""
    with override_settings(AKHBAR_COMMENTS_CLOSE_AFTER_DAYS=1):
        later = timezone.now() + datetime.timedelta(days=2)
        assert selectors.comments_closed_reason(article, now=later) == "expired"
    article.comments_open = False
    assert selectors.comments_closed_reason(article) == "closed"


def test_moderators_are_permission_holders_else_superusers(db):
    User = get_user_model()
    owner = User.objects.create_superuser("owner", "owner@example.org", "x")
    User.objects.create_user("reader", "reader@example.org", "x")
    assert list(selectors.moderators()) == [owner]
    permission = Permission.objects.get(codename="moderate_comment")
    editors, _ = Group.objects.get_or_create(name="Comment moderators")
    editors.permissions.add(permission)
    editor = User.objects.create_user("editor", "editor@example.org", "x")
    editor.groups.add(editors)
    direct = User.objects.create_user("direct", "direct@example.org", "x")
    direct.user_permissions.add(permission)
    User.objects.create_user("nomail", "", "x").groups.add(editors)
    assert set(selectors.moderators()) == {editor, direct}
