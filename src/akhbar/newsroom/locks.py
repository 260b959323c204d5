"""Locks that keep one publishing scheduler active among many processes.

Every scheduler process tries the lock on each loop; the one that holds it works,
the others wait on standby and take over when it stops or dies. The backend is
chosen by ``AKHBAR_SCHEDULER_LOCK`` (a dotted path) or, when that is empty, by the
deployment: Redis when ``REDIS_URL`` is set, a PostgreSQL advisory lock on
PostgreSQL, and a file lock beside the data for the embedded SQLite set-up.
"""

import fcntl
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils.module_loading import import_string

from akhbar.core import versions

logger = logging.getLogger(__name__)


class SchedulerLock:
    """Held by at most one scheduler at a time; never blocks."""

    def acquire(self) -> bool:
        """Take the lock, or confirm it is still held; False when another has it."""
        raise NotImplementedError

    def release(self) -> None:
        """Give the lock up so a standby scheduler can take over at once."""
        raise NotImplementedError


class DummyLock(SchedulerLock):
    """Always held: for tests and for a deployment that runs one scheduler."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        pass

    def __str__(self):
        return "dummy lock"


class FileLock(SchedulerLock):
    """An exclusive ``flock`` on a file: one host, released when the process dies."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.AKHBAR_SCHEDULER_LOCK_FILE)
        self._file = None

    def acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_file = open(self.path, "a+")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock_file.close()
            return False
        # The holder's process id, for an operator wondering which one is active.
        lock_file.truncate(0)
        lock_file.write(f"{os.getpid()}\n")
        lock_file.flush()
        self._file = lock_file
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __str__(self):
        return f"file lock {self.path}"


class PostgresAdvisoryLock(SchedulerLock):
    """A session advisory lock on a connection of its own.

    PostgreSQL frees the lock when that session ends, so a crashed scheduler
    never leaves it behind; the connection is separate from the one the scheduler
    works on, which Django may close between ticks.
    """

    # "akhbar" read as a number: any constant does, the same for every process.
    KEY = 0x616B68626172

    def __init__(self, alias: str = "default", key: int = KEY):
        self.alias = alias
        self.key = key
        self._connection = None
        self._held = False
        self._pid = None

    def acquire(self) -> bool:
        try:
            if self._connection is None:
                self._connection = connections[self.alias].copy()
            with self._connection.cursor() as cursor:
                # Django reconnects silently after a lost connection, and the lock
                # went with the old session: held means the same backend process.
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
                if self._held and pid == self._pid:
                    return True
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                self._held = bool(cursor.fetchone()[0])
                self._pid = pid
                return self._held
        except DatabaseError:
            logger.warning("Scheduler lock connection lost; will retry.")
            self._disconnect()
            return False

    def release(self) -> None:
        if self._connection is not None and self._held:
            try:
                with self._connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
            except DatabaseError:
                pass
        self._disconnect()

    def _disconnect(self) -> None:
        self._held = False
        if self._connection is not None:
            try:
                self._connection.close()
            except DatabaseError:
                pass
            self._connection = None

    def __str__(self):
        return f"PostgreSQL advisory lock {self.key}"


class RedisLock(SchedulerLock):
    """A Redis key with an owner token and a time to live, renewed on every loop.

    The time to live bounds how long a standby waits after the active scheduler
    died without releasing; it must exceed the longest gap between renewals.
    """

    # The same name in every release, so that schedulers of two releases running
    # side by side during a deployment share one lock.
    NAME = versions.key("scheduler")

    def __init__(self, url: str | None = None, name: str = NAME, ttl: float = 10):
        import redis

        self._errors = (redis.exceptions.LockError, redis.exceptions.RedisError)
        self.client = redis.Redis.from_url(url or settings.REDIS_URL)
        self.name = name
        self._lock = self.client.lock(
            name, timeout=ttl, blocking=False, thread_local=False
        )
        self._held = False

    def acquire(self) -> bool:
        try:
            if self._held:
                self._lock.reacquire()
                return True
            self._held = bool(self._lock.acquire(blocking=False))
        except self._errors:
            self._held = False
        return self._held

    def release(self) -> None:
        if self._held:
            try:
                self._lock.release()
            except self._errors:
                pass
        self._held = False

    def __str__(self):
        return f"Redis lock {self.name}"


def scheduler_lock() -> SchedulerLock:
    """The lock this deployment's schedulers share."""
    if settings.AKHBAR_SCHEDULER_LOCK:
        return import_string(settings.AKHBAR_SCHEDULER_LOCK)()
    if settings.REDIS_URL:
        return RedisLock()
    if connections["default"].vendor == "postgresql":
        return PostgresAdvisoryLock()
    return FileLock()
