"""Events queue deliveries; the scheduler's job posts them, signed, to a real
receiver, and retries failures on the backoff schedule."""

import datetime
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from akhbar.comments import services as comments
from akhbar.core import jobs
from akhbar.core.urls import base_url
from akhbar.news.models import ArticlePage
from akhbar.webhooks.models import Delivery, Endpoint, Event
from akhbar.webhooks.services import deliveries_send_due
from akhbar.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_signature,
)
from tests.news.factories import make_article
from tests.newsroom.admin_forms import article_form

pytestmark = pytest.mark.django_db

TITLE = "الحكومة تقر موازنة العام الجديد"


def _publish_in_admin(client, section, title=TITLE, page=None):
    """Publish through the article editor, as an Editor does; the transaction's
    on-commit work runs as a real commit would."""
    if page is None:
        url = reverse(
            "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
        )
    else:
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(url, article_form(title, **{"action-publish": "1"}))
    assert response.status_code == 302
    return ArticlePage.objects.get(title=title)


def _payload(received):
    return json.loads(received.body.decode("utf-8"))


def _header(received, name):
    return {k.lower(): v for k, v in received.headers.items()}[name.lower()]


def test_a_publish_reaches_the_receiver_once_signed(
    client, section, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    """Publishing in the admin queues one delivery and makes no request; the
    scheduler's job posts it once, signed with the endpoint's secret."""
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        article = _publish_in_admin(client, section)

    delivery = Delivery.objects.get()
    assert delivery.event == Event.ARTICLE_PUBLISHED
    assert delivery.status == Delivery.Status.PENDING
    assert receiver.requests == []

    assert "webhooks" in [job.name for job in jobs.registered()]
    jobs.run_due(timezone.now())
    jobs.run_due(timezone.now() + datetime.timedelta(hours=1))

    assert len(receiver.requests) == 1
    received = receiver.requests[0]
    assert received.path == "/hooks/akhbar"
    assert verify_signature(
        secret=endpoint.secret,
        body=received.body,
        timestamp=_header(received, TIMESTAMP_HEADER),
        signature=_header(received, SIGNATURE_HEADER),
    )
    assert not verify_signature(
        secret=endpoint.secret,
        body=received.body.replace(b"}", b" }", 1),
        timestamp=_header(received, TIMESTAMP_HEADER),
        signature=_header(received, SIGNATURE_HEADER),
    )
    assert _header(received, DELIVERY_HEADER) == str(delivery.pk)
    assert _header(received, EVENT_HEADER) == "article.published"
    payload = _payload(received)
    assert payload["event"] == "article.published"
    assert payload["article"]["id"] == article.pk
    assert payload["article"]["title"] == TITLE
    assert payload["article"]["url"].startswith(base_url() + "/")
    assert payload["article"]["section"]["title"] == section.title
    assert payload["article"]["published_at"]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200


def test_republish_and_unpublish_send_their_events(
    client, section, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    """A published article published again is an update; unpublishing it, and
    publishing it once more after that, send their own events."""
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        article = _publish_in_admin(client, section)
    with django_capture_on_commit_callbacks(execute=True):
        _publish_in_admin(client, section, page=article)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:unpublish", args=(article.pk,))
        )
        assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        _publish_in_admin(client, section, page=article)

    deliveries_send_due(timezone.now())
    events = [_payload(received)["event"] for received in receiver.requests]
    assert sorted(events) == sorted(
        [
            "article.published",
            "article.updated",
            "article.unpublished",
            "article.published",
        ]
    )
    assert {_payload(r)["article"]["id"] for r in receiver.requests} == {article.pk}


def test_comment_approval_sends_its_event_without_private_data(
    section, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    """A moderator's approval queues ``comment.approved``; the payload names
    the commenter as the page does, never their e-mail or address."""
    article = make_article(section, "خبر للتعليق عليه")
    comment = comments.comment_create(
        article=article,
        author_name="قارئ من عمّان",
        author_email="reader-secret@example.org",
        body="تعليق مفيد على الخبر.",
        ip_address="203.0.113.77",
        status="pending",
        check_spam=False,
    )
    assert not Delivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_approve(comment=comment, by=editor)

    deliveries_send_due(timezone.now())
    assert len(receiver.requests) == 1
    received = receiver.requests[0]
    payload = _payload(received)
    assert payload["event"] == "comment.approved"
    assert payload["comment"]["id"] == comment.pk
    assert payload["comment"]["author_name"] == "قارئ من عمّان"
    assert payload["comment"]["url"].endswith("#comment-%d" % comment.pk)
    assert payload["article"]["id"] == article.pk
    assert b"reader-secret" not in received.body
    assert b"203.0.113.77" not in received.body


def test_only_active_endpoints_that_chose_the_event_get_it(
    section, endpoint, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    Endpoint.objects.create(name="متوقف", url=receiver.url, active=False)
    Endpoint.objects.create(
        name="التحديثات فقط", url=receiver.url, on_article_published=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_article(section)
    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [endpoint.pk]


@override_settings(AKHBAR_WEBHOOKS_MAX_ATTEMPTS=3, AKHBAR_WEBHOOKS_RETRY_SECONDS=60)
def test_a_failing_receiver_is_retried_with_backoff_then_marked_failed(
    client, section, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    """Answers of 500 are retried after 60 s, then 120 s (each stretched by at
    most a quarter), then the delivery is failed, as the admin's log shows."""
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        make_article(section, TITLE)
    delivery = Delivery.objects.get()
    first = delivery.next_attempt_at

    assert deliveries_send_due(first) is not None
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (1, 500)
    wait = (delivery.next_attempt_at - first).total_seconds()
    assert 60 <= wait <= 75

    deliveries_send_due(first + datetime.timedelta(seconds=59))
    assert len(receiver.requests) == 1

    second = delivery.next_attempt_at
    deliveries_send_due(second)
    delivery.refresh_from_db()
    assert len(receiver.requests) == 2
    wait = (delivery.next_attempt_at - second).total_seconds()
    assert 120 <= wait <= 150

    assert deliveries_send_due(delivery.next_attempt_at) is None
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert delivery.next_attempt_at is None
    deliveries_send_due(first + datetime.timedelta(days=1))
    assert len(receiver.requests) == 3
    # Every retry carries the same delivery id, for receivers that deduplicate.
    assert {_header(r, DELIVERY_HEADER) for r in receiver.requests} == {
        str(delivery.pk)
    }

    client.force_login(editor)
    response = client.get(reverse("webhook_deliveries:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(Delivery.Status.FAILED.label) in html
    assert "500" in html
    assert endpoint.name in html


@override_settings(AKHBAR_WEBHOOKS_TIMEOUT=0.5)
def test_a_hanging_receiver_does_not_hold_up_publishing(
    client, section, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    """Publishing only writes the delivery row: no request is made until the
    job runs, and the job gives up on a receiver that does not answer."""
    receiver.hang = True
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        article = _publish_in_admin(client, section)
    assert article.live
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 0
    assert receiver.requests == []

    now = timezone.now()
    deliveries_send_due(now)
    assert receiver.arrived.is_set()
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.last_status_code is None
    assert delivery.last_error
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at > now
