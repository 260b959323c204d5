"""Outboxes: rows of work that a periodic job hands to another system (a
webhook endpoint, a WebSub hub), each retried after a growing delay until it
goes through or runs out of attempts.

What the outboxes share lives here: which rows are due, how long a failed one
waits, and when it is given up. Each outbox keeps its own model, its own
request and what it does with a row that went through or was given up
(``akhbar.webhooks.services`` keeps the row as a log, ``akhbar.news.websub``
deletes it). The rows are claimed by the job that reads them: the scheduler
runs the jobs under its lock (``akhbar.core.jobs``), one process at a time, so
no lease is taken on a row.
"""

import dataclasses
import datetime
import random


def backoff(
    attempts: int, *, first: float, longest: float, jitter: float = 0.0
) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt: ``first`` seconds
    doubled after each failure, stretched at random by up to ``jitter`` (a
    fraction: rows that failed together are then not all retried in the same
    second), at most ``longest`` seconds."""
    wait = first * 2 ** (attempts - 1)
    if jitter:
        wait *= 1 + random.uniform(0, jitter)  # noqa: S311 - not a secret
    return min(datetime.timedelta(seconds=wait), datetime.timedelta(seconds=longest))


def retry_at(
    *,
    attempts: int,
    max_attempts: int,
    now: datetime.datetime,
    first: float,
    longest: float,
    jitter: float = 0.0,
) -> datetime.datetime | None:
    """When a row that has now failed ``attempts`` times is tried again
    (``backoff`` after ``now``), or None: that was its last allowed attempt."""
    if attempts >= max_attempts:
        return None
    return now + backoff(attempts, first=first, longest=longest, jitter=jitter)


@dataclasses.dataclass
class Due:
    """The rows of an outbox due at a job's run (``due``, at most a batch),
    and the earliest waiting ones, due or not (``earliest``)."""

    rows: list
    earliest: list
    batch: int
    field: str

    @property
    def full(self) -> bool:
        """A whole batch was due: more may be waiting, so run again at once."""
        return len(self.rows) == self.batch

    def next_run(self, now: datetime.datetime) -> datetime.datetime | None:
        """When the job should run again, once the due rows have been handled
        and their times updated in place (None where a row is done): now after
        a full batch, else the earliest time among the rows read."""
        if self.full:
            return now
        waiting = [getattr(row, self.field) for row in self.earliest]
        return min((when for when in waiting if when is not None), default=None)


def due(queryset, *, field: str, now: datetime.datetime, batch: int) -> Due:
    """The rows of ``queryset`` whose ``field`` (when each is next tried) has
    come at ``now``, oldest first, at most ``batch``; in one query, which
    reads one more row than a batch so that ``Due.next_run`` knows the wait
    when nothing is due."""
    earliest = list(queryset.order_by(field, "pk")[: batch + 1])
    rows = [row for row in earliest if getattr(row, field) <= now][:batch]
    return Due(rows=rows, earliest=earliest, batch=batch, field=field)
