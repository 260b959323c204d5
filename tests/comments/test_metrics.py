"""The moderation queue's length in /metrics, counted at each scrape."""

import urllib.request

import pytest

from akhbar.comments import services
from akhbar.comments.models import Comment
from akhbar.testing.metrics import metric_value
from tests.comments.factories import make_comment
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import make_user


def _pending(base):
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        return metric_value(response.read().decode(), "akhbar_comments_pending")


@pytest.mark.django_db(transaction=True)
def test_the_queue_gauge_follows_pending_comments(live_server, home):
    article = make_article(make_section(home, "آراء"), "مقال رأي")
    assert _pending(live_server.url) == 0
    held = make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article)  # Approved: not in the queue.
    assert _pending(live_server.url) == 2
    services.comment_approve(comment=held, by=make_user("admin"))
    assert _pending(live_server.url) == 1
