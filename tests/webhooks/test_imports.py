"""A WordPress import queues one ``import.completed`` event with its counts,
never one delivery per historical post; a feed import and the editor keep
their per-article events."""

from pathlib import Path

import pytest
from django.utils import timezone

from akhbar.importers.feeds.service import feed_import
from akhbar.importers.wordpress.service import wordpress_import
from akhbar.news.models import ArticlePage
from akhbar.webhooks.models import Delivery, Endpoint, Event
from akhbar.webhooks.services import deliveries_send_due

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent.parent / "importers" / "files"
WXR = FILES / "wordpress" / "e2e" / "wxr-comprehensive.xml"


@pytest.fixture
def listening(endpoint):
    Endpoint.objects.filter(pk=endpoint.pk).update(on_import_completed=True)
    endpoint.refresh_from_db()
    return endpoint


def test_a_wordpress_import_sends_one_import_completed_event(
    home, listening, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = wordpress_import(path=WXR, rebuild_search=False)
    published = ArticlePage.objects.live().count()
    assert published >= 1, "the file should publish a post"
    assert [d.event for d in Delivery.objects.all()] == [Event.IMPORT_COMPLETED]
    payload = Delivery.objects.get().payload
    assert payload["event"] == "import.completed"
    assert payload["import"]["source"].startswith("wordpress:")
    assert (
        payload["import"]["counts"]["articles"]["created"]
        == (report.counts["articles"]["created"])
    )
    assert payload["import"]["counts"]["articles"]["created"] >= published
    assert payload["import"]["errors"] == len(report.errors)
    deliveries_send_due(timezone.now())
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED

    # Once the import is over, a publish sends its own event again.
    article = ArticlePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert Delivery.objects.filter(event=Event.ARTICLE_UPDATED).count() == 1


def test_an_endpoint_that_did_not_choose_import_events_gets_nothing(
    home, endpoint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wordpress_import(path=WXR, rebuild_search=False)
    assert ArticlePage.objects.live().exists()
    assert not Delivery.objects.exists()


def test_a_feed_import_keeps_per_article_events(
    home, listening, django_capture_on_commit_callbacks
):
    """Feed items become drafts; publishing each sends its own event, and a
    feed import sends no import.completed."""
    with django_capture_on_commit_callbacks(execute=True):
        feed_import(source=str(FILES / "feeds" / "wire.rss"))
    assert not Delivery.objects.exists()
    drafts = list(ArticlePage.objects.filter(live=False))
    assert len(drafts) >= 2
    with django_capture_on_commit_callbacks(execute=True):
        for draft in drafts:
            draft.save_revision().publish()
    assert sorted(Delivery.objects.values_list("event", flat=True)) == [
        Event.ARTICLE_PUBLISHED
    ] * len(drafts)
