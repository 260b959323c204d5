"""Read-also suggestions in the editor: the read-also block's page chooser
offers the live stories most like the draft first."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from akhbar.news.blocks import SIMILAR_TO_PARAMETER
from akhbar.related.editor import draft_suggestions

from .texts import ECONOMY, FOOTBALL, WEATHER

pytestmark = pytest.mark.django_db

CHOOSER = reverse("wagtailadmin_choose_page")


def chooser(client, headline, **headers):
    query = {"page_type": "akhbar_news.articlepage", SIMILAR_TO_PARAMETER: headline}
    response = client.get(CHOOSER + "?" + urlencode(query), **headers)
    assert response.status_code == 200
    return response.json()["html"]


def chosen_ids(html):
    """Ids of the pages the chooser lets one choose, in order."""
    return [int(i) for i in re.findall(r'data-id="(\d+)"', html)]


def browsable_ids(html):
    """Ids of the pages the chooser lets one browse into."""
    return {int(i) for i in re.findall(r'href="[^"]*/choose-page/(\d+)/', html)}


def test_a_new_draft_is_offered_the_stories_on_its_subject(newsroom):
    articles = newsroom["articles"]
    offered = draft_suggestions("الترجي والنجم الساحلي في الدوري التونسي")
    football = {articles[title].pk for title, _ in FOOTBALL}
    assert set(offered[:3]) == football


def test_the_chooser_lists_suggestions_above_the_tree(newsroom, admin_client):
    articles = newsroom["articles"]
    html = chooser(admin_client, "التضخم والبنك المركزي ونسبة الفائدة")
    ids = chosen_ids(html)
    economy = [articles[title].pk for title, _ in ECONOMY]
    assert set(ids[:2]) == set(economy)
    # The tree is still there to browse: the sections follow.
    sections = {newsroom["sport"].pk, newsroom["national"].pk}
    assert sections <= browsable_ids(html)


def test_an_edited_article_is_never_offered_to_itself(newsroom, admin_client):
    article = newsroom["articles"][FOOTBALL[0][0]]
    edit = "http://testserver" + reverse("wagtailadmin_pages:edit", args=[article.pk])
    ids = chosen_ids(chooser(admin_client, article.title, HTTP_REFERER=edit))
    others = {newsroom["articles"][title].pk for title, _ in FOOTBALL[1:]}
    assert article.pk not in ids[:8]
    assert set(ids[:2]) == others


def test_unpublished_stories_are_not_offered(newsroom, admin_client, publish_commits):
    hidden = newsroom["articles"][ECONOMY[1][0]]
    publish_commits(hidden.unpublish)
    assert hidden.pk not in draft_suggestions("التضخم والأسعار والبنك المركزي")


def test_a_search_in_the_chooser_is_left_as_it_was(newsroom, admin_client):
    query = {
        "page_type": "akhbar_news.articlepage",
        SIMILAR_TO_PARAMETER: "التضخم والبنك المركزي",
        "q": "أمطار",
    }
    url = reverse("wagtailadmin_choose_page_search") + "?" + urlencode(query)
    found = chosen_ids(admin_client.get(url).content.decode())
    economy = {newsroom["articles"][title].pk for title, _ in ECONOMY}
    assert newsroom["articles"][WEATHER[0][0]].pk in found
    assert not economy & set(found)
