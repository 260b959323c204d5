"""The endpoint pages of the admin: the active flag in Arabic, the secret in a
selectable field, and "send test", which posts a signed ping at once."""

import json

import lxml.html
import pytest
from django.urls import reverse

from akhbar.webhooks.models import Delivery, Event
from akhbar.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature

pytestmark = pytest.mark.django_db


def _header(received, name):
    return {k.lower(): v for k, v in received.headers.items()}[name.lower()]


def test_the_list_and_the_endpoint_page_say_active_in_arabic(client, editor, endpoint):
    client.force_login(editor)
    listing = client.get(reverse("webhook_endpoints:index")).content.decode()
    assert "مفعّل" in listing and "True" not in listing
    assert reverse("webhook_endpoints:ping", args=[endpoint.pk]) in listing
    inspect = client.get(reverse("webhook_endpoints:inspect", args=[endpoint.pk]))
    html = lxml.html.fromstring(inspect.content)
    field = html.xpath('//input[@id="webhook-secret"]')[0]
    assert field.get("value") == endpoint.secret and field.get("readonly") is not None
    assert html.xpath('//button[@data-action="w-clipboard#copy"]')
    text = html.text_content()
    assert "نعم" in text and "True" not in text


def test_send_test_posts_a_signed_ping_and_shows_the_answer(
    client, editor, endpoint, receiver
):
    client.force_login(editor)
    url = reverse("webhook_endpoints:ping", args=[endpoint.pk])
    assert client.get(url).status_code == 200
    assert receiver.requests == []  # Looking at the page sends nothing.
    response = client.post(url)
    assert response.status_code == 200
    [received] = receiver.requests
    assert verify_signature(
        secret=endpoint.secret,
        body=received.body,
        timestamp=_header(received, TIMESTAMP_HEADER),
        signature=_header(received, SIGNATURE_HEADER),
    )
    assert json.loads(received.body)["event"] == "ping"
    result = lxml.html.fromstring(response.content).xpath('//*[@id="ping-result"]')
    assert "200" in result[0].text_content()
    delivery = Delivery.objects.get()
    assert (delivery.event, delivery.status) == (Event.PING, Delivery.Status.DELIVERED)

    receiver.status = 503
    response = client.post(url)
    result = lxml.html.fromstring(response.content).xpath('//*[@id="ping-result"]')
    assert "503" in result[0].text_content()
    failed = Delivery.objects.exclude(pk=delivery.pk).get()
    # A failed test is logged, never retried by the job.
    assert failed.status == Delivery.Status.FAILED and failed.next_attempt_at is None


def test_authors_cannot_send_a_test(client, author, endpoint, receiver):
    client.force_login(author)
    response = client.post(reverse("webhook_endpoints:ping", args=[endpoint.pk]))
    assert response.status_code in (302, 403)
    assert receiver.requests == [] and not Delivery.objects.exists()
