"""Reads of the news tree: listings, breaking news, caches that follow publishing."""

import datetime

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from akhbar.news import selectors
from tests.news.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def test_newest_in_section_is_same_section_newest_first_without_self(home):
    politics, sport = make_section(home, "سياسة"), make_section(home, "رياضة")
    old = make_article(politics, "قديم", published=ago(days=3))
    new = make_article(politics, "جديد", published=ago(days=1))
    make_article(sport, "رياضي", published=ago(hours=1))
    article = make_article(politics, "الخبر", published=ago(days=2))
    related = selectors.newest_in_section(article)
    assert [a.title for a in related] == ["جديد", "قديم"]
    assert related[0].section.pk == politics.pk
    assert old in related and new in related


def test_breaking_news_hides_expired_and_unpublished(home):
    section = make_section(home, "عاجل")
    live = make_article(section, "حي", is_breaking=True, breaking_until=None)
    soon = make_article(
        section,
        "ينتهي قريباً",
        is_breaking=True,
        breaking_until=timezone.now() + datetime.timedelta(minutes=10),
    )
    assert {a.pk for a in selectors.breaking_news(home)} == {live.pk, soon.pk}
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert [a.pk for a in selectors.breaking_news(home, now=later)] == [live.pk]
    live.unpublish()
    assert [a.pk for a in selectors.breaking_news(home)] == [soon.pk]


def test_home_blocks_take_the_newest_per_top_section_including_subsections(home):
    politics = make_section(home, "سياسة")
    local = make_section(politics, "محلي")
    economy = make_section(home, "اقتصاد")
    for day in range(6):
        make_article(politics, "سياسة %d" % day, published=ago(days=day + 1))
    make_article(local, "محلي حديث", published=ago(hours=1))
    make_article(economy, "اقتصاد", published=ago(days=9))
    blocks = selectors.home_page_blocks(home, per_section=4)
    by_title = {
        b["section"].title: [a.title for a in b["articles"]]
        for b in blocks["section_blocks"]
    }
    assert by_title["سياسة"] == ["محلي حديث", "سياسة 0", "سياسة 1", "سياسة 2"]
    assert by_title["اقتصاد"] == ["اقتصاد"]
    assert blocks["lead"].title == "محلي حديث"
    assert [b["section"].title for b in blocks["section_blocks"]] == ["سياسة", "اقتصاد"]


def test_lead_story_prefers_the_flagged_article(home):
    section = make_section(home, "سياسة")
    flagged = make_article(section, "رئيسي", is_lead=True, published=ago(days=2))
    make_article(section, "أحدث", published=ago(hours=1))
    assert selectors.lead_story(home).pk == flagged.pk


def test_section_map_follows_publishing(home):
    section = make_section(home, "ثقافة")
    assert section.path in selectors.sections_by_path()
    section.unpublish()
    assert section.path not in selectors.sections_by_path()


@pytest.mark.parametrize(
    "raw,expected", [("3", 3), ("0", 1), ("-2", 1), ("x", 1), (None, 1)]
)
def test_page_number_is_always_a_positive_integer(raw, expected):
    request = RequestFactory().get("/", {"page": raw} if raw is not None else {})
    assert selectors.page_number(request) == expected


@pytest.mark.redis
def test_tree_version_and_pages_work_on_a_real_redis_cache(home, client, redis_url):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        },
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "transient": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        section = make_section(home, "رياضة")
        first = selectors.news_generation()
        article = make_article(section, "مباراة اليوم")
        # A new number (inside the test's transaction, its own: versions).
        assert selectors.news_generation() != first
        assert "مباراة اليوم" in client.get("/").content.decode()
        article.unpublish()
        assert "مباراة اليوم" not in client.get("/").content.decode()
        cache.clear()


def test_article_lookup_is_cached_until_the_tree_changes(
    home, client, django_assert_num_queries
):
    section = make_section(home, "اقتصاد")
    article = make_article(section, "الأسواق تفتتح على ارتفاع")
    args = (article.url_path,)
    found = selectors.article_by_url_path(*args, slug=article.slug)
    assert found.pk == article.pk
    with django_assert_num_queries(0):
        again = selectors.article_by_url_path(*args, slug=article.slug)
    # Each caller gets its own copy: nothing one request sets leaks to another.
    assert again.pk == article.pk and again is not found
    assert selectors.article_by_url_path("/nope/x/", slug="x") is None
    with django_assert_num_queries(0):
        assert selectors.article_by_url_path("/nope/x/", slug="x") is None

    article.title = "الأسواق تغلق على انخفاض"
    article.save_revision().publish()
    assert "تغلق على انخفاض" in client.get(article.url).content.decode()
    article.refresh_from_db()
    article.unpublish()
    assert selectors.article_by_url_path(*args, slug=article.slug) is None
    assert client.get(article.url).status_code == 404


def test_other_apps_add_to_every_card_through_the_registry(home, monkeypatch):
    """News imports none of them: comments registers its count when it is ready."""
    from django.db.models import IntegerField, Value

    monkeypatch.setattr(selectors, "_card_annotations", {**selectors._card_annotations})
    selectors.register_card_annotation(
        "shares", lambda: Value(3, output_field=IntegerField())
    )
    make_article(make_section(home, "ثقافة"), "معرض الكتاب يفتح أبوابه")
    [card] = selectors.card_queryset()
    assert card.shares == 3
    assert card.comment_count == 0
