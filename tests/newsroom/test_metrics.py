"""The scheduler's lag in /metrics: seconds since its last tick and how late
its last scheduled change was."""

import datetime
import time

import pytest
from django.test import Client
from django.utils import timezone

from akhbar.newsroom.locks import DummyLock
from akhbar.newsroom.scheduler import Scheduler
from akhbar.testing.metrics import metric_value
from tests.news.factories import make_article, make_section


def _scrape() -> str:
    return Client().get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()


@pytest.mark.django_db
def test_lag_gauges_follow_the_scheduler(home):
    text = _scrape()
    assert metric_value(text, "akhbar_scheduler_seconds_since_tick") is None

    section = make_section(home, "اقتصاد")
    due = timezone.now() + datetime.timedelta(seconds=2)
    article = make_article(
        section, "خبر مجدول", publish_now=False, live=False, go_live_at=due
    )
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.3)
    done = []
    Scheduler(lock=DummyLock(), on_done=done.extend).tick()
    assert [item.action for item in done] == ["publish"]

    text = _scrape()
    assert 0 <= metric_value(text, "akhbar_scheduler_seconds_since_tick") < 5
    lateness = metric_value(text, "akhbar_scheduler_last_lateness_seconds")
    assert lateness == pytest.approx(done[0].lateness)
    assert lateness >= 0.2

    time.sleep(1.1)
    assert metric_value(_scrape(), "akhbar_scheduler_seconds_since_tick") >= 1
