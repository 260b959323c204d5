"""The comment moderation queue as a Prometheus gauge (``akhbar.core.metrics``)."""

from prometheus_client.core import GaugeMetricFamily

from .models import Comment


def collect():
    """Count the comments waiting for a moderator, at scrape time."""
    yield GaugeMetricFamily(
        "akhbar_comments_pending",
        "Reader comments waiting for a moderator.",
        value=Comment.objects.filter(status=Comment.Status.PENDING).count(),
    )
