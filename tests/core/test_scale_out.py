"""Two app servers sharing nothing but PostgreSQL and Redis, as two machines
would: a publish is visible on both at once, a login made on one holds on the
other, and one publishing scheduler is active between them.

Runs in the PostgreSQL pass (each ``akhbar serve`` opens the test database);
the SQLite pass skips it, its database living in the test process's memory.
"""

import concurrent.futures
import contextlib
import datetime
import html
import http.cookiejar
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from akhbar.testing.databases import database_url
from akhbar.testing.servers import akhbar_served
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import PASSWORD, ensure_newsroom, make_user

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two servers share one database: PostgreSQL (the PostgreSQL pass)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def shared_redis(redis_url, settings):
    """A Redis database of its own, which this test process also uses as its
    cache: a publish made here bumps the versions both servers read."""
    url = redis_url.rsplit("/", 1)[0] + "/5"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "akhbar",
        },
    }
    from django.core.cache import cache

    cache.clear()
    yield url
    cache.clear()


@pytest.fixture
def two_servers(shared_redis, tmp_path):
    """Two ``akhbar serve`` (one worker and a scheduler each) on data dirs of
    their own: their base URLs and log files."""
    common = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "DATABASE_URL": database_url(),
        "REDIS_URL": shared_redis,
        # Every machine of a site shares its key (sessions are signed with it).
        "DJANGO_SECRET_KEY": "scale-out-" + "s" * 50,
        "AKHBAR_BASE_URL": "http://127.0.0.1:8000",
        "AKHBAR_SCHEDULER_LOCK": "",
    }
    common.pop("PROMETHEUS_MULTIPROC_DIR", None)
    nodes = []
    for name in ("a", "b"):
        data = tmp_path / name
        data.mkdir()
        nodes.append(
            ({**common, "AKHBAR_DATA_DIR": str(data)}, tmp_path / (name + ".log"))
        )
    with contextlib.ExitStack() as stack:
        # Both start at once: each collects and compresses its static files.
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            started = [
                pool.submit(
                    stack.enter_context,
                    akhbar_served(
                        env, "--workers", "1", wait_path="/healthz", log_path=log
                    ),
                )
                for env, log in nodes
            ]
            bases = [future.result() for future in started]
        yield list(zip(bases, [log for _env, log in nodes], strict=True))


def _fetch(opener, url, data=None):
    """(status, body) of ``url``; an HTTP error status is an answer too."""
    try:
        with opener.open(url, data=data, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _seen_within(bases, paths, text, seconds):
    """Seconds until every page at ``paths`` of every server shows ``text``
    (polled); raises, naming what each page answered, when one did not
    within ``seconds``."""
    opener = urllib.request.build_opener()
    started = time.monotonic()
    waiting = {base + path: None for base in bases for path in paths}
    while waiting:
        for url in sorted(waiting):
            status, body = _fetch(opener, url)
            if status == 200 and text in html.unescape(body):
                del waiting[url]
            else:
                waiting[url] = (status, body[-300:])
        if waiting and time.monotonic() - started > seconds:
            raise AssertionError("%r not seen: %r" % (text, waiting))
    return time.monotonic() - started


def _logged_within(page, action, seconds) -> int:
    """How many ``action`` log entries ``page`` has, once it has one (polled
    for up to ``seconds``)."""
    entries = PageLogEntry.objects.filter(page=page, action=action)
    deadline = time.monotonic() + seconds
    while not entries.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return entries.count()


def test_two_machines_share_publishes_logins_and_one_scheduler(two_servers):
    """One pair of servers for the three checks: each costs minutes to start."""
    (base_a, log_a), (base_b, log_b) = two_servers
    home = ensure_newsroom()
    section = make_section(home, "عواصم")
    try:
        _publish_is_seen_on_both_at_once([base_a, base_b], section)
        _login_on_one_holds_on_the_other(base_a, base_b)
        _one_scheduler_is_active([base_a, base_b], [log_a, log_b], section)
    except AssertionError as failure:
        logs = "\n".join(log.read_text()[-3000:] for log in (log_a, log_b))
        raise AssertionError("%s\nServers' logs:\n%s" % (failure, logs)) from None


def _publish_is_seen_on_both_at_once(bases, section):
    paths = ["/", section.url]
    # Both servers have the pages in their caches before the publish.
    _seen_within(bases, paths, make_article(section, "خبر أول في القسم").title, 30)

    title = "قمة طارئة في العاصمة"
    article = make_article(section, title)
    # At once: the first answer of every page on either server, asked as soon as
    # the publish returned, shows the story; no cached copy of the time before is
    # served anywhere (how fast they render is bench/load.py's to measure).
    opener = urllib.request.build_opener()
    for url in (base + path for base in bases for path in [*paths, article.url]):
        status, body = _fetch(opener, url)
        assert status == 200 and title in html.unescape(body), (url, body[-300:])


def _login_on_one_holds_on_the_other(base_a, base_b):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = make_user("admin", username="muharrir")
    # Hashed as the servers' settings check it (the tests' own hasher is MD5).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt")
    user.save(update_fields=["password"])
    cookies = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

    status, body = _fetch(browser, base_b + "/admin/pages/")
    assert 'name="password"' in body
    status, body = _fetch(browser, base_a + "/admin/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": user.username,
            "password": PASSWORD,
            "next": "/admin/",
        }
    ).encode()
    request = urllib.request.Request(
        base_a + "/admin/login/",
        data=form,
        headers={"Referer": base_a + "/admin/login/"},
    )
    status, body = _fetch(browser, request)
    assert status == 200 and 'name="password"' not in body
    # The session cookie names no port: the same browser now asks the other server.
    status, body = _fetch(browser, base_b + "/admin/pages/")
    assert status == 200
    assert 'name="password"' not in body and "/admin/logout/" in body


def _one_scheduler_is_active(bases, logs, section):
    # Far enough ahead that it is still to come when the revision is published
    # on a loaded machine: else Wagtail publishes it at once, unscheduled.
    due = timezone.now() + datetime.timedelta(seconds=10)
    title = "خبر ينشر في موعده"
    article = make_article(
        section, title, publish_now=False, live=False, go_live_at=due
    )
    article.save_revision().publish()
    assert PageLogEntry.objects.filter(
        page=article, action="wagtail.publish.schedule"
    ).exists(), "the article went live before its time: not scheduled"
    _seen_within(bases, [section.url], title, 40)
    # Published once, by the scheduler: live, and no revision left waiting.
    article.refresh_from_db()
    assert article.live
    assert not Revision.objects.filter(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    ).exists()
    # ... and logged as a scheduled publish. Wagtail writes the entry after
    # the page is saved live and the publish signal's handlers (bans, search
    # index, entities) have run, outside any transaction: seconds after the
    # page shows, on a loaded machine.
    assert _logged_within(article, "wagtail.publish.scheduled", 60) == 1
    active = [log for log in logs if "Scheduler active" in log.read_text()]
    assert len(active) == 1
