"""A live story beside the articles: the home page and its section's page
(«مباشر» while open), the site's and section's feeds, the sitemaps, search."""

import datetime

import lxml.etree
import lxml.html
import pytest
from django.utils import timezone

from akhbar.core.urls import absolute_url
from akhbar.live import services
from akhbar.live.text import paragraph_blocks
from akhbar.news.feeds import section_feed_path
from akhbar.news.sitemaps import SITEMAP_NS
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


def test_news_sitemap_leaves_out_stories_below_an_excluded_section(client, section):
    """A section's exclusion from Google News holds for its live stories, and
    for those of the sections below it, as for its articles."""
    below = make_section(section, "تحقيقات")
    story = make_story(section, "تغطية مباشرة للانتخابات")
    deeper = make_story(below, "تغطية مباشرة للفرز")
    article = make_article(section, "خبر عن الانتخابات")

    def news_urls():
        root = lxml.etree.fromstring(client.get("/sitemap-news.xml").content)
        return {loc.text for loc in root.iter("{%s}loc" % SITEMAP_NS)}

    urls = news_urls()
    assert {absolute_url(p.url) for p in (story, deeper, article)} <= urls
    section.exclude_from_news_sitemap = True
    publish(section)
    urls = news_urls()
    assert absolute_url(story.url) not in urls
    assert absolute_url(deeper.url) not in urls
    assert absolute_url(article.url) not in urls
    # Still in the ordinary sitemap: the exclusion is Google News's only.
    assert story.url in client.get("/sitemap-pages.xml").content.decode()


def found(client, query) -> list[str]:
    """The titles the API's search answers ``query`` with."""
    response = client.get("/api/v1/search", {"q": query})
    return [result["title"] for result in response.json()["results"]]


def site_finds(client, query, story) -> bool:
    """Whether the site's search page links to ``story`` for ``query``."""
    root = lxml.html.fromstring(client.get("/search/", {"q": query}).content)
    return story.url in root.xpath("//main//a/@href")


def test_search_finds_it_by_its_title_and_its_entries(client, story):
    # Indexed when published (the fixture ran the publish's on-commit work).
    assert story.title in found(client, "زلزال الشمال")
    assert story.title in found(client, "الإنقاذ")  # Posted after the publish.
    story.unpublish()
    search_services.search_article_update(page=story)
    assert story.title not in found(client, "زلزال الشمال")


def test_search_follows_new_edited_and_deleted_entries_without_a_publish(
    client, story, contributor, django_capture_on_commit_callbacks
):
    """An entry's words are searchable once it commits, on the API and the
    site; an edit replaces them and a deletion takes them away; a draft's
    words are never found."""

    def committed(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    entry = committed(lambda: make_entry(story, "وصول قافلة المساعدات الطبية"))
    assert story.title in found(client, "قافلة")
    assert site_finds(client, "قافلة", story)

    entry.body = paragraph_blocks("وصول شاحنات الوقود إلى المستشفى")
    committed(lambda: services.entry_save(entry=entry))
    assert story.title in found(client, "شاحنات")
    assert story.title not in found(client, "قافلة")
    assert site_finds(client, "شاحنات", story)
    assert not site_finds(client, "قافلة", story)

    committed(lambda: services.entry_delete(entry=entry))
    assert story.title not in found(client, "شاحنات")
    assert not site_finds(client, "شاحنات", story)
    assert story.title in found(client, "الإنقاذ")  # The other entry stays.

    draft = committed(lambda: make_entry(story, "مسودة عن السدود", by=contributor))
    assert not draft.is_published
    assert story.title not in found(client, "السدود")
    committed(lambda: services.entry_publish(entry=draft))
    assert story.title in found(client, "السدود")


def test_an_entry_rolled_back_leaves_search_as_it_was(
    client, story, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                make_entry(story, "خبر عن الأعاصير لم يكتمل")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert story.title not in found(client, "الأعاصير")
