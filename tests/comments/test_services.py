"""The services: the one way comments are created and moderated."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from akhbar.comments import services
from akhbar.comments.errors import (
    CommentInvalid,
    CommentRateLimited,
    CommentsClosed,
    DuplicateComment,
)
from akhbar.comments.models import Comment
from tests.comments.factories import make_comment
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db
Status = Comment.Status


def create(article, **fields):
    values = {
        "author_name": "سلمى",
        "author_email": "salma@example.org",
        "body": "تعليق مفيد.",
        "ip_address": "203.0.113.5",
    }
    values.update(fields)
    return services.comment_create(article=article, **values)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", "editor@example.org", "x")


def test_create_stores_cleaned_plain_text(article):
    comment = create(
        article,
        author_name="  سلمى\u202e  الحداد ",
        author_email=" Salma@Example.ORG ",
        body="<b>نص</b>\r\n\r\n\r\nفقرة\x00",
        website="https://salma.example/",
        user_agent="Mozilla/5.0\n(X11)",
    )
    comment.refresh_from_db()
    assert comment.author_name == "سلمى الحداد"
    assert comment.author_email == "salma@example.org"
    assert comment.body == "<b>نص</b>\n\nفقرة"
    assert comment.website == "https://salma.example/"
    assert comment.user_agent == "Mozilla/5.0 (X11)"
    assert comment.ip_address == "203.0.113.5"
    assert comment.depth == 1


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "x" * 300]
)
def test_non_http_websites_are_dropped(article, website):
    assert create(article, website=website).website == ""


@pytest.mark.parametrize(
    "fields",
    [
        {"author_name": "  \u202e "},
        {"body": " \n\t "},
        {"author_email": "not-an-address"},
        {"author_email": ""},
    ],
)
def test_required_fields_are_enforced(article, fields):
    with pytest.raises(CommentInvalid):
        create(article, **fields)
    assert not Comment.objects.exists()


@override_settings(AKHBAR_COMMENTS_MAX_LENGTH=20)
def test_too_long_comment_is_refused(article):
    with pytest.raises(CommentInvalid):
        create(article, body="ن" * 21)


def test_first_comment_is_held_and_later_ones_pass_once_approved(article, editor):
    first = create(article)
    assert first.status == Status.PENDING
    assert first.held_reason
    second = create(article, body="تعليق ثان.")
    assert second.status == Status.PENDING
    services.comment_approve(comment=first, by=editor)
    third = create(article, body="تعليق ثالث.", author_email="SALMA@example.org")
    assert third.status == Status.APPROVED
    # The same address under another name is not trusted.
    other = create(article, body="تعليق رابع.", author_name="منتحل")
    assert other.status == Status.PENDING


@override_settings(AKHBAR_COMMENTS_MODERATION="all")
def test_moderation_all_holds_trusted_commenters_too(article, editor):
    make_comment(article, author_name="سلمى", author_email="salma@example.org")
    assert create(article).status == Status.PENDING


@override_settings(AKHBAR_COMMENTS_MODERATION="none")
def test_moderation_none_publishes_first_comments(article):
    assert create(article).status == Status.APPROVED


def test_replies_nest_up_to_the_maximum_depth(article):
    top = make_comment(article)
    reply = create(article, parent=top, body="رد")
    reply_to_reply = make_comment(article, parent=reply)
    deeper = create(article, parent=reply_to_reply, body="رد أعمق")
    assert (top.depth, reply.depth, reply_to_reply.depth) == (1, 2, 3)
    assert deeper.depth == 3
    assert deeper.parent == reply


def test_reply_must_be_to_a_published_comment_of_the_same_article(section, article):
    other_article = make_article(section, "مقال آخر")
    elsewhere = make_comment(other_article)
    with pytest.raises(CommentInvalid):
        create(article, parent=elsewhere)
    held = make_comment(article, status=Status.PENDING)
    with pytest.raises(CommentInvalid):
        create(article, parent=held)


def test_closed_article_refuses_comments(article):
    article.comments_open = False
    article.save()
    with pytest.raises(CommentsClosed):
        create(article)


@override_settings(AKHBAR_COMMENTS_CLOSE_AFTER_DAYS=7)
def test_comments_close_after_n_days(section):
    old = make_article(section, published=timezone.now() - datetime.timedelta(days=8))
    recent = make_article(
        section, published=timezone.now() - datetime.timedelta(days=6)
    )
    with pytest.raises(CommentsClosed):
        create(old)
    assert create(recent).pk


def test_duplicate_from_the_same_commenter_is_refused(article):
    create(article)
    with pytest.raises(DuplicateComment):
        create(article)
    with pytest.raises(DuplicateComment):  # Same address, another e-mail.
        create(article, author_email="other@example.org")
    assert create(article, body="نص آخر").pk


@override_settings(AKHBAR_COMMENTS_RATE_PER_IP=3, AKHBAR_COMMENTS_RATE_PER_EMAIL=2)
def test_rate_limits_per_email_and_per_ip(article):
    create(article, body="1")
    create(article, body="2")
    with pytest.raises(CommentRateLimited):
        create(article, body="3")
    with pytest.raises(CommentRateLimited):  # Fourth attempt from this address.
        create(article, body="4", author_email="other@example.org")
    assert create(article, body="5", author_email="x@example.org", ip_address="::1")


def test_import_arguments_bypass_moderation_and_spam_checks(article):
    article.comments_open = False
    article.save()
    created = timezone.now() - datetime.timedelta(days=400)
    for _ in range(3):
        comment = services.comment_create(
            article=article,
            author_name="قارئ قديم",
            author_email="",
            body="تعليق مستورد",
            status=Status.APPROVED,
            created_at=created,
            check_spam=False,
        )
        assert comment.status == Status.APPROVED
        assert comment.created_at == created
        assert comment.author_email == ""
    imported_spam = services.comment_create(
        article=article,
        author_name="x",
        author_email="bad address",
        body="spam",
        status=Status.SPAM,
        check_spam=False,
    )
    assert imported_spam.status == Status.SPAM
    with pytest.raises(CommentInvalid):
        services.comment_create(
            article=article,
            author_name="x",
            author_email="x@example.org",
            body="x",
            status="published",
            check_spam=False,
        )


def test_status_changes_and_restore(article, editor):
    comment = make_comment(article, status=Status.PENDING)
    services.comment_approve(comment=comment, by=editor)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.moderated_by == editor and comment.moderated_at
    services.comment_trash(comment=comment, by=editor)
    assert comment.status == Status.TRASH
    services.comment_restore(comment=comment, by=editor)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED  # Back to where it was.
    held = make_comment(article, status=Status.PENDING)
    services.comment_spam(comment=held, by=editor)
    services.comment_trash(comment=held, by=editor)
    services.comment_restore(comment=held, by=editor)
    assert held.status == Status.PENDING


def test_moderate_many_counts_changes(article, editor):
    comments = [make_comment(article, status=Status.PENDING) for _ in range(3)]
    services.comment_approve(comment=comments[0], by=editor)
    changed = services.comment_moderate_many(
        comments=comments, action="approve", by=editor
    )
    assert changed == 2
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.APPROVED}


@override_settings(AKHBAR_COMMENTS_IP_RETENTION_DAYS=30)
def test_client_data_is_forgotten_after_the_retention(article):
    cache.set(services.PURGE_KEY, 1)  # Today's automatic purge already ran.
    old = make_comment(
        article,
        ip_address="198.51.100.1",
        user_agent="Old browser",
        created_at=timezone.now() - datetime.timedelta(days=31),
    )
    recent = make_comment(article, ip_address="198.51.100.2", user_agent="New")
    assert services.comment_forget_client_data() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("198.51.100.2", "New")


@override_settings(AKHBAR_COMMENTS_IP_RETENTION_DAYS=30)
def test_retention_runs_by_itself_once_a_day(article):
    old = make_comment(
        article,
        ip_address="198.51.100.1",
        created_at=timezone.now() - datetime.timedelta(days=31),
    )
    # The first comment of the day triggers the purge.
    create(article)
    old.refresh_from_db()
    assert old.ip_address is None


# Bulk creation (importers) ---------------------------------------------------------


def build(article, **fields):
    values = {
        "author_name": "سلمى",
        "author_email": "salma@example.org",
        "body": "تعليق مفيد.",
        "status": Status.APPROVED,
    }
    values.update(fields)
    return services.comment_build(article=article, **values)


def test_build_cleans_like_create_and_saves_nothing(article):
    comment = build(
        article,
        author_name="  سلمى\u202e  الحداد ",
        author_email="not an address",
        body="<b>نص</b>\r\n\r\n\r\nفقرة\x00",
        website="javascript:alert(1)",
        ip_address="not an ip",
        status=Status.PENDING,
    )
    assert comment.pk is None and Comment.objects.count() == 0
    assert comment.author_name == "سلمى الحداد"
    assert comment.author_email == ""  # as comment_create(check_spam=False)
    assert comment.body == "<b>نص</b>\n\nفقرة"
    assert comment.website == ""
    assert comment.ip_address is None
    assert (comment.status, comment.depth) == (Status.PENDING, 1)


def test_build_refuses_what_create_refuses(article, section):
    with pytest.raises(CommentInvalid):
        build(article, body="   ")
    with pytest.raises(CommentInvalid):
        build(article, status="published")
    other = make_article(section, "مقال آخر")
    with pytest.raises(CommentInvalid):
        build(other, parent=build(article))


def test_bulk_create_stores_threads_built_in_memory(article):
    """Replies built on parents not saved yet are stored under them, and the
    depth limit applies as for single comments."""
    first = build(article, body="أول")
    reply = build(article, body="رد", parent=first)
    deeper = build(article, body="رد على الرد", parent=reply)
    deepest = build(article, body="أعمق", parent=deeper)
    other = build(article, body="مستقل", status=Status.SPAM)
    # Listed children first: the order of the list must not matter.
    stored = services.comments_bulk_create(
        comments=[deepest, deeper, reply, other, first]
    )
    assert len(stored) == 5 and all(c.pk for c in stored)
    assert Comment.objects.count() == 5
    first, reply, deeper, deepest = (
        Comment.objects.get(body=text) for text in ("أول", "رد", "رد على الرد", "أعمق")
    )
    assert first.parent_id is None and reply.parent_id == first.pk
    assert deeper.parent_id == reply.pk and deeper.depth == 3
    # Deeper than AKHBAR_COMMENTS_MAX_DEPTH (3): joins the deepest level.
    assert (deepest.parent_id, deepest.depth) == (reply.pk, 3)
    assert Comment.objects.get(body="مستقل").status == Status.SPAM


def test_bulk_create_under_a_stored_parent(article):
    parent = create(article, body="قديم")
    services.comments_bulk_create(comments=[build(article, body="جديد", parent=parent)])
    assert Comment.objects.get(body="جديد").parent_id == parent.pk


def test_bulk_create_retires_cached_threads_except_of_unseen_articles(article, section):
    """A thread rendered before is retired; an article created in the same
    transaction (``unseen_articles``) has none to retire and is left alone."""
    from akhbar.comments.selectors import comments_version

    fresh = make_article(section, "مقال جديد")
    before = {a.pk: comments_version(a.pk) for a in (article, fresh)}
    services.comments_bulk_create(
        comments=[build(article, body="أول"), build(fresh, body="ثان")],
        unseen_articles={fresh.pk},
    )
    assert comments_version(article.pk) != before[article.pk]
    assert comments_version(fresh.pk) == before[fresh.pk]
