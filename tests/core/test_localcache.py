"""The per-process fragments cache is bounded by bytes: unreachable entries
(keyed by an older version) no longer pile up to MAX_ENTRIES in every worker."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from akhbar.core.localcache import LocalCache

PART = "<p>%s</p>" % ("خبر " * 250)  # About 2 KB pickled.
SIZE = len(pickle.dumps(PART, pickle.HIGHEST_PROTOCOL))
SRC = Path(__file__).resolve().parents[2] / "src"


def local(name, **options):
    cache = LocalCache("test-localcache-" + name, {"OPTIONS": options})
    cache.clear()
    return cache


def stored(cache) -> int:
    return sum(map(len, cache._cache.values()))  # noqa: SLF001


def test_past_its_bytes_the_least_recently_used_go_first():
    cache = local("bytes", MAX_BYTES=SIZE * 10, MAX_ENTRIES=5000)
    for n in range(100):
        cache.set("v%d" % n, PART)
        if n == 95:
            cache.get("v89")  # Read: used again, kept.
    assert stored(cache) <= SIZE * 10
    assert len(cache._cache) == 10  # noqa: SLF001
    assert cache.get("v99") == PART
    assert cache.get("v91") == PART
    assert cache.get("v89") == PART
    assert cache.get("v90") is None
    assert cache.get("v0") is None


def test_a_value_larger_than_the_bound_is_not_kept_and_drops_nothing_for_it():
    cache = local("big", MAX_BYTES=SIZE * 3)
    cache.set("small", PART)
    cache.set("huge", "old")
    cache.set("huge", PART * 10)
    assert cache.get("huge") is None  # Not the new value, nor the old one.
    assert cache.get("small") == PART


def test_a_negative_bound_is_refused_by_name():
    with pytest.raises(ImproperlyConfigured, match="MAX_BYTES"):
        local("negative", MAX_BYTES=-1)


def test_without_a_byte_bound_it_is_djangos_cache():
    cache = local("entries", MAX_ENTRIES=30)
    for n in range(100):
        cache.set("v%d" % n, PART)
    assert 0 < len(cache._cache) <= 30  # noqa: SLF001
    assert cache.get("v99") == PART


def test_the_setting_bounds_the_fragments_cache_of_a_process():
    """AKHBAR_FRAGMENT_CACHE_MIB, read by the settings a server runs with; a
    negative one stops the process, naming it."""
    code = (
        "import django; django.setup(); from django.core.cache import caches; "
        "f = caches['fragments']; print(type(f).__name__, f._max_bytes)"
    )
    answers = []
    for value in ("", "2", "-1"):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
            "AKHBAR_FRAGMENT_CACHE_MIB": value,
            "PYTHONPATH": str(SRC),
        }
        if not value:
            del env["AKHBAR_FRAGMENT_CACHE_MIB"]
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True
        )
        if value == "-1":
            assert done.returncode != 0
            assert "AKHBAR_FRAGMENT_CACHE_MIB" in done.stderr, done.stderr
            continue
        assert done.returncode == 0, done.stderr
        answers.append(done.stdout.split())
    assert answers == [["LocalCache", str(8 * 2**20)], ["LocalCache", str(2 * 2**20)]]
