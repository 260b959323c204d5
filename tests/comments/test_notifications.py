"""Editors hear about held comments by e-mail."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import override_settings

from akhbar.comments import services
from akhbar.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    group, _ = Group.objects.get_or_create(name="Comment moderators")
    group.permissions.add(Permission.objects.get(codename="moderate_comment"))
    user = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    user.groups.add(group)
    return user


def post(article, **fields):
    values = {
        "author_name": "قارئ <b>جديد</b>",
        "author_email": "new@example.org",
        "body": "تعليق أول\n<script>alert(1)</script>",
    }
    values.update(fields)
    return services.comment_create(article=article, **values)


def test_held_comment_is_mailed_to_moderators_after_commit(
    article, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post(article)
    assert comment.status == Comment.Status.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert article.title in message.subject and "\n" not in message.subject
    assert "قارئ <b>جديد</b>" in message.body  # Plain text, not HTML.
    assert "new@example.org" in message.body
    assert "/admin/comments/" in message.body
    assert message.content_subtype == "plain"


def test_the_mail_links_the_queue_on_the_sites_address(
    article, editor, settings, django_capture_on_commit_callbacks
):
    settings.AKHBAR_BASE_URL = "https://news.example"
    with django_capture_on_commit_callbacks(execute=True):
        post(article)
    assert "https://news.example/admin/comments/" in mail.outbox[0].body


def test_published_and_imported_comments_are_not_mailed(
    article, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with override_settings(AKHBAR_COMMENTS_MODERATION="none"):
            post(article)
        services.comment_create(
            article=article,
            author_name="مستورد",
            author_email="old@example.org",
            body="قديم",
            status=Comment.Status.PENDING,
            check_spam=False,
        )
    assert mail.outbox == []


@override_settings(AKHBAR_COMMENTS_NOTIFY_MODERATORS=False)
def test_notifications_can_be_switched_off(
    article, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(article)
    assert mail.outbox == []


def test_superusers_are_told_when_nobody_else_moderates(
    article, django_capture_on_commit_callbacks
):
    get_user_model().objects.create_superuser("owner", "owner@example.org", "x")
    with django_capture_on_commit_callbacks(execute=True):
        post(article)
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
