"""Queue deliveries on events, and send the due ones from the scheduler's job.

Publishing and moderation only insert rows (``deliveries_enqueue``); the HTTP
requests are made by ``deliveries_send_due``, which the one active scheduler
calls on each tick (``akhbar.core.jobs``), so a slow or failing endpoint never
slows an editor down.
"""

import concurrent.futures
import contextlib
import contextvars
import datetime
import json
import time

from django.conf import settings
from django.utils import timezone

from akhbar.core import outbox

from . import signing, transport
from .models import EVENT_FIELDS, Delivery, Endpoint, Event

# Deliveries sent per tick, all at once (one thread each): a tick then lasts at
# most about AKHBAR_WEBHOOKS_TIMEOUT, however many endpoints hang, and the
# scheduler's scheduled publishing waits no longer than that.
BATCH_SIZE = 8
# The longest wait between two attempts, whatever the backoff reaches.
MAX_RETRY_DELAY = datetime.timedelta(hours=6)
# Each wait is stretched by up to this fraction at random, so that endpoints
# that failed together are not all retried in the same second.
JITTER = 0.25


# True while a bulk import runs in this thread (``article_events_held``).
_held = contextvars.ContextVar("akhbar_webhooks_article_events_held", default=False)


@contextlib.contextmanager
def article_events_held():
    """Queue no per-article event while the block runs: a bulk import of a
    site's history (10,000 posts would be 10,000 deliveries to each endpoint)
    reports once, with ``import_completed``, instead."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def article_events_are_held() -> bool:
    return _held.get()


def import_completed(*, source: str, counts: dict, errors: int) -> int:
    """Queue one ``import.completed`` event: what an import wrote, counted by
    kind (``{"articles": {"created": 10, ...}, ...}``), and how many objects it
    could not; return how many deliveries were queued."""
    return deliveries_enqueue(
        event=Event.IMPORT_COMPLETED,
        payload={
            "event": Event.IMPORT_COMPLETED.value,
            "occurred_at": timezone.now().isoformat(),
            "import": {"source": source, "counts": counts, "errors": errors},
        },
    )


def endpoints_for(event: str):
    """The active endpoints that receive ``event``."""
    return Endpoint.objects.filter(active=True, **{EVENT_FIELDS[event]: True})


def deliveries_enqueue(*, event: str, payload: dict, now=None) -> int:
    """Queue ``payload`` for each active endpoint that receives ``event``; return
    how many deliveries were queued. Makes no HTTP request."""
    now = now or timezone.now()
    rows = [
        Delivery(endpoint=endpoint, event=event, payload=payload, next_attempt_at=now)
        for endpoint in endpoints_for(event).only("pk")
    ]
    Delivery.objects.bulk_create(rows)
    return len(rows)


def _backoff() -> dict:
    # After the n-th failure a delivery waits AKHBAR_WEBHOOKS_RETRY_SECONDS
    # doubled n - 1 times, stretched by up to JITTER, at most MAX_RETRY_DELAY.
    return {
        "first": settings.AKHBAR_WEBHOOKS_RETRY_SECONDS,
        "longest": MAX_RETRY_DELAY.total_seconds(),
        "jitter": JITTER,
    }


def delivery_body(delivery: Delivery) -> bytes:
    """The bytes posted (and signed): the payload as compact UTF-8 JSON."""
    return json.dumps(
        delivery.payload, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def _post(delivery: Delivery) -> transport.Result:
    # Runs in a worker thread: no database access here.
    body = delivery_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        signing.TIMESTAMP_HEADER: timestamp,
        signing.SIGNATURE_HEADER: signing.sign(
            delivery.endpoint.secret, timestamp, body
        ),
        signing.DELIVERY_HEADER: str(delivery.pk),
        signing.EVENT_HEADER: delivery.event,
    }
    return transport.post(
        delivery.endpoint.url,
        body,
        headers,
        timeout=settings.AKHBAR_WEBHOOKS_TIMEOUT,
    )


def delivery_record(
    *, delivery: Delivery, result: transport.Result, now: datetime.datetime
) -> Delivery:
    """Store the outcome of one attempt: delivered on a 2xx answer; otherwise
    retried after a growing wait (``_backoff``), or failed after the last
    allowed attempt."""
    delivery.attempts += 1
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error[:300]
    if result.ok:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = outbox.retry_at(
            attempts=delivery.attempts,
            max_attempts=settings.AKHBAR_WEBHOOKS_MAX_ATTEMPTS,
            now=now,
            **_backoff(),
        )
        if delivery.next_attempt_at is None:
            delivery.status = Delivery.Status.FAILED
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def deliveries_send_due(now: datetime.datetime) -> datetime.datetime | None:
    """Send the deliveries due at ``now``; return when the next one is due.

    The periodic job (``akhbar.core.jobs``): the scheduler calls it on each
    tick under its lock, so one process sends at a time. One query per tick
    when nothing is due: the earliest pending deliveries, due or not.
    """
    due = outbox.due(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, endpoint__active=True
        ).select_related("endpoint"),
        field="next_attempt_at",
        now=now,
        batch=BATCH_SIZE,
    )
    if due.rows:
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(due.rows)) as pool:
            results = list(pool.map(_post, due.rows))
        for delivery, result in zip(due.rows, results, strict=True):
            delivery_record(delivery=delivery, result=result, now=now)
    # Those sent have moved on; what waits next is among the rest or a retry.
    return due.next_run(now)


def endpoint_ping(*, endpoint: Endpoint, now=None) -> Delivery:
    """Post a signed ``ping`` event to ``endpoint`` now, through the code every
    delivery goes through, and log it; return the delivery with the answer.

    The admin's "send test": the editor waits for this one request (at most
    AKHBAR_WEBHOOKS_TIMEOUT). A failed test is not retried.
    """
    now = now or timezone.now()
    # Never pending, so the scheduler's job does not send it a second time.
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=Event.PING,
        payload={
            "event": Event.PING.value,
            "occurred_at": now.isoformat(),
            "endpoint": {"id": endpoint.pk, "name": endpoint.name},
        },
        status=Delivery.Status.FAILED,
    )
    delivery_record(delivery=delivery, result=_post(delivery), now=now)
    if delivery.next_attempt_at is not None:
        delivery.next_attempt_at = None
        delivery.save(update_fields=["next_attempt_at"])
    return delivery


def publish_event(article) -> str:
    """``article.updated`` when the article was live just before this publish,
    else ``article.published`` (a first publish, or one after an unpublish).

    Read from Wagtail's log of the page, before the publish being made is
    logged (Wagtail logs it after sending ``page_published``).
    """
    from wagtail.models import PageLogEntry

    last = (
        PageLogEntry.objects.filter(
            page_id=article.pk,
            action__in=[
                "wagtail.publish",
                "wagtail.publish.scheduled",
                "wagtail.unpublish",
                "wagtail.unpublish.scheduled",
            ],
        )
        .order_by("-timestamp", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    if last is not None and last.startswith("wagtail.publish"):
        return Event.ARTICLE_UPDATED
    return Event.ARTICLE_PUBLISHED
