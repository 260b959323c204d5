"""The outboxes' shared rules (akhbar.core.outbox): which rows are due, how long
a failed one waits, when it is given up."""

import datetime

import pytest
from django.utils import timezone

from akhbar.core import outbox
from akhbar.news.models import WebSubPing

SECOND = datetime.timedelta(seconds=1)


def test_backoff_doubles_from_the_first_wait_up_to_the_longest():
    waits = [outbox.backoff(n, first=30, longest=3600) for n in range(1, 10)]
    assert [w.total_seconds() for w in waits] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600
    ]  # fmt: skip


def test_jitter_stretches_each_wait_by_at_most_its_fraction():
    waits = {outbox.backoff(2, first=60, longest=10**6, jitter=0.25) for _ in range(50)}
    assert all(120 * SECOND <= wait <= 150 * SECOND for wait in waits)
    assert len(waits) > 1, "the waits were never spread"


def test_a_row_is_given_up_after_its_last_attempt():
    now = timezone.now()
    rule = {"max_attempts": 3, "now": now, "first": 10, "longest": 100}
    assert outbox.retry_at(attempts=1, **rule) == now + 10 * SECOND
    assert outbox.retry_at(attempts=2, **rule) == now + 20 * SECOND
    assert outbox.retry_at(attempts=3, **rule) is None


@pytest.mark.django_db
def test_due_reads_the_due_rows_oldest_first_and_knows_the_next_wait():
    now = timezone.now()
    for minutes in (3, -1, -5, -2):
        WebSubPing.objects.create(
            topic="https://example.org/feed/%d/" % minutes,
            queued_at=now,
            due_at=now + datetime.timedelta(minutes=minutes),
        )
    due = outbox.due(WebSubPing.objects.all(), field="due_at", now=now, batch=2)
    assert [row.topic[-3:] for row in due.rows] == ["-5/", "-2/"]
    assert due.full and due.next_run(now) == now

    due = outbox.due(WebSubPing.objects.all(), field="due_at", now=now, batch=5)
    assert len(due.rows) == 3 and not due.full
    for row in due.rows:  # As an outbox does with the rows it sent.
        row.due_at = None
    assert due.next_run(now) == now + datetime.timedelta(minutes=3)
