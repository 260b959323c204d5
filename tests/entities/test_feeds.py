"""An entity's RSS and Atom feeds: its live stories, newest first."""

from urllib.parse import quote, unquote

import defusedxml.ElementTree as ET
import pytest

from akhbar.entities import selectors, services

from .conftest import PUTIN

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_lists_the_live_stories_that_mention_the_entity(client, stories):
    response = client.get(PUTIN + "feed/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title").startswith("فلاديمير بوتين — ")
    assert unquote(channel.findtext("link")).endswith(PUTIN)
    titles = [item.findtext("title") for item in channel.iter("item")]
    expected = [stories[k] for k in ("headline", "body", "standfirst", "passing")]
    expected.sort(key=lambda a: a.first_published_at, reverse=True)
    assert titles == [a.title for a in expected]


def test_atom_twin_and_the_page_links_both(client, stories):
    feed = ET.fromstring(client.get(PUTIN + "feed/atom/").content)
    assert len(feed.findall(ATOM + "entry")) == 4
    self_link = [
        link.get("href")
        for link in feed.findall(ATOM + "link")
        if link.get("rel") == "self"
    ]
    assert unquote(self_link[0]).endswith(PUTIN + "feed/atom/")
    html = client.get(PUTIN).content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="%sfeed/atom/"' % quote(PUTIN) in html


def test_hidden_or_unknown_entities_have_no_feed(client, stories):
    assert client.get("/أماكن/لا-يوجد/feed/").status_code == 404
    putin = selectors.catalogue().by_name["فلاديمير بوتين"]
    services.entity_hide(entity=putin)
    assert client.get("/شخصيات/فلاديمير-بوتين/feed/atom/").status_code == 404


def test_a_hostile_name_stays_text_in_the_feed(client, home, hostile_entity):
    entity = selectors.catalogue().by_name[hostile_entity]
    channel = ET.fromstring(client.get(entity.url + "feed/").content).find("channel")
    assert channel.findtext("title").startswith("سمير")
    assert "<img" not in ET.tostring(channel, encoding="unicode")
