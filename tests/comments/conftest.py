"""Fixtures of the comments tests: an article to comment on and a clean cache."""

import pytest
from django.core.cache import caches

from tests.news.factories import make_article, make_section


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and rendered fragments live in caches; each test
    # starts with none.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def section(home):
    return make_section(home, "أخبار سياسية")


@pytest.fixture
def article(section):
    return make_article(section, "الحكومة تعلن خطة جديدة للنقل العام")
