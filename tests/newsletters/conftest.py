"""A real SMTP server on a free loopback port, and a live site that mails through it."""

import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from akhbar.newsletters.models import NewsletterList, Subscriber

# Rate-limit counters live in the cache: each test starts with none.
from tests.comments.conftest import _fresh_cache  # noqa: F401
from tests.news.factories import make_article
from tests.newsroom.conftest import (  # noqa: F401 - fixtures shared with newsroom
    author,
    editor,
    newsroom,
    section,
)
from tests.newsroom.factories import PASSWORD


class Inbox:
    """Collects every message the SMTP server accepts, parsed."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list:
        """The first ``count`` messages, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages[:count])
            time.sleep(0.05)
        raise AssertionError("%d messages after %ss" % (len(self.messages), timeout))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """An aiosmtpd server in a thread; Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def site(live_server, settings, smtp_inbox):
    """The live server's address, used for every absolute link in the mails."""
    settings.AKHBAR_BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def newsletter():
    # Breaking alerts: no daily digest of its own to go out beside the issue.
    newsletter = NewsletterList.objects.create(
        name="عاجل", slug="breaking", kind=NewsletterList.Kind.BREAKING
    )
    Subscriber.objects.create(
        newsletter=newsletter, email="reader@example.org", confirmed_at=timezone.now()
    )
    return newsletter


@pytest.fixture
def chosen(section):  # noqa: F811 - the newsroom fixture
    return [
        make_article(section, "الأول في الترتيب"),
        make_article(section, "الثاني في الترتيب"),
        make_article(section, "مقال لم يُختر"),
    ]


@pytest.fixture
def composer(client, editor):  # noqa: F811 - the newsroom fixture
    """The test client, logged in as an Editor."""
    assert client.login(username=editor.username, password=PASSWORD)
    return client
