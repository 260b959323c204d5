"""``akhbar worker`` and the scheduler that ``akhbar serve`` starts."""

import datetime
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from akhbar.core.management.commands import serve
from akhbar.news.models import ArticlePage
from akhbar.testing.servers import free_port
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom

ROOT = Path(__file__).resolve().parents[2]


def _scheduled(section, title, seconds_ahead):
    article = make_article(
        section,
        title,
        publish_now=False,
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(seconds=seconds_ahead),
    )
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    return article


@pytest.mark.django_db
def test_worker_once_does_what_is_due(home, settings, tmp_path, monkeypatch):
    settings.AKHBAR_SCHEDULER_LOCK_FILE = tmp_path / "scheduler.lock"
    settings.REDIS_URL = ""
    article = _scheduled(make_section(home, "رياضة"), "مباراة الليلة", 3600)
    later = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # The hour has passed.
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    article.refresh_from_db()
    assert article.live
    assert "publish %d" % article.pk in out.getvalue()


@pytest.mark.django_db  # serve writes its address into the default Site record.
def test_serve_starts_the_scheduler_beside_granian(monkeypatch):
    started, execs = [], []
    monkeypatch.setattr(serve, "call_command", lambda *a, **k: None)
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda argv, **k: started.append(argv)
    )
    monkeypatch.setattr(serve.os, "execve", lambda path, argv, env: execs.append(argv))
    call_command("serve", "--port", "8123", stdout=io.StringIO())
    assert started == [
        [sys.executable, "-m", "akhbar.cli", "worker", "--parent-pid", str(os.getpid())]
    ]
    assert execs and "granian" in execs[0]

    started.clear()
    call_command("serve", "--no-scheduler", stdout=io.StringIO())
    assert started == []


def _worker_env():
    settings_dict = connection.settings_dict
    url = "postgres://%s@%s:%s/%s" % (
        settings_dict["USER"],
        settings_dict["HOST"],
        settings_dict["PORT"],
        settings_dict["NAME"],
    )
    return {**os.environ, "DATABASE_URL": url, "REDIS_URL": ""}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="A worker process needs a database another process can open: "
    "PostgreSQL (the SQLite test database lives in memory).",
)
@pytest.mark.django_db(transaction=True)
def test_worker_process_publishes_on_time_and_ends_with_its_parent():
    """A real ``akhbar worker`` process, watching a parent that then goes away."""
    section = make_section(ensure_newsroom(), "محليات")
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time;"
            "subprocess.Popen([sys.executable, '-m', 'akhbar.cli', 'worker',"
            " '--parent-pid', str(__import__('os').getpid())]);"
            "time.sleep(float(sys.argv[1]))",
            "30",
        ],
        cwd=ROOT,
        env=_worker_env(),
    )
    try:
        # Django starting up in the child; on a loaded machine it takes seconds.
        time.sleep(8)
        article = _scheduled(section, "خبر ينشره العامل", 2.5)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if ArticlePage.objects.filter(pk=article.pk, live=True).exists():
                break
            time.sleep(0.05)
        article.refresh_from_db()
        assert article.live
        lateness = (article.last_published_at - article.go_live_at).total_seconds()
        assert 0 <= lateness < 5
        print("\nworker process lateness: %.3f s" % lateness)
        parent.wait(40)
        # The worker checks its parent twice a second, then Python shuts down,
        # which takes seconds on a busy machine.
        deadline = time.monotonic() + 10
        while True:
            workers = subprocess.run(
                # Anchored: another suite on the machine may run a worker whose
                # parent's id starts with the same digits.
                ["pgrep", "-f", r"akhbar\.cli worker --parent-pid %d$" % parent.pid],
                capture_output=True,
                text=True,
            )
            if not workers.stdout.strip() or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert workers.stdout.strip() == ""
    finally:
        if parent.poll() is None:
            parent.kill()


SCHEDULE_AND_WAIT = """
import datetime, time
from django.utils import timezone
from akhbar.news.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.first()
section = SectionPage(title="منوعات")
home.add_child(instance=section)
section.save_revision().publish()
go_live_at = timezone.now() + datetime.timedelta(seconds=2.5)
article = ArticlePage(title="خبر مجدول بلا زوار", go_live_at=go_live_at)
section.add_child(instance=article)
article.save_revision().publish()
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    article.refresh_from_db()
    if article.live:
        break
    time.sleep(0.02)
print("LATENESS", (article.last_published_at - go_live_at).total_seconds()
      if article.live else "never")
"""


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="serves its own SQLite data dir; run once, in the SQLite pass",
)
def test_serve_publishes_a_scheduled_article_with_no_traffic(sqlite_data_dir):
    """The embedded default end to end: ``akhbar serve`` on SQLite, not one request.

    The article is scheduled from another process, as the admin would, and only
    the database is watched.
    """
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(sqlite_data_dir()),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    akhbar = [sys.executable, "-m", "akhbar.cli"]
    # The schema is already there; migrate has nothing left to do but say so.
    subprocess.run([*akhbar, "migrate", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [*akhbar, "serve", "--port", str(free_port()), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    threading.Thread(target=lambda: output.extend(server.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 240
        while not any("Scheduler active" in line for line in output):
            assert server.poll() is None, "".join(output)
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.2)
        result = subprocess.run(
            [*akhbar, "shell", "-c", SCHEDULE_AND_WAIT],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        line = [x for x in result.stdout.splitlines() if x.startswith("LATENESS")]
        assert line, result.stdout + result.stderr
        lateness = float(line[0].split()[1])
        assert 0 <= lateness < 5
        print("\nakhbar serve (SQLite) scheduled publish lateness: %.3f s" % lateness)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
