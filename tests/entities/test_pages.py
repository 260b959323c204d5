"""Entity pages and the article page's entity links, through the test client
on the real database, with articles indexed as a publish indexes them."""

import json
import re
from urllib.parse import quote

import pytest

from akhbar.entities import selectors, services
from akhbar.news import selectors as news_selectors

from .conftest import PUTIN

pytestmark = pytest.mark.django_db


def listed_titles(html):
    return re.findall(r'<h[23] class="card-title"><a [^>]*>([^<]*)</a>', html)


def test_spellings_are_one_page_listing_every_live_story_newest_first(client, stories):
    response = client.get(PUTIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>فلاديمير بوتين</h1>" in html
    for alias in ("بوتين", "بوتن", "Putin"):
        assert ">%s</span>" % alias in html
    titles = [s.title for s in stories.values()]
    found = [t for t in listed_titles(html) if t in titles]
    expected = ["headline", "body", "standfirst", "passing"]
    newest_first = sorted(
        (stories[k] for k in expected), key=lambda a: a.first_published_at
    )[::-1]
    assert found == [a.title for a in newest_first]
    assert "بوتين في خبر سُحب" not in html
    assert "بوتين في مسودة" not in html


def test_pages_are_paginated_like_sections(client, stories, settings):
    settings.AKHBAR_ARTICLES_PER_PAGE = 3
    first = listed_titles(client.get(PUTIN).content.decode())
    second = listed_titles(client.get(PUTIN, {"page": 2}).content.decode())
    assert len(first) == 3
    assert len(second) == 1
    assert not set(first) & set(second)


def test_json_ld_names_the_person_with_aliases(client, stories):
    html = client.get(PUTIN).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    data = [json.loads(b) for b in blocks]
    person = next(d for d in data if d.get("@type") == "Person")
    assert person["name"] == "فلاديمير بوتين"
    assert "بوتن" in person["alternateName"]
    assert person["url"].endswith(quote(PUTIN)) or person["url"].endswith(PUTIN)


def test_unknown_entities_are_not_found_and_hidden_ones_gone(client, stories):
    assert client.get("/شخصيات/لا-يوجد/").status_code == 404
    assert client.get("/منظمات/فلاديمير-بوتين/").status_code == 404
    putin = selectors.catalogue().by_name["فلاديمير بوتين"]
    services.entity_hide(entity=putin)
    assert client.get(PUTIN).status_code == 410
    central = [e.name for e in selectors.central_entities(stories["headline"])]
    assert "فلاديمير بوتين" not in central


def test_surrogate_keys_name_the_entity_page(client, stories):
    response = client.get(PUTIN)
    keys = response.headers["Surrogate-Key"].split()
    assert keys[:2] == ["site", "home"]
    assert re.fullmatch(r"entity-per-[0-9a-f]{12}", keys[2])
    assert response.headers["Cache-Control"].startswith("public")


def test_hostile_names_are_escaped(client, home, hostile_entity):
    entity = selectors.catalogue().by_name[hostile_entity]
    html = client.get(entity.url).content.decode()
    assert "<img" not in html
    assert "<b>" not in html
    assert "<!--" not in html.split("<body", 1)[1]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    names = [json.loads(b).get("name") for b in blocks]
    assert hostile_entity in names


def test_article_page_links_each_central_entity_to_one_page(client, stories):
    for key in ("headline", "body", "standfirst"):
        html = client.get(stories[key].url).content.decode()
        assert html.count('href="%s"' % PUTIN) == 1, key
    passing = client.get(stories["passing"].url).content.decode()
    assert 'href="%s"' % PUTIN not in passing
    links = [e.url for e in news_selectors.entity_links(stories["body"])]
    assert links.count(PUTIN) == 1
    assert "/أماكن/موسكو/" in links
