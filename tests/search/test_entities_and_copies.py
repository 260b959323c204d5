"""Search by entity ids and one result per wire story, through the search
page on the real database, articles indexed as a publish indexes them."""

import re

import pytest

from tests.news.factories import make_article, make_section
from tests.related.conftest import paragraphs
from tests.related.texts import ECONOMY, STORY, edited

pytestmark = pytest.mark.django_db


def found(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    titles = re.findall(r'<h2 class="card-title"><a [^>]*>(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", t) for t in titles], html


@pytest.fixture
def world(home, publish_commits):
    section = publish_commits(make_section, home, "العالم")

    def story(title, text, **fields):
        return publish_commits(
            make_article, section, title, body=paragraphs(text), **fields
        )

    return {
        "putin": story("لقاء في الكرملين", "استقبل فلاديمير بوتين وفداً أمس."),
        "visit": story("زيارة رسمية", "وصل فلاديمير بوتين في زيارة تستمر يومين."),
        # Newer, and as close to the query's other word.
        "other_visit": story(
            "زيارة رسمية", "وصل وزير الزراعة في زيارة تستمر يومين.", slug="visit-2"
        ),
        "original": story("حملة تلقيح ضد النزلة", STORY),
        "copy": story("عاجل: الصحة تدعو إلى التلقيح", edited(STORY)),
        "economy": story(*ECONOMY[0]),
    }


def test_any_spelling_of_an_entity_finds_its_stories(client, world):
    putin = {world["putin"].url, world["visit"].url}
    for query in ("Putin", "بوتن"):
        html = client.get("/search/", {"q": query}).content.decode()
        links = re.findall(r'<h2 class="card-title"><a href="([^"]*)"', html)
        assert set(links) == putin, query


def test_a_named_entity_ranks_its_stories_above_shared_words(client, world):
    html = client.get("/search/", {"q": "زيارة بوتن"}).content.decode()
    links = re.findall(r'<h2 class="card-title"><a href="([^"]*)"', html)
    visits = [
        link for link in links if link in (world["visit"].url, world["other_visit"].url)
    ]
    assert visits == [world["visit"].url, world["other_visit"].url]


def test_copies_of_one_wire_story_are_one_result(client, world, settings):
    titles, html = found(client, "التلقيح ضد النزلة الموسمية")
    copies = {"حملة تلقيح ضد النزلة", "عاجل: الصحة تدعو إلى التلقيح"}
    assert len(copies & set(titles)) == 1
    assert "نتيجة واحدة" in html or "١ نتيجة" in html or len(titles) == 1
