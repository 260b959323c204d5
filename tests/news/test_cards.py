"""Article cards: each kept under what it shows, so a publish renders only the
cards that changed, and a kept card is the card a fresh render gives."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from akhbar.news import selectors
from tests.news.factories import (
    make_article,
    make_author,
    make_image,
    make_section,
    publish,
)

pytestmark = pytest.mark.django_db

CARD = "akhbar_news/includes/card.html"
NONCE = re.compile(r'nonce="[^"]*"')


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def fill(home, sections=2, per_section=5, name="قسم"):
    made = []
    for number in range(sections):
        section = make_section(home, "%s %d" % (name, number))
        for day in range(per_section):
            made.append(
                make_article(
                    section,
                    "خبر %d من القسم %d" % (day, number),
                    featured_image=make_image() if day % 2 else None,
                    published=ago(days=day + 1, minutes=number),
                )
            )
    return made


def html(response) -> str:
    return NONCE.sub("", response.content.decode())


def cards_rendered(response) -> int:
    return sum(template.name == CARD for template in response.templates)


def test_a_publish_renders_only_the_published_articles_card(home, client):
    """The other cards of the home page are read back, not rendered again."""
    articles = fill(home)
    first = client.get("/")
    assert cards_rendered(first) > 8
    article = articles[0]
    article.title = "عنوان جديد للخبر"
    publish(article)
    second = client.get("/")
    assert "عنوان جديد للخبر" in html(second)
    # The lead story's large card and its small card in the lists.
    assert cards_rendered(second) == 2
    # A publish elsewhere that changes no card shown here: none rendered.
    selectors.news_changed()
    assert cards_rendered(client.get("/")) == 0


def test_kept_cards_give_the_page_a_fresh_render_gives(home, client):
    fill(home)
    fresh = html(client.get("/"))
    selectors.news_changed()
    kept = client.get("/")
    assert cards_rendered(kept) == 0
    assert html(kept) == fresh


def test_a_card_follows_its_section_and_comment_count(home, client):
    """What a card shows from beyond its article's own row makes a new card."""
    articles = fill(home, sections=1)
    client.get("/")
    section = articles[0].get_parent().specific
    section.title = "قسم بعنوان آخر"
    publish(section)
    assert "قسم بعنوان آخر" in html(client.get("/"))


def test_the_home_page_costs_the_same_queries_however_many_articles(home, client):
    """Cold caches and after a publish alike: cards are loaded per list, not
    one by one."""

    def queries_cold():
        client.get("/")  # The new images' renditions are made once.
        for each in caches.all():
            each.clear()
        selectors.forget_cached_reads()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured.captured_queries)

    fill(home, sections=2, per_section=3)
    few = queries_cold()
    fill(home, sections=2, per_section=6, name="باب")
    assert queries_cold() == few


def test_listings_share_the_card_of_the_home_page(home, client):
    """A section page shows the card the home page shows (same template, the
    level aside)."""
    articles = fill(home, sections=1, per_section=3)
    section = articles[0].get_parent().specific
    page = html(client.get(section.url))
    for article in articles:
        assert 'href="%s"' % article.url in page
        assert article.title in page


def test_an_articles_related_cards_are_kept_across_a_publish(home, client):
    """An article's related cards (pages chosen by the related provider) are
    kept like the listings' cards: a publish elsewhere renders none of them
    again, the page is the one a fresh render gives, and a related story's
    new title shows on its card."""
    articles = fill(home, sections=1, per_section=6)
    reader = articles[2]
    fresh = client.get(reader.url)
    assert cards_rendered(fresh) == 4
    selectors.news_changed()
    kept = client.get(reader.url)
    assert cards_rendered(kept) == 0
    assert html(kept) == html(fresh)
    related = articles[0]
    assert related.title in html(kept)
    related.title = "عنوان آخر للخبر المرتبط"
    publish(related)
    changed = client.get(reader.url)
    assert "عنوان آخر للخبر المرتبط" in html(changed)
    assert cards_rendered(changed) == 1


def test_an_articles_bylines_are_read_once_per_render(home, client):
    """The header and the page's metadata both show the bylines: one query."""
    section = make_section(home, "قسم")
    authors = [make_author(home, "سلمى الحداد"), make_author(home, "كريم منصور")]
    article = make_article(section, "خبر بقلمين", authors=authors)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(article.url)
    assert "كريم منصور" in html(page)
    bylines = [
        query
        for query in captured.captured_queries
        if 'FROM "akhbar_news_articleauthor"' in query["sql"]
    ]
    assert len(bylines) == 1
