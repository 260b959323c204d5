"""Fixtures of the webhook tests: the newsroom, a real receiver, an endpoint."""

import pytest
from django.test import override_settings

from akhbar.webhooks.models import Endpoint
from tests.newsroom.conftest import (  # noqa: F401 - fixtures shared with newsroom
    author,
    editor,
    newsroom,
    section,
)
from tests.webhooks.receiver import running_receiver


@pytest.fixture
def allow_loopback():
    """The tests' receiver listens on the loopback, which endpoints may not name
    unless AKHBAR_WEBHOOKS_ALLOW_PRIVATE is on (it is off by default)."""
    with override_settings(AKHBAR_WEBHOOKS_ALLOW_PRIVATE=True):
        yield


@pytest.fixture
def receiver():
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def endpoint(receiver, allow_loopback, editor):  # noqa: F811 - the imported fixture
    return Endpoint.objects.create(
        name="تطبيق الجوال",
        url=receiver.url,
        on_comment_approved=True,
        created_by=editor,
    )
