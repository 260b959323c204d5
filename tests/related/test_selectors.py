"""The related list an article page shows: content first, the rules always."""

import pytest
from wagtail.models import PageViewRestriction

from akhbar.news import selectors as news_selectors
from akhbar.related.models import RelatedChoice
from akhbar.related.selectors import related_for
from tests.news.factories import make_article

from .conftest import paragraphs
from .texts import ECONOMY, FOOTBALL

pytestmark = pytest.mark.django_db


def titles(articles):
    return [a.title for a in articles]


def test_stories_on_the_same_subject_come_first(newsroom):
    article = newsroom["articles"][FOOTBALL[0][0]]
    related = related_for(article, 4)
    assert set(titles(related[:2])) == {FOOTBALL[1][0], FOOTBALL[2][0]}
    economy = related_for(newsroom["articles"][ECONOMY[0][0]], 4)
    assert titles(economy)[0] == ECONOMY[1][0]


def test_never_itself_and_always_at_least_four(newsroom):
    for article in newsroom["articles"].values():
        related = related_for(article, 4)
        assert len(related) == 4
        assert article.pk not in [a.pk for a in related]
        assert len({a.pk for a in related}) == 4


def test_the_article_page_hook_uses_the_related_app(newsroom):
    article = newsroom["articles"][FOOTBALL[0][0]]
    via_news = news_selectors.related_articles(article, limit=4)
    assert [a.pk for a in via_news] == [a.pk for a in related_for(article, 4)]
    assert via_news[0].section.pk == newsroom["sport"].pk


def test_unpublished_and_private_articles_are_never_suggested(
    newsroom, publish_commits
):
    articles = newsroom["articles"]
    hidden, private = articles[FOOTBALL[1][0]], articles[FOOTBALL[2][0]]
    publish_commits(hidden.unpublish)
    publish_commits(
        PageViewRestriction.objects.create,
        page=private,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    for source in articles.values():
        ids = [a.pk for a in related_for(source, 4)]
        assert hidden.pk not in ids
        assert private.pk not in ids


def test_editor_pins_come_first_and_removals_never_show(newsroom):
    articles = newsroom["articles"]
    article = articles[FOOTBALL[0][0]]
    pinned, removed = articles[ECONOMY[1][0]], articles[FOOTBALL[1][0]]
    RelatedChoice.objects.create(
        article=article, target=pinned, action=RelatedChoice.Action.PIN
    )
    RelatedChoice.objects.create(
        article=article, target=removed, action=RelatedChoice.Action.REMOVE
    )
    related = related_for(article, 4)
    assert related[0].pk == pinned.pk
    assert removed.pk not in [a.pk for a in related]
    assert len(related) == 4


def test_a_new_story_enters_its_neighbours_lists_on_publish(newsroom, publish_commits):
    article = newsroom["articles"][FOOTBALL[0][0]]
    fresh = publish_commits(
        make_article,
        newsroom["sport"],
        "الترجي والنجم الساحلي في قمة الدوري",
        body=paragraphs(
            "يلتقي الترجي والنجم الساحلي في قمة الدوري التونسي لكرة القدم على "
            "ملعب رادس، ويغيب المهاجم المصاب عن مباراة الفريق."
        ),
    )
    assert fresh.pk in [a.pk for a in related_for(article, 3)]
    assert {a.title for a in related_for(fresh, 2)} <= {t for t, _ in FOOTBALL}


def test_editors_pin_a_suggestion_in_the_admin(newsroom, admin_client):
    from django.urls import reverse

    articles = newsroom["articles"]
    article, pinned = articles[FOOTBALL[0][0]], articles[ECONOMY[0][0]]
    response = admin_client.post(
        reverse("related_choices:add"),
        {
            "article": article.pk,
            "target": pinned.pk,
            "action": RelatedChoice.Action.PIN,
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert related_for(article, 4)[0].pk == pinned.pk
    listing = admin_client.get(reverse("related_choices:index"))
    assert pinned.title in listing.content.decode()
