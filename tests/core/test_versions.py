"""Cache versions on the real cache backends: local memory, files and Redis."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from akhbar.core import versions
from akhbar.core.versions import Version

# A bump registers its second half with the database connection (on commit).
pytestmark = pytest.mark.django_db


def _caches(request, tmp_path) -> dict:
    kind = request.param
    if kind == "locmem":
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif kind == "file":
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    else:
        default = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": request.getfixturevalue("redis_url"),
        }
    return {
        "default": default,
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture(
    params=["locmem", "file", pytest.param("redis", marks=pytest.mark.redis)]
)
def shared_cache(request, tmp_path):
    """The default cache on each real backend, empty at the start and the end."""
    with override_settings(CACHES=_caches(request, tmp_path)):
        cache.clear()
        yield cache
        cache.clear()


def test_a_version_holds_until_bumped_and_every_bump_changes_it(shared_cache):
    news = Version("news")
    first = news.get()
    assert news.get() == first
    news.bump()
    second = news.get()
    assert second > first
    news.bump()
    assert news.get() > second
    assert shared_cache.get(news.cache_key) == news.get()


def test_versions_of_different_objects_are_independent(shared_cache):
    one, two = Version("comments", per=1), Version("comments", per=2)
    before = two.get()
    one.get()
    one.bump()
    assert two.get() == before
    assert one.cache_key == "akhbar:comments:version:1"


def test_an_evicted_version_starts_again_past_every_number_it_had(shared_cache):
    news = Version("news")
    seen = [news.get()]
    for _ in range(5):
        news.bump()
        seen.append(news.get())
    shared_cache.delete(news.cache_key)  # Evicted, or the cache was cleared.
    again = news.get()
    assert again > max(seen)
    assert news.get() == again


def test_a_bump_of_a_missing_version_never_brings_an_old_number_back(shared_cache):
    news = Version("news")
    seen = [news.get()]
    news.bump()
    seen.append(news.get())
    shared_cache.delete(news.cache_key)
    news.bump()  # Nothing to increment: no error, and no number reused.
    assert news.get() > max(seen)


def test_a_bump_is_repeated_when_the_transaction_commits(
    shared_cache, django_capture_on_commit_callbacks
):
    """A read between the change and its commit keys the old data with the
    version after the first bump: the second bump leaves it behind."""
    news = Version("news")
    before = news.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        news.bump()
        during = news.get()
        assert during > before
    assert len(callbacks) == 1
    assert news.get() > during


def test_a_rolled_back_change_keeps_only_its_first_bump(shared_cache):
    news = Version("news")
    before = news.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        news.bump()
        raise RuntimeError("rolled back")
    assert news.get() == before + 1


def test_a_request_reads_each_version_once_and_sees_its_own_bumps(shared_cache):
    news, search = Version("news"), Version("search")
    first = news.get()
    with versions.request_scope():
        assert news.get() == first
        shared_cache.incr(news.cache_key)  # Another process publishes.
        assert news.get() == first
        searched = search.get()
        news.bump()  # This request's own change is seen at once.
        assert news.get() > first + 1
        assert search.get() == searched
    assert news.get() == shared_cache.get(news.cache_key)


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
)
def test_a_cache_that_keeps_nothing_gives_a_new_version_on_every_read():
    news = Version("news")
    first = news.get()
    news.bump()
    assert news.get() > first


def test_every_key_is_built_the_same_way():
    assert versions.key("search", "results", 12, "ab") == "akhbar:search:results:12:ab"
    assert Version("news").cache_key == "akhbar:news:version"
