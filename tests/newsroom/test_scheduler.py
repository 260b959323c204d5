"""Scheduled publishing, unpublishing and breaking-news expiry.

Most tests drive a controllable clock, which Wagtail also reads (it stands in for
``django.utils.timezone.now``), so a schedule days ahead is reached in no time. One
test runs the real scheduler in a thread against the real clock and measures how
late a scheduled article goes live with no web traffic.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from akhbar.news import selectors
from akhbar.news.models import ArticlePage
from akhbar.newsroom.locks import DummyLock, FileLock, PostgresAdvisoryLock
from akhbar.newsroom.scheduler import Scheduler, SystemClock, next_due_at, run_due
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom

T0 = datetime.datetime(2030, 3, 1, 9, 0, tzinfo=datetime.UTC)


class FakeClock:
    """A clock that only moves when told to, or when the scheduler sleeps."""

    def __init__(self, now):
        self.current = now
        self.sleeps = []

    def now(self):
        return self.current

    def advance(self, seconds):
        self.current += datetime.timedelta(seconds=seconds)

    def wait(self, stop, seconds):
        if stop.is_set():  # As Event.wait: no sleep once stopped.
            return True
        if len(self.sleeps) > 1000:
            raise RuntimeError("the scheduler never stopped: %s" % self.sleeps[-5:])
        self.sleeps.append(round(seconds, 3))
        self.advance(seconds)
        return False


@pytest.fixture
def clock(monkeypatch):
    clock = FakeClock(T0)
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


@pytest.fixture
def section(clock, home):
    return make_section(home, "اقتصاد")


def _schedule(section, title, *, go_live_at=None, expire_at=None, **fields):
    """An article published through Wagtail with a go-live or expiry time."""
    article = make_article(
        section,
        title,
        publish_now=False,
        live=go_live_at is None,
        go_live_at=go_live_at,
        expire_at=expire_at,
        **fields,
    )
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def _at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_publish_waits_for_go_live_at(clock, section):
    article = _schedule(section, "خبر مجدول", go_live_at=_at(3600))
    assert not article.live
    assert next_due_at() == _at(3600)
    clock.advance(3599)
    assert run_due(now=clock.now(), clock=clock) == ([], False)
    clock.advance(1)
    done, failed = run_due(now=clock.now(), clock=clock)
    article.refresh_from_db()
    assert article.live and not failed
    assert [(d.action, d.object_id, d.lateness) for d in done] == [
        ("publish", str(article.pk), 0.0)
    ]
    assert next_due_at() is None


@pytest.mark.django_db
def test_expiry_unpublishes(clock, section):
    article = _schedule(section, "خبر ينتهي", expire_at=_at(60))
    assert article.live
    assert next_due_at() == _at(60)
    clock.advance(60)
    done, _failed = run_due(now=clock.now(), clock=clock)
    article.refresh_from_db()
    assert not article.live and article.expired
    assert [d.action for d in done] == ["unpublish"]


@pytest.mark.django_db
def test_breaking_news_leaves_the_ticker_on_time(client, clock, section):
    """The flag is cleared and cached listings are dropped when the time passes."""
    article = _schedule(
        section, "عاجل: انقطاع الكهرباء", is_breaking=True, breaking_until=_at(120)
    )
    assert [a.pk for a in selectors.breaking_news()] == [article.pk]
    generation = selectors.news_generation()
    assert next_due_at() == _at(120)
    clock.advance(120)
    done, _failed = run_due(now=clock.now(), clock=clock)
    article.refresh_from_db()
    assert article.live and not article.is_breaking
    assert [d.action for d in done] == ["breaking_expired"]
    assert selectors.news_generation() != generation
    assert selectors.breaking_news() == []
    assert next_due_at() is None


@pytest.mark.django_db
def test_next_due_is_the_earliest_of_all_kinds(clock, section):
    _schedule(section, "ينشر لاحقاً", go_live_at=_at(300))
    _schedule(section, "ينتهي قريباً", expire_at=_at(200))
    _schedule(section, "عاجل", is_breaking=True, breaking_until=_at(100))
    assert next_due_at() == _at(100)


@pytest.mark.django_db
def test_scheduler_sleeps_until_the_due_time_in_bounded_steps(clock, section):
    """Bounded sleeps while the time is far, then one exact sleep to it."""
    article = _schedule(section, "خبر بعد ثلاث ثوان ونصف", go_live_at=_at(3.5))
    stop = threading.Event()
    done = []

    def record(items):
        done.extend(items)
        stop.set()

    Scheduler(lock=DummyLock(), clock=clock, poll_seconds=1.0, on_done=record).run(stop)
    article.refresh_from_db()
    assert article.live
    assert clock.sleeps == [1.0, 1.0, 1.0, 0.5]
    assert done[0].lateness == 0.0


@pytest.mark.django_db
def test_scheduler_without_the_lock_stands_by(clock, section):
    """A second scheduler does nothing while another holds the lock."""

    class Taken(DummyLock):
        def acquire(self):
            return False

    article = _schedule(section, "خبر مجدول", go_live_at=_at(1))
    stop = threading.Event()
    original_wait = clock.wait

    def wait(stop_event, seconds):
        if len(clock.sleeps) >= 5:
            stop_event.set()
        return original_wait(stop_event, seconds)

    clock.wait = wait
    Scheduler(lock=Taken(), clock=clock, poll_seconds=1.0).run(stop)
    article.refresh_from_db()
    assert not article.live
    assert clock.sleeps == [1.0] * 5


@pytest.mark.django_db
def test_a_failing_item_does_not_spin_the_loop(clock, section, monkeypatch):
    _schedule(section, "خبر يتعثر نشره", go_live_at=_at(1))
    clock.advance(2)

    def broken(self, *args, **kwargs):
        raise RuntimeError("storage is down")

    monkeypatch.setattr("wagtail.models.Revision.publish", broken)
    scheduler = Scheduler(lock=DummyLock(), clock=clock, poll_seconds=1.0)
    assert scheduler.tick() == 1.0


@pytest.mark.django_db(transaction=True)
def test_real_scheduler_publishes_within_five_seconds_without_traffic(tmp_path):
    """A scheduler thread on the real clock; an article scheduled 2.5 s ahead.

    Lateness is measured from go_live_at to the moment the page became live
    (``last_published_at``) and to the end of the scheduler's publish.
    """
    section = make_section(ensure_newsroom(), "محليات")
    if connection.vendor == "postgresql":
        lock = PostgresAdvisoryLock()
    else:
        lock = FileLock(tmp_path / "scheduler.lock")
    shared = connections["default"] if connection.vendor == "sqlite" else None
    done = []
    stop = threading.Event()

    def work():
        # An in-memory SQLite test database lives in this thread's connection;
        # the scheduler thread shares it, as Django's live server thread does.
        if shared is not None:
            connections["default"] = shared
        Scheduler(lock=lock, clock=SystemClock(), on_done=done.extend).run(stop)

    if shared is not None:
        shared.inc_thread_sharing()
    thread = threading.Thread(target=work, name="scheduler")
    thread.start()
    try:
        go_live_at = timezone.now() + datetime.timedelta(seconds=2.5)
        article = _schedule(
            section, "خبر مجدول بعد ثانيتين ونصف", go_live_at=go_live_at
        )
        assert not article.live
        while timezone.now() < go_live_at + datetime.timedelta(seconds=5):
            if ArticlePage.objects.filter(pk=article.pk, live=True).exists():
                break
            time.sleep(0.02)
        article.refresh_from_db()
        assert article.live, "not live 5 s after its time"
        went_live = (article.last_published_at - go_live_at).total_seconds()
        assert 0 <= went_live < 5
        deadline = time.monotonic() + 5
        while not done and time.monotonic() < deadline:
            time.sleep(0.02)
        finished = done[0].lateness
        assert finished < 5
        print(
            "\nscheduled publish lateness (%s): live after %.3f s, publish done after "
            "%.3f s" % (connection.vendor, went_live, finished)
        )
    finally:
        stop.set()
        thread.join(10)
        if shared is not None:
            shared.dec_thread_sharing()
    assert not thread.is_alive()


@pytest.fixture
def job_registry():
    from akhbar.core import jobs

    yield jobs
    for job in jobs.registered():
        if job.name.startswith("test-"):
            jobs.unregister(job.name)


@pytest.mark.django_db
def test_periodic_jobs_run_on_each_tick_and_steer_the_sleep(clock, job_registry):
    """A registered job runs on every tick; the time it asks for bounds the sleep."""
    calls = []

    def digest(now):
        calls.append(now)
        return now + datetime.timedelta(seconds=0.25)

    job_registry.register("test-digest", digest)
    scheduler = Scheduler(lock=DummyLock(), clock=clock, poll_seconds=1.0)
    assert scheduler.tick() == 0.25
    clock.advance(0.25)
    scheduler.tick()
    assert calls == [T0, _at(0.25)]


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(clock, job_registry):
    ran = []

    def broken(now):
        raise RuntimeError("SMTP server is down")

    job_registry.register("test-broken", broken)
    job_registry.register("test-webhooks", lambda now: ran.append(now))
    assert Scheduler(lock=DummyLock(), clock=clock, poll_seconds=1.0).tick() == 1.0
    assert ran == [T0]


@pytest.mark.django_db
def test_jobs_do_not_run_once_the_lock_is_lost(clock, job_registry):
    class Lost(DummyLock):
        def acquire(self):
            return False

    ran = []
    job_registry.register("test-digest", lambda now: ran.append(now))
    Scheduler(lock=Lost(), clock=clock, poll_seconds=1.0).tick()
    assert ran == []
