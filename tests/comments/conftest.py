"""Fixtures of the comments tests: an article to comment on and a clean cache."""

import copy

import pytest
from django.core.cache import caches

from akhbar.testing.rows import rows_fixture
from tests.news.factories import ensure_home, make_article, make_section


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and rendered fragments live in caches; each test
    # starts with none.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


def build_article():
    section = make_section(ensure_home(), "أخبار سياسية")
    article = make_article(section, "الحكومة تعلن خطة جديدة للنقل العام")
    return {"section": section, "article": article}


# A section and an article, published once for the tests of a module.
article_rows = rows_fixture(build_article)


@pytest.fixture
def article_copies(article_rows, db):
    return copy.deepcopy(article_rows)


@pytest.fixture
def section(article_copies):
    return article_copies["section"]


@pytest.fixture
def article(article_copies):
    return article_copies["article"]
