"""Cache versions on the real cache backends (local memory, files and Redis)
and real transactions that commit or roll back, on SQLite and PostgreSQL."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings

from akhbar.core import versions
from akhbar.core.versions import Version

# A bump inside a transaction waits for its commit: real transactions, which
# commit and roll back, not the test's own.
pytestmark = pytest.mark.django_db(transaction=True)


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


def group_names(version: Version) -> list[str]:
    """A cached read: the names of the groups, under ``version``."""
    key = versions.key("tests", "groups", version.get())
    return cache.get_or_set(
        key, lambda: sorted(Group.objects.values_list("name", flat=True))
    )


def read_elsewhere(function):
    """What ``function`` returns in another thread, with its own connection
    (another request, outside this transaction)."""
    answer = []

    def run():
        try:
            answer.append(function())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return answer[0]


def test_a_bump_is_repeated_once_when_the_transaction_commits(shared_cache):
    """A read elsewhere between the change and its commit keys the old data
    with the version after the first bump: the commit leaves it behind."""
    news = Version("news")
    before = news.get()
    assert group_names(news) == []
    with transaction.atomic():
        Group.objects.create(name="المحررون")
        news.bump()
        news.bump()
        # This transaction sees its change; another request reads the shared
        # version, under which nothing from these rows is cached.
        assert group_names(news) == ["المحررون"]
        assert read_elsewhere(news.get) == before + 2 != news.get()
    # Two bumps now, one on commit for both.
    assert shared_cache.get(news.cache_key) == before + 3
    assert group_names(news) == ["المحررون"]
    assert read_elsewhere(lambda: group_names(news)) == ["المحررون"]


def test_a_rolled_back_transaction_leaves_nothing_it_cached_reachable(shared_cache):
    news = Version("news")
    assert group_names(news) == []
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="المحررون")
        news.bump()
        assert group_names(news) == ["المحررون"]
        raise RuntimeError("rolled back")
    assert not Group.objects.exists()
    assert group_names(news) == []
    assert read_elsewhere(lambda: group_names(news)) == []


def test_a_rolled_back_savepoint_leaves_nothing_it_cached_reachable(shared_cache):
    news = Version("news")
    with transaction.atomic():
        Group.objects.create(name="الكتّاب")
        news.bump()
        assert group_names(news) == ["الكتّاب"]
        with pytest.raises(RuntimeError), transaction.atomic():
            Group.objects.create(name="المحررون")
            news.bump()
            assert group_names(news) == ["الكتّاب", "المحررون"]
            raise RuntimeError("rolled back")
        assert group_names(news) == ["الكتّاب"]
    assert group_names(news) == ["الكتّاب"]
    assert read_elsewhere(lambda: group_names(news)) == ["الكتّاب"]


def test_what_a_transaction_cached_before_its_bump_is_retired_by_it(shared_cache):
    """Rows written, read (and cached), then the bump: a rollback does not
    bring back what was cached from them."""
    news = Version("news")
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="المحررون")
        assert group_names(news) == ["المحررون"]
        news.bump()
        raise RuntimeError("rolled back")
    assert group_names(news) == []


def test_a_request_reads_each_version_once_and_sees_its_own_bumps(shared_cache):
    news, search = Version("news"), Version("search")
    first = news.get()
    with versions.request_scope():
        assert news.get() == first
        shared_cache.incr(news.cache_key)  # Another process publishes.
        assert news.get() == first
        searched = search.get()
        news.bump()  # This request's own change is seen at once.
        assert news.get() == first + 2
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
