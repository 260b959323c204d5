"""``akhbar reindex`` killed part-way: searches keep the old index, ``akhbar check``
says so, and the next rebuild clears the warning.

The rebuild runs in a separate process on a database that process can open: a
copy of the test database on SQLite (which lives in memory), the test database
itself on PostgreSQL. The test settings make the rebuild wait, once it has read
every article and replaced the old index in its transaction, until it is killed.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akhbar.testing.databases import database_url
from tests.news.factories import make_article, make_section

ROOT = Path(__file__).resolve().parents[2]
AKHBAR = [sys.executable, "-m", "akhbar.cli"]
SEARCH_AND_CHECK = """
from django.core.management import call_command
from akhbar.search.selectors import search_articles
print("FOUND %d" % search_articles(text="الفائدة").total)
call_command("check")
"""

pytestmark = pytest.mark.django_db(transaction=True)


def _observe(env) -> tuple[int, str]:
    """(articles a search finds, what ``check`` reports) in a fresh process."""
    done = subprocess.run(
        [*AKHBAR, "shell", "-c", SEARCH_AND_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = next(line for line in done.stdout.splitlines() if line.startswith("FOUND"))
    return int(found.split()[1]), done.stderr


def test_a_killed_reindex_leaves_the_old_index_and_a_warning(home, tmp_path):
    section = make_section(home, "اقتصاد")
    for n in range(3):
        make_article(section, "البنك المركزي يخفض الفائدة %d" % n)
    paused = tmp_path / "paused"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.test",
        "AKHBAR_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url(tmp_path),
        "REDIS_URL": "",
    }
    reindex = subprocess.Popen(
        [*AKHBAR, "reindex", "-v0"],
        cwd=ROOT,
        env={**env, "AKHBAR_SEARCH_REBUILD_PAUSE_FILE": str(paused)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not paused.exists():
            if reindex.poll() is not None or time.monotonic() > deadline:
                pytest.fail("reindex did not pause:\n%s" % reindex.stdout.read())
            time.sleep(0.1)
        # Mid-rebuild: the old index answers; the unfinished rebuild is reported.
        found, report = _observe(env)
        assert found == 3
        assert "akhbar_search.W001" in report
    finally:
        os.killpg(reindex.pid, signal.SIGKILL)
        reindex.wait(30)

    found, report = _observe(env)
    assert found == 3
    assert "akhbar_search.W001" in report and "akhbar reindex" in report
    assert "akhbar_search.W002" not in report

    subprocess.run(
        [*AKHBAR, "reindex", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    assert _observe(env) == (3, "")
