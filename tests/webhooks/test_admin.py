"""The webhook pages of the admin: Editors and Admins only; URLs checked."""

import json

import lxml.html
import pytest
from django.urls import reverse

from akhbar.webhooks.models import Delivery, Endpoint
from tests.newsroom.factories import make_user

pytestmark = pytest.mark.django_db


def _menu(client) -> str:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = lxml.html.fromstring(html).xpath('//*[@id="wagtail-sidebar-props"]')[0]
    return json.dumps(json.loads(props.text), ensure_ascii=False)


def _endpoint_form(url, **fields):
    return {
        "name": "شريك التوزيع",
        "url": url,
        "on_article_published": "on",
        "on_article_updated": "on",
        "active": "on",
        **fields,
    }


def test_editors_and_admins_reach_the_webhook_pages_authors_do_not(
    client, editor, author
):
    admin = make_user("admin")
    pages = [
        reverse("webhook_endpoints:index"),
        reverse("webhook_endpoints:add"),
        reverse("webhook_deliveries:index"),
    ]
    for user in (editor, admin):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
        assert "خطافات الويب" in _menu(client)

    client.force_login(author)
    for url in pages:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or "/admin/" in response["Location"]
    assert "خطافات الويب" not in _menu(client)


def test_an_editor_registers_an_endpoint_and_sees_its_secret(
    client, editor, receiver, allow_loopback
):
    client.force_login(editor)
    response = client.post(
        reverse("webhook_endpoints:add"), _endpoint_form(receiver.url)
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.created_by == editor
    assert len(endpoint.secret) == 64
    assert endpoint.events() == ["article.published", "article.updated"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert endpoint.secret in html
    assert 'dir="rtl"' in html


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://[::1]/hook",
        "http://[::ffff:192.168.1.5]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.org/hook",
    ],
)
def test_the_form_refuses_internal_addresses(client, editor, url):
    """Unless AKHBAR_WEBHOOKS_ALLOW_PRIVATE is on, an endpoint cannot name this
    machine or a private network (nor a scheme other than http and https)."""
    client.force_login(editor)
    response = client.post(reverse("webhook_endpoints:add"), _endpoint_form(url))
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not Endpoint.objects.exists()


def test_the_delivery_log_is_read_only(client, editor, endpoint):
    delivery = Delivery.objects.create(
        endpoint=endpoint, event="article.published", payload={"event": "x"}
    )
    client.force_login(editor)
    assert (
        client.get(
            reverse("webhook_deliveries:inspect", args=(delivery.pk,))
        ).status_code
        == 200
    )
    for url in (
        reverse("webhook_deliveries:add"),
        reverse("webhook_deliveries:edit", args=(delivery.pk,)),
        reverse("webhook_deliveries:delete", args=(delivery.pk,)),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert Delivery.objects.filter(pk=delivery.pk).exists()
