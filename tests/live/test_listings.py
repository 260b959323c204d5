"""A live story beside the articles: the home page and its section's page
(«مباشر» while open), the site's and section's feeds, the sitemaps, search."""

import datetime

import lxml.html
import pytest
from django.utils import timezone

from akhbar.news.feeds import section_feed_path
from akhbar.search import services as search_services
from tests.live.factories import make_entry, make_story
from tests.news.factories import make_article, make_section, publish

pytestmark = pytest.mark.django_db

ENTRY_WORDS = "فرق الإنقاذ تنتشل ناجين من تحت الأنقاض"


@pytest.fixture
def story(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(section, "تغطية مباشرة لزلزال الشمال")
    make_entry(story, ENTRY_WORDS)
    return story


def live_items(client, url):
    root = lxml.html.fromstring(client.get(url).content.decode())
    return {
        li.xpath(".//a")[0].get("href"): bool(
            li.xpath(".//*[contains(@class, 'live-badge-open')]")
        )
        for li in root.xpath("//section[contains(@class, 'live-now')]//li")
    }


def test_section_and_home_pages_list_it_with_a_badge_while_open(client, section, story):
    other = make_section(section.get_parent(), "رياضة")
    assert live_items(client, section.url) == {story.url: True}
    assert live_items(client, other.url) == {}
    home = section.get_parent()
    assert live_items(client, home.url) == {story.url: True}
    assert "مباشر" in client.get(section.url).content.decode()

    story.coverage_end = timezone.now() - datetime.timedelta(minutes=1)
    publish(story)
    assert live_items(client, section.url) == {story.url: False}  # Archived.
    assert live_items(client, home.url) == {}


def test_site_and_section_feeds_carry_it_newest_first(client, section, story):
    older = make_article(
        section,
        "خبر أقدم من التغطية",
        published=timezone.now() - datetime.timedelta(hours=3),
    )
    for url in (
        "/feed/",
        "/feed/atom/",
        "/feed/section/%s/" % section_feed_path(section),
    ):
        body = client.get(url).content.decode()
        assert story.url in body, url
        assert body.index(story.url) < body.index(older.url)
        assert "آخر التطورات لحظة بلحظة" in body  # Its standfirst.
    tagged = make_article(section, "خبر موسوم", tags=["زلزال"])
    assert (
        story.url
        not in client.get("/feed/tag/%s/" % tagged.tags.first().slug).content.decode()
    )


def test_sitemaps_list_it(client, story):
    assert story.url in client.get("/sitemap-pages.xml").content.decode()
    news = client.get("/sitemap-news.xml").content.decode()
    assert story.url in news and "تغطية مباشرة لزلزال الشمال" in news


def test_search_finds_it_by_its_title_and_its_entries(client, story):
    def found(query):
        response = client.get("/api/v1/search", {"q": query})
        return [result["title"] for result in response.json()["results"]]

    # Indexed when published (the fixture ran the publish's on-commit work).
    assert story.title in found("زلزال الشمال")
    # Entries posted since are indexed with the story's next publish, or a rebuild.
    search_services.search_index_rebuild()
    assert story.title in found("الإنقاذ")
    story.unpublish()
    search_services.search_article_update(page=story)
    assert story.title not in found("زلزال الشمال")
