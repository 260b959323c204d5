"""The worker's digest job: at the list's hour, in batches, never twice."""

import datetime
import zoneinfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from akhbar.core import jobs
from akhbar.newsletters import schedule, services
from akhbar.newsletters.models import Delivery, Issue, NewsletterList, Subscriber
from tests.news.factories import ensure_home, make_article, make_section
from tests.newsletters.conftest import Inbox, free_port

pytestmark = pytest.mark.django_db(transaction=True)

RIYADH = zoneinfo.ZoneInfo("Asia/Riyadh")


class Clock:
    """``timezone.now`` that only moves when told to."""

    def __init__(self, now):
        self.current = now
        self.today = timezone.localtime(now).date()

    def now(self):
        return self.current

    def set(self, hour, minute=0, *, days=0):
        day = self.today + datetime.timedelta(days=days)
        self.current = datetime.datetime.combine(
            day, datetime.time(hour, minute), tzinfo=RIYADH
        )
        return self.current


@pytest.fixture
def clock(monkeypatch, settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", clock.now)
    clock.set(6)
    return clock


@pytest.fixture
def digest(clock, settings):
    settings.AKHBAR_NEWSLETTERS_BATCH_SIZE = 2
    newsletter = NewsletterList.objects.create(
        name="الموجز اليومي",
        slug="daily",
        kind=NewsletterList.Kind.DAILY,
        send_hour=7,
    )
    make_article(make_section(ensure_home(), "سياسة"), "البرلمان يقر الموازنة")
    return newsletter


def subscribers(newsletter, count, *, confirmed=True, prefix="r"):
    made = []
    for number in range(count):
        made.append(
            Subscriber.objects.create(
                newsletter=newsletter,
                email="%s%d-%s@example.org" % (prefix, number, confirmed),
                confirmed_at=timezone.now() if confirmed else None,
            )
        )
    return made


def recipients(inbox):
    return sorted(to for tos, _message in inbox.messages for to in tos)


def test_the_job_is_registered():
    assert "newsletters.digests" in [job.name for job in jobs.registered()]


def test_digest_goes_out_at_the_lists_hour_in_batches_to_the_confirmed(
    clock, digest, smtp_inbox, monkeypatch
):
    monkeypatch.setattr(schedule, "BATCHES_PER_TICK", 1)
    confirmed = subscribers(digest, 3)
    subscribers(digest, 2, confirmed=False)
    seven = clock.set(7)
    clock.set(6, 59)
    # Before the hour: nothing made or sent; come back at 07:00 Riyadh (04:00 UTC).
    assert jobs.run_due(timezone.now()) == seven
    assert seven.astimezone(datetime.UTC).hour == 4
    assert not Issue.objects.exists() and smtp_inbox.messages == []

    clock.set(7)
    assert jobs.run_due(timezone.now()) == timezone.now()  # One batch of two.
    assert len(smtp_inbox.messages) == 2
    tomorrow = clock.set(7, days=1)
    clock.set(7, 1)
    assert jobs.run_due(timezone.now()) == tomorrow  # The last one; done.
    assert recipients(smtp_inbox) == sorted(s.email for s in confirmed)
    issue = Issue.objects.get()
    assert issue.finished_at is not None
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3

    clock.set(9)
    subscribers(digest, 1, prefix="late")  # Confirmed after today's digest: tomorrow's.
    assert jobs.run_due(timezone.now()) == tomorrow
    assert len(smtp_inbox.messages) == 3


def test_weekly_digest_waits_for_its_day(clock, digest):
    digest.kind = NewsletterList.Kind.WEEKLY
    digest.send_weekday = 6
    digest.save()
    starts, following = schedule.period_start(digest, clock.set(12))
    assert timezone.localtime(starts).isoweekday() == 6
    assert timezone.localtime(starts).hour == 7
    assert following - starts == datetime.timedelta(days=7)


class FailingInbox(Inbox):
    """Takes ``accept`` messages, then refuses every one as a failing server does."""

    def __init__(self, accept):
        super().__init__()
        self.accept = accept

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        if len(self.messages) >= self.accept:
            return "451 Local error in processing"
        return await super().handle_DATA(server, session, envelope)


def test_a_sender_failing_mid_batch_leaves_nobody_mailed_twice(clock, digest, settings):
    settings.AKHBAR_NEWSLETTERS_BATCH_SIZE = 4
    subscribers(digest, 6)
    failing = FailingInbox(accept=3)
    controller = Controller(failing, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    clock.set(7)
    try:
        # The job's failure is logged, not raised: the scheduler goes on.
        assert jobs.run_due(timezone.now()) is None
    finally:
        controller.stop()
    assert len(failing.messages) == 3
    # Those the server took are marked sent; the refused one and the rest of
    # the batch are claimed by nobody.
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3
    assert Delivery.objects.count() == 3

    working = Inbox()
    controller = Controller(working, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_PORT = controller.port
    try:
        clock.set(7, 1)
        jobs.run_due(timezone.now())
    finally:
        controller.stop()
    everyone = recipients(failing) + recipients(working)
    assert len(everyone) == len(set(everyone)) == 6


def test_claims_of_a_sender_that_died_are_never_sent_again(clock, digest, smtp_inbox):
    """A sender killed after claiming a batch, before the mail server took
    it: the sender that takes over leaves that batch alone (at most once)."""
    subscribers(digest, 5)
    clock.set(7)
    issue = services.issue_due(newsletter=digest)
    _pending, dead_batch, _token = services.deliveries_claim(issue=issue, limit=2)
    assert len(dead_batch) == 2

    jobs.run_due(timezone.now())
    mailed = recipients(smtp_inbox)
    assert len(mailed) == 3
    assert not {s.email for s in dead_batch} & set(mailed)
    assert Issue.objects.get().finished_at is not None
    # The command (the same path) sends nothing more either.
    services.newsletter_send_due(newsletter=digest)
    assert len(smtp_inbox.messages) == 3


def test_a_day_without_articles_sends_nothing_and_looks_again(clock, settings):
    newsletter = NewsletterList.objects.create(
        name="موجز", slug="empty", kind=NewsletterList.Kind.DAILY, send_hour=7
    )
    subscribers(newsletter, 1)
    now = clock.set(8)
    assert jobs.run_due(now) == now + schedule.EMPTY_RETRY
    assert not Issue.objects.exists()
