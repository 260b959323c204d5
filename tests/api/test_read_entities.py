"""Entities and most read through the API: only live stories, hidden entities
never, aliases and articles on the detail, views counted by the site."""

import datetime

import pytest
from django.utils import timezone

from akhbar.entities import selectors as entity_selectors
from akhbar.entities.services import entity_hide
from akhbar.readership.models import HourlyViews
from tests.news.factories import make_article

from .conftest import get

pytestmark = pytest.mark.django_db

PUTIN = ("PER", "فلاديمير-بوتين")


@pytest.fixture
def putin_stories(site, publish_commits):
    def story(title, text, **fields):
        body = [{"type": "paragraph", "value": "<p>%s</p>" % text}]
        return publish_commits(
            make_article, site["politics"], title, body=body, **fields
        )

    return {
        "live": story("بوتين يستقبل وفداً", "قال فلاديمير بوتين إن اللقاء مثمر."),
        "draft": story("بوتين في مسودة", "قال بوتين كلاماً.", publish_now=False),
    }


def test_entity_list_pages_by_type_and_slug(client, site):
    first = get(client, "/entities", type="PER", limit=3).json()
    assert len(first["items"]) == 3
    assert all(item["type"] == "PER" for item in first["items"])
    second = get(client, "/entities", type="PER", limit=3, cursor=first["next"])
    names = [i["name"] for i in first["items"] + second.json()["items"]]
    assert len(set(names)) == 6
    slugs = [(i["type"], i["slug"]) for i in first["items"]]
    assert slugs == sorted(slugs)
    assert first["items"][0]["url"].startswith("http://localhost/%D8%B4")


def test_entity_detail_has_aliases_and_only_live_articles(client, site, putin_stories):
    data = get(client, "/entities/%s/%s" % PUTIN).json()
    assert data["name"] == "فلاديمير بوتين"
    assert "بوتين" in data["aliases"]
    assert [a["title"] for a in data["articles"]] == ["بوتين يستقبل وفداً"]
    listed = get(client, "/articles", entity="%s:%s" % PUTIN).json()["items"]
    assert [a["id"] for a in listed] == [putin_stories["live"].pk]
    detail = get(client, "/articles/%d" % putin_stories["live"].pk).json()
    assert ("PER", "فلاديمير بوتين") in [
        (e["type"], e["name"]) for e in detail["entities"]
    ]
    assert putin_stories["live"].pk not in [r["id"] for r in detail["related"]]
    assert len(detail["related"]) >= 1


def test_hidden_and_unknown_entities_are_not_found(client, site, putin_stories):
    entity_hide(entity=entity_selectors.catalogue().by_name["فلاديمير بوتين"])
    assert get(client, "/entities/%s/%s" % PUTIN).status_code == 404
    assert get(client, "/entities/PER/لا-أحد-بهذا-الاسم").status_code == 404
    assert get(client, "/articles", entity="%s:%s" % PUTIN).json()["items"] == []
    listed = get(client, "/entities", type="PER", limit=100)
    assert "فلاديمير بوتين" not in listed.content.decode()
    assert get(client, "/entities/XYZ/x").status_code == 400


def test_most_read_ranks_live_articles_by_views(client, site):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    counts = {"lead": 5, "draft": 50, "private": 40}
    for name, views in counts.items():
        HourlyViews.objects.create(article=site[name], hour=hour, views=views)
    old = site["articles"][2]
    HourlyViews.objects.create(article=old, hour=hour, views=3)
    HourlyViews.objects.create(
        article=site["articles"][1], hour=hour - datetime.timedelta(days=3), views=9
    )
    day = get(client, "/most-read").json()
    assert [(i["id"], i["views"]) for i in day["items"]] == [
        (site["lead"].pk, 5),
        (old.pk, 3),
    ]
    week = get(client, "/most-read", window="week", limit=1).json()
    assert [i["id"] for i in week["items"]] == [site["articles"][1].pk]
    economy = get(client, "/most-read", section=site["economy"].pk).json()
    assert [i["id"] for i in economy["items"]] == [old.pk]
    assert get(client, "/most-read", window="year").status_code == 400
