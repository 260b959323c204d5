"""The Redis cache degrades instead of failing: with Redis stopped, pages are
still served (and the outage logged), and the publishing scheduler, whose lock
lives in Redis too, publishes what fell due once Redis is back."""

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from django.core.cache import caches

from akhbar.testing.databases import database_url
from akhbar.testing.servers import akhbar_served, free_port
from tests.news.factories import make_article, make_section

AKHBAR = [sys.executable, "-m", "akhbar.cli"]
REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed")

SCHEDULE = """
import datetime
from django.utils import timezone
from akhbar.news.models import ArticlePage, SectionPage
section = SectionPage.objects.live().first()
article = ArticlePage(title="خبر مجدول أثناء انقطاع ريديس", standfirst="مقدمة",
    body=[], live=False,
    go_live_at=timezone.now() + datetime.timedelta(seconds=%(seconds)f))
section.add_child(instance=article)
article.save_revision().publish()
print("URL " + article.url)
"""


class Redis:
    """redis-server on a fixed free port, stopped and started again at will."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="akhbar-redis-")
        self.process = None

    @property
    def url(self):
        return "redis://127.0.0.1:%d/0" % self.port

    def start(self):
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def close(self):
        if self.process and self.process.poll() is None:
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def test_a_stopped_redis_is_a_cache_miss_logged(settings, caplog):
    redis = Redis()  # Not started: connections are refused.
    settings.CACHES = {
        **settings.CACHES,
        "outage": {
            "BACKEND": "akhbar.core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
    }
    cache = caches["outage"]
    with caplog.at_level(logging.WARNING, logger="akhbar.core.cache"):
        assert cache.get("key", "missing") == "missing"
        cache.set("key", 1)
        assert cache.add("key", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        with pytest.raises(ValueError):
            cache.incr("key")
    assert "Redis cache unavailable" in caplog.text
    redis.start()
    try:
        cache.set("key", 41)
        assert cache.incr("key") == 42
    finally:
        redis.close()


def get(url) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_pages_are_served_without_redis_and_the_scheduler_resumes(home, tmp_path):
    section = make_section(home, "اقتصاد")
    article = make_article(section, "البنك المركزي يثبت الفائدة")
    redis = Redis()
    redis.start()
    env = {
        **os.environ,
        # The settings of a real site, whose cache is Redis (the test
        # settings keep a local one).
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url(tmp_path),
        "REDIS_URL": redis.url,
        "AKHBAR_SCHEDULER_POLL_SECONDS": "0.5",
    }
    try:
        with akhbar_served(
            env, "--workers", "1", wait_path="/healthz", timeout=900
        ) as base:
            page = base + quote(article.url, safe="/%")
            assert get(page) == 200
            redis.stop()
            # Degraded: rendered without the cache, every time.
            for _ in range(3):
                assert get(page) == 200
                assert get(base + "/") == 200
            assert get(base + "/readyz") == 503
            scheduled = subprocess.run(
                [*AKHBAR, "shell", "-c", SCHEDULE % {"seconds": 1}],
                env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            due = scheduled.stdout.split("URL ", 1)[1].split()[0]
            due = base + quote(due, safe="/%")
            time.sleep(1.5)
            redis.start()
            deadline = time.monotonic() + 60
            while get(due) != 200:
                assert time.monotonic() < deadline, "the scheduler did not resume"
                time.sleep(0.5)
            assert get(base + "/readyz") == 200
    finally:
        redis.close()
