"""Cache versions: a number per kind of content that every change to it bumps.

A cached value (a rendered fragment, a page of search results, a comment
thread) is stored under a key that holds the versions of what it was computed
from. A change bumps the version, which makes every older key unreachable at
once, in every process, without anything being looked up or deleted::

    NEWS = Version("news")
    key = versions.key("news", "article", NEWS.get(), digest)
    ...
    NEWS.bump()  # after a publish

Versions live in the default cache, which every process shares (a file cache or
Redis). A missing version (never set, evicted, or the cache cleared) starts
again from the clock in microseconds, which is past every number handed out
before it: losing a version can make cached values unreachable, never make a
stale one visible again.

Inside a transaction a bump also gives the transaction's own reads a version
of their own, a negative number no other transaction shares, until it commits
or rolls back: what they cache from its uncommitted rows is never reachable
under a shared number, so a rollback leaves none of it behind.

Every cache key of the project is built with ``key``, so each one reads
"akhbar:<app>:..." and no two modules can build the same key by accident.
"""

import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

PREFIX = "akhbar"

# Versions read in this request, by cache key; None outside ``request_scope``.
_request_versions: ContextVar[dict | None] = ContextVar(
    "akhbar_request_versions", default=None
)


def key(*parts) -> str:
    """The cache key made of ``parts``.

    ``key("search", "results", 12, "ab")`` is ``"akhbar:search:results:12:ab"``.
    The first part names what owns the key, usually an app.
    """
    return ":".join([PREFIX, *map(str, parts)])


@contextmanager
def request_scope():
    """Read each version at most once inside the block (one request).

    A page asks for the same version a dozen times (fragment keys, cached
    reads) and each read of a shared cache costs I/O. A bump inside the block
    is seen by the reads after it.
    """
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def _clock() -> int:
    return time.time_ns() // 1000


class Version:
    """The version of one kind of content, or of one object's (``per``).

    ``Version("news")`` changes with the published tree; ``Version("comments",
    per=article_id)`` with one article's comments.
    """

    def __init__(self, name: str, *, per=None):
        self.name = name
        self.per = per
        parts = (name, "version") if per is None else (name, "version", per)
        self.cache_key = key(*parts)

    def __repr__(self):
        return "<Version %s>" % self.cache_key

    def get(self) -> int:
        """The current version (read once per request inside ``request_scope``);
        inside a transaction that bumped it, that transaction's own number."""
        own = _Pending.number(self.cache_key)
        if own is not None:
            return own
        memo = _request_versions.get()
        if memo is not None:
            value = memo.get(self.cache_key)
            if value is not None:
                return value
        value = cache.get(self.cache_key)
        if value is None:
            fresh = _clock()
            cache.add(self.cache_key, fresh, None)
            # Another process may have started it first; a cache that keeps
            # nothing gives a new number on every read, which is never stale.
            value = cache.get(self.cache_key, fresh)
        if memo is not None:
            memo[self.cache_key] = value
        return value

    def bump(self) -> None:
        """Retire every value cached under the current version: now, and again
        when the current transaction commits.

        The first bump retires what this transaction cached from its own rows
        before it; the second what another request cached in between, from
        the version after the first bump and the database before the commit.
        Until the transaction ends its own reads use a number of their own
        (``_Pending``): this request sees its change at once, and a rollback
        leaves nothing it cached from rows that never were under a shared
        number. Outside a transaction the bump happens once, now. An error of
        the cache in the second bump is logged and does not undo the commit.
        """
        self._bump()
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            pending = _Pending(self, connection)
            transaction.on_commit(pending, robust=True)

    def _bump(self) -> None:
        memo = _request_versions.get()
        if memo is not None:
            memo.pop(self.cache_key, None)
        try:
            cache.incr(self.cache_key)
        except ValueError:
            # Missing: the next read starts again from the clock, past this one.
            pass


class _Pending:
    """A bump waiting for its transaction to commit, with the number the
    transaction's own reads use until then.

    It is pending while Django still holds it among the connection's
    on-commit callbacks: a rollback (of the transaction, or of the savepoint
    it was made in) drops it, and then the shared number serves again. One
    commit bumps each version once, however many times it was bumped.
    """

    # Per connection: cache key -> the bumps not yet committed, oldest first.
    ATTRIBUTE = "akhbar_pending_versions"

    def __init__(self, version: Version, connection):
        self.version = version
        self.connection = connection
        # Negative, so no shared version (the clock, counting up) ever has it.
        self.number = -1 - secrets.randbits(62)
        self.done = False
        waiting = self._waiting(version.cache_key, connection)
        waiting.append(self)

    def __call__(self) -> None:
        if self.done:
            return
        kept = self.connection.__dict__.get(self.ATTRIBUTE, {})
        for pending in kept.pop(self.version.cache_key, []):
            pending.done = True
        self.version._bump()

    @staticmethod
    def _waiting(cache_key: str, connection) -> list:
        """The bumps of ``cache_key`` still pending on ``connection``."""
        kept = connection.__dict__.setdefault(_Pending.ATTRIBUTE, {})
        waiting = kept.setdefault(cache_key, [])
        if waiting:
            callbacks = {id(c[1]) for c in connection.run_on_commit}
            alive = [p for p in waiting if not p.done and id(p) in callbacks]
            waiting[:] = alive if connection.in_atomic_block else []
        return waiting

    @classmethod
    def number(cls, cache_key: str) -> int | None:
        """The number the open transaction's reads of ``cache_key`` use, if
        it bumped it; None otherwise."""
        connection = transaction.get_connection()
        kept = connection.__dict__.get(cls.ATTRIBUTE)
        if not kept or not kept.get(cache_key):
            return None
        waiting = cls._waiting(cache_key, connection)
        return waiting[-1].number if waiting else None
