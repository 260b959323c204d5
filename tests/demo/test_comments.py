"""Demo comments: written through the services, with a reply, safe to re-run."""

import pytest
from django.test import Client

from akhbar.comments.models import Comment
from akhbar.demo import content
from akhbar.demo.comments import DEMO_COMMENTS, add_demo_comments
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_articles(section):
    keys = {key for key, _ in DEMO_COMMENTS}
    return {
        spec["key"]: make_article(section, spec["headline"])
        for spec in content.ARTICLES
        if spec["key"] in keys
    }


def test_demo_comments_are_added_once(demo_articles):
    expected = sum(len(specs) for _, specs in DEMO_COMMENTS)
    assert add_demo_comments() == expected
    assert add_demo_comments() == 0
    assert Comment.objects.count() == expected
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.filter(depth=3).exists()
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1


def test_demo_discussion_shows_on_the_article(demo_articles):
    add_demo_comments()
    article = demo_articles["seed-mirror"]
    html = Client().get(article.url).content.decode()
    assert "ليلى حداد" in html and "٤ تعليقات" in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "layla.demo@example.org" not in html


def test_missing_demo_articles_are_skipped(db):
    assert add_demo_comments() == 0
