"""``akhbar worker`` and the scheduler that ``akhbar serve`` runs."""

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
from akhbar.testing.databases import database_url
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
def test_serve_runs_the_scheduler_in_its_workers_or_beside_them(monkeypatch):
    started, execs = [], []
    monkeypatch.setattr(serve, "collect_static", lambda: False)
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda argv, **k: started.append(argv)
    )
    monkeypatch.setattr(
        serve.os, "execve", lambda path, argv, env: execs.append((argv, env))
    )
    call_command("serve", "--port", "8123", stdout=io.StringIO())
    argv, env = execs[-1]
    assert started == []
    assert "granian" in argv and "--respawn-failed-workers" in argv
    assert env["AKHBAR_SCHEDULER_IN_WORKERS"] == "1"

    call_command("serve", "--scheduler-process", stdout=io.StringIO())
    assert started == [
        [sys.executable, "-m", "akhbar.cli", "worker", "--parent-pid", str(os.getpid())]
    ]
    assert "AKHBAR_SCHEDULER_IN_WORKERS" not in execs[-1][1]

    started.clear()
    call_command("serve", "--no-scheduler", stdout=io.StringIO())
    assert started == []
    assert "AKHBAR_SCHEDULER_IN_WORKERS" not in execs[-1][1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "workers_get"), [(None, "2000"), ("", "2000"), ("500", "500")]
)
def test_serve_gives_its_workers_small_word_caches(monkeypatch, given, workers_get):
    execs = []
    monkeypatch.setattr(serve, "collect_static", lambda: False)
    monkeypatch.setattr(serve.os, "execve", lambda path, argv, env: execs.append(env))
    if given is None:
        monkeypatch.delenv("AKHBAR_WORD_CACHE_SIZE", raising=False)
    else:
        monkeypatch.setenv("AKHBAR_WORD_CACHE_SIZE", given)
    call_command("serve", "--no-scheduler", stdout=io.StringIO())
    assert execs[-1]["AKHBAR_WORD_CACHE_SIZE"] == workers_get


def _worker_env():
    return {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": ""}


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
        # Never early. How late is bench/front_cache.py's to measure (target ≤ 5 s):
        # here the worker may still be starting when the article falls due on a
        # loaded machine (5.7 s was seen with the suite beside other work).
        assert lateness >= 0
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


def _serving(env, *args):
    """``akhbar serve *args`` in a session of its own, and the list its output
    lines are added to as they come."""
    server = subprocess.Popen(
        [sys.executable, "-m", "akhbar.cli", "serve", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    threading.Thread(target=lambda: output.extend(server.stdout), daemon=True).start()
    return server, output


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
    server, output = _serving(env, "--port", str(free_port()), "--workers", "1")
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


SCHEDULE_THEN_WAIT = SCHEDULE_AND_WAIT.replace(
    "deadline = time.monotonic() + 10",
    "print('SCHEDULED', flush=True)\ndeadline = time.monotonic() + 20",
).replace("seconds=2.5", "seconds=4")


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path("/proc/%d/task" % pid).iterdir():
        found |= {int(x) for x in (task / "children").read_text().split()}
    return found


def _lock_holder(data_dir: Path) -> int:
    text = (data_dir / "scheduler.lock").read_text().strip()
    return int(text) if text else 0


def _answers(base: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(base + "/robots.txt", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="serves its own SQLite data dir; run once, in the SQLite pass",
)
def test_a_killed_worker_is_replaced_and_the_scheduler_moves(sqlite_data_dir):
    """``akhbar serve --workers 2``: SIGKILL the worker whose scheduler thread
    holds the lock just after an article is scheduled. The server keeps
    answering, granian brings the pool back to two workers, the other worker's
    scheduler takes the lock and the article still goes live on time."""
    data_dir = sqlite_data_dir()
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    akhbar = [sys.executable, "-m", "akhbar.cli"]
    subprocess.run([*akhbar, "migrate", "--noinput", "-v0"], env=env, check=True)
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    server, output = _serving(env, "--port", str(port), "--workers", "2")

    def wait_for(condition, seconds, what):
        deadline = time.monotonic() + seconds
        while not condition():
            assert server.poll() is None, "server exited:\n" + "".join(output)
            assert time.monotonic() < deadline, what + ":\n" + "".join(output)
            time.sleep(0.2)

    try:
        wait_for(
            lambda: (
                _answers(base) and _lock_holder(data_dir) in _children(server.pid)
                if (data_dir / "scheduler.lock").exists()
                else False
            ),
            600,  # collectstatic then two workers loading, on a loaded machine
            "no worker's scheduler took the lock",
        )
        wait_for(lambda: len(_children(server.pid)) == 2, 60, "not two workers")
        workers = _children(server.pid)
        for worker in workers:  # Small per-word caches (akhbar.arabic.caches).
            environ = Path("/proc/%d/environ" % worker).read_bytes().split(b"\0")
            assert b"AKHBAR_WORD_CACHE_SIZE=2000" in environ
        holder = _lock_holder(data_dir)
        scheduling = subprocess.Popen(
            [*akhbar, "shell", "-c", SCHEDULE_THEN_WAIT],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Past what the shell says first (the names it imports).
        seen = [scheduling.stdout.readline()]
        while seen[-1] and seen[-1].strip() != "SCHEDULED":
            seen.append(scheduling.stdout.readline())
        assert seen[-1].strip() == "SCHEDULED", seen
        os.kill(holder, signal.SIGKILL)
        wait_for(lambda: _answers(base), 10, "the server stopped answering")
        out, err = scheduling.communicate(timeout=120)
        line = [x for x in out.splitlines() if x.startswith("LATENESS")]
        assert line, out + err
        lateness = float(line[0].split()[1])
        assert 0 <= lateness < 5, "went live %s s late" % lateness
        new_holder = _lock_holder(data_dir)
        assert new_holder != holder and new_holder in _children(server.pid)
        # Two workers again, the new one loaded and serving.
        wait_for(
            lambda: (
                len(_children(server.pid)) == 2
                and holder not in _children(server.pid)
                and sum("Started worker" in line for line in output) >= 3
            ),
            300,
            "the pool did not come back to two workers",
        )
        assert _children(server.pid) != workers
        assert all(_answers(base) for _ in range(5))
        print("\nscheduled publish after the holder was killed: %.3f s late" % lateness)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
            raise
