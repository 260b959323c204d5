"""The worker's newsletter job: each list's digest at its hour and the issues
editors scheduled, in batches.

``digests_send(now)`` is registered with ``akhbar.core.jobs``, so the one active
scheduler calls it on each tick under its lock. Each call sends at most
``BATCHES_PER_TICK`` batches and asks to be called again at once while some are
left, so that a scheduler that lost its lock stops between batches; what it
sends goes through ``services.issue_send``, the path of ``akhbar send-newsletter``.
"""

import datetime

from django.utils import timezone

from . import services
from .models import Issue, NewsletterList

# Enough to keep the mail server busy for a few seconds, few enough that the
# scheduler checks its lock (and does its publishing) between them.
BATCHES_PER_TICK = 10
# A day with no article yet is looked at again this often until the next day.
EMPTY_RETRY = datetime.timedelta(minutes=15)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def period_start(newsletter: NewsletterList, now: datetime.datetime):
    """When the edition of ``now``'s day (or week) falls due, and when the
    next one does, in the site's time zone."""
    today = timezone.localtime(now).date()
    if newsletter.kind == NewsletterList.Kind.WEEKLY:
        monday = today - datetime.timedelta(days=today.isoweekday() - 1)
        day = monday + datetime.timedelta(days=newsletter.send_weekday - 1)
        step = datetime.timedelta(days=7)
    else:
        day, step = today, datetime.timedelta(days=1)
    return _at(day, newsletter.send_hour), _at(day + step, newsletter.send_hour)


def list_send_due(newsletter: NewsletterList, now: datetime.datetime):
    """Send some of ``newsletter``'s edition if it is due; return when to come back."""
    starts, next_start = period_start(newsletter, now)
    if now < starts:
        return starts
    issue = services.issue_due(newsletter=newsletter, now=now)
    if issue is None:
        return min(now + EMPTY_RETRY, next_start)
    return _issue_send_some(issue, now) or next_start


def _issue_send_some(issue: Issue, now):
    """Send up to ``BATCHES_PER_TICK`` batches; ``now`` when some are left."""
    if issue.finished_at is None:
        services.issue_send(issue=issue, max_batches=BATCHES_PER_TICK)
    return now if issue.finished_at is None else None


def digests_send(now: datetime.datetime) -> datetime.datetime | None:
    """The job: every active digest list's edition due at ``now``."""
    next_times = []
    lists = NewsletterList.objects.filter(
        active=True,
        kind__in=[NewsletterList.Kind.DAILY, NewsletterList.Kind.WEEKLY],
    )
    for newsletter in lists:
        next_times.append(list_send_due(newsletter, now))
    for issue in composed_due(now):
        next_times.append(_issue_send_some(issue, now))
    next_times.append(
        Issue.objects.filter(scheduled_at__gt=now, finished_at__isnull=True)
        .order_by("scheduled_at")
        .values_list("scheduled_at", flat=True)
        .first()
    )
    return min((at for at in next_times if at is not None), default=None)


def composed_due(now: datetime.datetime):
    """Issues editors scheduled for ``now`` or before, not yet finished."""
    return Issue.objects.filter(
        scheduled_at__lte=now,
        finished_at__isnull=True,
        newsletter__active=True,
    ).select_related("newsletter")
