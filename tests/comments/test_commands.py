"""``akhbar purge_comment_data`` clears old IP addresses and browsers."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from akhbar.comments import services
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db


@override_settings(AKHBAR_COMMENTS_IP_RETENTION_DAYS=10)
def test_purge_comment_data(article):
    cache.set(services.PURGE_KEY, 1)  # Keep the daily automatic purge out of it.
    old = make_comment(
        article,
        ip_address="192.0.2.1",
        user_agent="Browser",
        created_at=timezone.now() - datetime.timedelta(days=11),
    )
    out = io.StringIO()
    call_command("purge_comment_data", stdout=out)
    assert "1" in out.getvalue()
    old.refresh_from_db()
    assert old.ip_address is None and old.user_agent == ""
