"""Bounces and complaints stop an address for good; staff export and erase
subscribers; nobody else sees an address."""

import base64
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from akhbar.newsletters import services, views
from akhbar.newsletters.models import Issue, NewsletterList, Subscriber
from tests.news.factories import make_article
from tests.newsletters.conftest import Inbox, free_port
from tests.newsroom.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HOOK = "/newsletters/anymail/postmark/tracking/"
SECRET = "hook:s3cret"


@pytest.fixture
def lists():
    return [
        NewsletterList.objects.create(
            name=name, slug=slug, kind=NewsletterList.Kind.BREAKING
        )
        for name, slug in (("عاجل", "breaking"), ("رياضة", "sport"))
    ]


def subscribe_all(lists, email):
    return [
        Subscriber.objects.create(
            newsletter=newsletter, email=email, confirmed_at=timezone.now()
        )
        for newsletter in lists
    ]


@pytest.fixture
def hook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def postmark(client, payload, secret=SECRET):
    auth = "Basic " + base64.b64encode(secret.encode()).decode()
    return client.post(
        HOOK, payload, content_type="application/json", HTTP_AUTHORIZATION=auth
    )


def bounce(email):
    return {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "ID": 42,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": email,
        "BouncedAt": "2030-03-01T09:00:00Z",
        "Description": "The server was unable to deliver your message.",
        "Details": "550 5.1.1 unknown user",
    }


def complaint(email):
    return {**bounce(email), "RecordType": "SpamComplaint", "Type": "SpamComplaint"}


def state(email):
    return sorted(
        Subscriber.objects.filter(email=email).values_list("ended", flat=True)
    )


def test_a_providers_bounce_and_complaint_stop_the_address_on_every_list(
    client, lists, hook_secret, mailoutbox
):
    subscribe_all(lists, "gone@example.org")
    subscribe_all(lists, "angry@example.org")
    subscribe_all(lists[:1], "stays@example.org")
    assert postmark(client, bounce("Gone@Example.org")).status_code == 200
    assert postmark(client, complaint("angry@example.org")).status_code == 200
    assert state("gone@example.org") == ["bounced", "bounced"]
    assert state("angry@example.org") == ["complained", "complained"]
    assert state("stays@example.org") == [""]

    # Never mailed again: not an issue, not even a new confirmation link.
    services.subscriber_subscribe(newsletter=lists[0], email="angry@example.org")
    assert mailoutbox == []
    assert Subscriber.objects.get(
        newsletter=lists[0], email="angry@example.org"
    ).is_stopped


def test_the_webhook_refuses_a_wrong_secret(client, lists, hook_secret):
    subscribe_all(lists, "reader@example.org")
    response = postmark(client, bounce("reader@example.org"), secret="hook:guess")
    assert response.status_code in (400, 401, 403)
    assert state("reader@example.org") == ["", ""]


def test_the_webhook_passes_csrf_as_anymails_own_views_do(lists, hook_secret):
    subscribe_all(lists, "gone@example.org")
    response = postmark(Client(enforce_csrf_checks=True), bounce("gone@example.org"))
    assert response.status_code == 200
    assert state("gone@example.org") == ["bounced", "bounced"]


def test_every_tracking_webhook_anymail_routes_is_routed_to_the_same_view():
    from anymail.urls import urlpatterns

    routed = {
        str(pattern.pattern).split("/")[0]: pattern.callback.view_class
        for pattern in urlpatterns
        if pattern.name.endswith("_tracking_webhook")
    }
    assert {"amazon_ses", "mandrill", "postmark", "sendinblue"} <= set(routed)
    for provider, view_class in routed.items():
        match = resolve("/newsletters/anymail/%s/tracking/" % provider)
        assert match.func is views.tracking_webhook
        assert views.tracking_view(provider).view_class is view_class


@pytest.mark.parametrize("provider", ["nosuch", "base", "__init__", "postmark-x"])
def test_a_name_that_is_no_providers_webhook_is_not_found(client, provider):
    url = "/newsletters/anymail/%s/tracking/" % provider
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    assert client.post(url, {}, HTTP_AUTHORIZATION=auth).status_code == 404


def test_a_worker_imports_no_providers_webhook_until_its_first_event():
    # anymail's URLconf imported all of them, Amazon SES's with boto3: about
    # 46 MiB of every worker (bench/memory.py).
    probe = (
        "import sys, django; django.setup();"
        "from django.test import Client; from django.urls import reverse;"
        "reverse('akhbar_newsletters:confirm', args=['t']);"
        "assert Client().get('/healthz').status_code == 200;"
        "print(sorted(m for m in sys.modules"
        " if m == 'boto3' or m.startswith('anymail.webhooks.')))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.test",
        "PYTHONPATH": str(ROOT / "src"),
    }
    loaded = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["['anymail.webhooks.base']"]


def test_the_command_stops_addresses_and_prints_no_address(lists, capsys):
    subscribe_all(lists, "reader@example.org")
    call_command("newsletter-bounced", "--complained", "Reader@example.org")
    assert state("reader@example.org") == ["complained", "complained"]
    assert "reader@example.org" not in capsys.readouterr().out


class RefusingInbox(Inbox):
    """An SMTP server that does not know one address."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("unknown@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_an_address_the_mail_server_refuses_is_bounced_and_the_rest_sent(
    lists, section, settings
):
    issue = Issue.objects.create(newsletter=lists[0], subject="عاجل")
    issue.article_ids = [make_article(section, "خبر عاجل").pk]
    issue.save()
    subscribe_all(lists[:1], "a@example.org")
    subscribe_all(lists, "unknown@example.org")
    subscribe_all(lists[:1], "z@example.org")
    inbox = RefusingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        assert services.issue_send(issue=issue) == 2
    finally:
        controller.stop()
    assert sorted(to for tos, _m in inbox.messages for to in tos) == [
        "a@example.org",
        "z@example.org",
    ]
    assert state("unknown@example.org") == ["bounced", "bounced"]
    assert Issue.objects.get().finished_at is not None


def test_staff_export_csv_and_erase_nobody_else_sees_an_address(client, lists, editor):
    subscribe_all(lists, "reader@example.org")
    subscribe_all(lists[:1], "=HYPERLINK(1)@example.org")
    Subscriber.objects.create(newsletter=lists[0], email="pending@example.org")
    page_url = reverse("akhbar_newsletters_admin:subscribers")
    export_url = reverse("akhbar_newsletters_admin:export", args=["breaking"])

    assert client.get(export_url).status_code == 302  # Anonymous: to the login.
    client.login(username=editor.username, password=PASSWORD)
    for url in (page_url, export_url):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"reader@example.org" not in response.content

    admin = make_user("admin")
    client.login(username=admin.username, password=PASSWORD)
    page = client.get(page_url)
    assert page.status_code == 200
    assert b"reader@example.org" not in page.content  # Counts only.
    response = client.get(export_url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_email = {row[0]: row[1] for row in rows[1:]}
    assert by_email == {
        "reader@example.org": "active",
        "'=HYPERLINK(1)@example.org": "active",
        "pending@example.org": "pending",
    }

    response = client.post(page_url, {"email": "Reader@Example.org"})
    assert response.status_code == 302
    assert not Subscriber.objects.filter(email="reader@example.org").exists()
    assert list(
        NewsletterList.objects.order_by("pk").values_list("erased_count", flat=True)
    ) == [1, 1]
    assert "reader@example.org" not in client.get(export_url).content.decode()
