"""Scheduler locks: one active scheduler among many, a standby taking over."""

import threading
import time

import pytest
from django.db import connection
from django.test import override_settings

from akhbar.newsroom.locks import (
    DummyLock,
    FileLock,
    PostgresAdvisoryLock,
    RedisLock,
    scheduler_lock,
)
from akhbar.newsroom.scheduler import Scheduler, SystemClock

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: scripts/test runs the suite on it too.",
)


def _exclusive(first, second):
    assert first.acquire()
    assert first.acquire()  # Held: confirmed, not taken twice.
    assert not second.acquire()
    first.release()
    assert second.acquire()
    assert not first.acquire()
    second.release()


def test_file_lock_is_exclusive(tmp_path):
    path = tmp_path / "scheduler.lock"
    _exclusive(FileLock(path), FileLock(path))


@postgres_only
@pytest.mark.django_db
def test_postgres_advisory_lock_is_exclusive_and_freed_with_its_session():
    first, second = PostgresAdvisoryLock(), PostgresAdvisoryLock()
    _exclusive(first, second)
    assert first.acquire()
    first._connection.close()  # The process died: PostgreSQL frees the lock.
    assert second.acquire()
    assert not first.acquire()  # Reconnected, it finds the lock taken.
    second.release()
    first.release()


@pytest.mark.redis
def test_redis_lock_is_exclusive_and_expires(redis_url):
    _exclusive(RedisLock(redis_url), RedisLock(redis_url))
    first = RedisLock(redis_url, ttl=0.3)
    second = RedisLock(redis_url, ttl=0.3)
    assert first.acquire()
    assert not second.acquire()
    time.sleep(0.5)  # The holder stopped renewing: the key expires.
    assert second.acquire()
    assert not first.acquire()  # It finds out at its next renewal.
    second.release()


@pytest.mark.every_database
def test_the_lock_follows_the_deployment(redis_url):
    with override_settings(AKHBAR_SCHEDULER_LOCK="akhbar.newsroom.locks.DummyLock"):
        assert isinstance(scheduler_lock(), DummyLock)
    with override_settings(AKHBAR_SCHEDULER_LOCK="", REDIS_URL=redis_url):
        assert isinstance(scheduler_lock(), RedisLock)
    with override_settings(AKHBAR_SCHEDULER_LOCK="", REDIS_URL=""):
        expected = (
            PostgresAdvisoryLock if connection.vendor == "postgresql" else FileLock
        )
        assert isinstance(scheduler_lock(), expected)


class _Counting(Scheduler):
    """A scheduler whose work is counting its ticks; the lock logic is real."""

    def __init__(self, **kwargs):
        super().__init__(clock=SystemClock(), poll_seconds=0.05, **kwargs)
        self.ticks = 0

    def tick(self):
        self.ticks += 1
        return 0.05


def test_one_scheduler_works_while_others_stand_by_then_one_takes_over(tmp_path):
    path = tmp_path / "scheduler.lock"
    schedulers = [_Counting(lock=FileLock(path)) for _ in range(3)]
    stops = [threading.Event() for _ in schedulers]
    threads = [
        threading.Thread(target=s.run, args=(stop,))
        for s, stop in zip(schedulers, stops, strict=True)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        active = [s for s in schedulers if s.active]
        assert len(active) == 1
        assert [s.ticks > 0 for s in schedulers].count(True) == 1
        first = schedulers.index(active[0])
        stops[first].set()
        threads[first].join(5)
        time.sleep(0.5)
        now_active = [s for s in schedulers if s.active]
        assert len(now_active) == 1 and now_active[0] is not active[0]
    finally:
        for stop in stops:
            stop.set()
        for thread in threads:
            thread.join(5)
