"""The comment section's caches: a cached thread never outlives a change to it."""

import pytest
from django.test import Client

from akhbar.comments import selectors, services
from akhbar.comments.models import Comment
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def comments_part(client, article, query=""):
    html = client.get(article.url + query).content.decode()
    return html[html.index('id="comments"') :]


def test_a_cached_thread_follows_moderation(article, django_assert_num_queries):
    client = Client()
    shown = make_comment(article, body="تعليق ظاهر منذ البداية")
    held = make_comment(article, status=Status.PENDING, body="تعليق ينتظر المحرر")
    assert "تعليق ظاهر" in comments_part(client, article)
    # The second view comes from the caches: no query at all.
    with django_assert_num_queries(0):
        assert "تعليق ظاهر" in comments_part(client, article)
    assert "تعليق ينتظر" not in comments_part(client, article)

    services.comment_approve(comment=held, by=None)
    part = comments_part(client, article)
    assert "تعليق ينتظر المحرر" in part and "تعليقان" in part

    services.comment_trash(comment=shown, by=None)
    part = comments_part(client, article)
    assert "تعليق ظاهر" not in part and "تعليق ينتظر المحرر" in part


def test_a_new_approved_comment_shows_at_once(article):
    client = Client()
    assert "اترك تعليقاً" in comments_part(client, article)
    make_comment(article, body="أول تعليق على الخبر")
    assert "أول تعليق على الخبر" in comments_part(client, article)


def test_a_cached_view_has_no_per_reader_tokens(article):
    """The plain view is the same for every reader: empty token fields, tokens
    from the endpoint named on the form."""
    client = Client(enforce_csrf_checks=True)
    comments_part(client, article)
    cached = comments_part(client, article)
    assert 'name="token" value=""' in cached
    assert 'name="csrfmiddlewaretoken" value=""' in cached
    assert 'data-tokens="/comments/tokens/%d/"' % article.pk in cached


def test_the_version_changes_with_each_change(article):
    before = selectors.comments_version(article.pk)
    comment = make_comment(article)
    middle = selectors.comments_version(article.pk)
    services.comment_spam(comment=comment, by=None)
    assert before != middle != selectors.comments_version(article.pk)


def test_reply_and_page_views_are_not_served_from_the_plain_cache(article):
    client = Client()
    root = make_comment(article, author_name="سلمى")
    comments_part(client, article)  # Fill the plain view's cache.
    part = comments_part(client, article, "?replytocom=%d" % root.pk)
    assert "الرد على" in part and "إلغاء الرد" in part
    assert "إلغاء الرد" not in comments_part(client, article)
