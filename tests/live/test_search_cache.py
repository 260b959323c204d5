"""A live entry updates its story's search document without clearing every
cached search: a busy live page posts an entry every few seconds.

A new entry posted straight to readers leaves cached searches alone (a search
cached before it may miss the new words for at most AKHBAR_SEARCH_CACHE_SECONDS);
an edit or a deletion takes words away that a cached result's snippet may show,
so it clears them (and so does a draft's approval: test_listings.py).
"""

import time

import pytest

from akhbar.live import services
from akhbar.live.text import paragraph_blocks
from akhbar.search.selectors import search_articles
from tests.live.factories import make_entry, make_story
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db

UNRELATED = "محطة تحلية المياه في الساحل الجنوبي"
NEW_WORDS = "زلزال بقوة ست درجات يضرب الجزيرة"


@pytest.fixture
def stories(section, publish_commits):
    story = publish_commits(make_story, section, "تغطية مباشرة للانتخابات البلدية")
    article = publish_commits(
        make_article,
        section,
        UNRELATED,
        body=[{"type": "paragraph", "value": "<p>%s</p>" % UNRELATED}],
    )
    return story, article


def found_ids(text):
    return [item["id"] for item in search_articles(text=text).items]


def test_a_live_entry_keeps_an_unrelated_cached_search(
    stories, publish_commits, django_assert_num_queries
):
    """An unrelated search cached before the entry is served from the cache
    after it, without a query."""
    story, article = stories
    assert found_ids("تحلية المياه") == [article.pk]
    publish_commits(make_entry, story, NEW_WORDS)
    with django_assert_num_queries(0):
        assert found_ids("تحلية المياه") == [article.pk]


def test_a_live_entry_is_found_by_its_new_words(stories, publish_commits):
    """A search for the entry's words finds its story once it is posted."""
    story, _ = stories
    publish_commits(make_entry, story, NEW_WORDS)
    assert found_ids("زلزال الجزيرة") == [story.pk]


def test_a_search_cached_before_the_entry_finds_it_within_the_bound(
    stories, publish_commits, settings
):
    """A search for the new words cached before they were posted finds the
    story once its cached answer expires (AKHBAR_SEARCH_CACHE_SECONDS)."""
    settings.AKHBAR_SEARCH_CACHE_SECONDS = 1
    story, _ = stories
    assert found_ids("زلزال الجزيرة") == []
    publish_commits(make_entry, story, NEW_WORDS)
    time.sleep(1.2)
    assert found_ids("زلزال الجزيرة") == [story.pk]


def test_a_deleted_entry_leaves_cached_searches_at_once(stories, publish_commits):
    """Deleting an entry takes its words out of cached results at once: a
    cached snippet must not keep showing what the newsroom took down."""
    story, _ = stories
    entry = publish_commits(make_entry, story, NEW_WORDS)
    assert found_ids("زلزال الجزيرة") == [story.pk]
    publish_commits(services.entry_delete, entry=entry)
    assert found_ids("زلزال الجزيرة") == []


def test_an_edited_entry_is_searched_by_its_new_text_at_once(stories, publish_commits):
    """An edit changes cached results at once (old words out, new words in)."""
    story, _ = stories
    entry = publish_commits(make_entry, story, NEW_WORDS)
    assert found_ids("زلزال الجزيرة") == [story.pk]
    entry.body = paragraph_blocks("انهيار جسر المدينة القديمة")
    publish_commits(services.entry_save, entry=entry)
    assert found_ids("زلزال الجزيرة") == []
