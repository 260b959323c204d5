"""Fixtures shared by the whole suite."""

import pytest

from akhbar.testing.servers import redis_server


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis server for the session, stopped afterwards."""
    with redis_server() as url:
        yield url


@pytest.fixture
def home(db):
    from tests.news.factories import ensure_home

    return ensure_home()


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with empty caches, as a freshly deployed site does."""
    from django.core.cache import caches

    for alias in ("default", "fragments"):
        caches[alias].clear()
