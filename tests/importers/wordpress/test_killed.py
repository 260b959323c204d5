"""``akhbar import-wordpress`` killed with SIGKILL half-way through a large
export: the database holds no half-imported post (the import is one
transaction), and running it again imports every post once, complete, with the
counts of the export; a third run creates nothing.

The import runs in a separate process on a database it can open (a copy of the
test database on SQLite, the test database itself on PostgreSQL); what the
database holds is read by another process, as an operator would look.
"""

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akhbar.testing.databases import database_url

ROOT = Path(__file__).resolve().parents[3]
AKHBAR = [sys.executable, "-m", "akhbar.cli"]
POSTS = 300

# What the database holds: every imported post checked for its parts.
OBSERVE = """
import json
from collections import Counter
from akhbar.importers.models import ImportRecord
from akhbar.news.models import ArticlePage, SectionPage
articles = list(ArticlePage.objects.all())
sections = set(SectionPage.objects.values_list("path", flat=True))
incomplete = [
    page.pk for page in articles
    if not page.body or not page.tags.exists() or page.path[:-4] not in sections
]
records = Counter(
    ImportRecord.objects.filter(kind="article").values_list("external_id", flat=True)
)
print("OBSERVED " + json.dumps({
    "articles": len(articles),
    "live": sum(page.live for page in articles),
    "incomplete": incomplete,
    "records": len(records),
    "duplicate_records": [key for key, count in records.items() if count > 1],
}))
"""

pytestmark = pytest.mark.django_db(transaction=True)


def generated_export(path: Path) -> dict:
    """bench/import.py's Arabic export generator (posts with sections, tags,
    authors, comments, a few drafts, scheduled and private posts)."""
    spec = importlib.util.spec_from_file_location(
        "bench_import", ROOT / "bench" / "import.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(path, posts=POSTS, comments=1)


def observe(env) -> dict:
    done = subprocess.run(
        [*AKHBAR, "shell", "-c", OBSERVE],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.split("OBSERVED ", 1)[1])


def import_report(export, env) -> dict:
    done = subprocess.run(
        [*AKHBAR, "import-wordpress", str(export), "--json", "--no-reindex"],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def kill_half_way(export, env) -> None:
    """Start the import and SIGKILL it once its progress bar passes 50 %."""
    process = subprocess.Popen(
        [*AKHBAR, "import-wordpress", str(export), "--no-reindex"],
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    seen = b""
    deadline = time.monotonic() + 600
    try:
        while True:
            chunk = os.read(process.stderr.fileno(), 4096)
            if not chunk:
                pytest.fail("the import ended before half-way:\n%s" % seen[-2000:])
            seen += chunk
            percents = [int(p) for p in re.findall(rb"(\d+)%\|", seen)]
            if percents and max(percents) >= 50:
                break
            assert time.monotonic() < deadline, "no progress"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    assert process.returncode == -signal.SIGKILL


def test_a_killed_import_leaves_no_half_post_and_a_rerun_is_exact(home, tmp_path):
    export = tmp_path / "export.xml"
    counts = generated_export(export)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.test",
        "AKHBAR_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url(tmp_path),
        "REDIS_URL": "",
    }
    kill_half_way(export, env)
    # All or nothing: not one post of the killed import is in the database.
    after_kill = observe(env)
    assert after_kill["articles"] == 0
    assert after_kill["records"] == 0

    report = import_report(export, env)
    assert report["articles"]["created"] == counts["posts"] == POSTS
    imported = observe(env)
    assert imported["articles"] == POSTS
    assert imported["records"] == POSTS
    assert imported["incomplete"] == []
    assert imported["duplicate_records"] == []
    # A few posts are drafts, scheduled or private; most are live.
    assert POSTS * 0.9 < imported["live"] < POSTS

    again = import_report(export, env)
    assert again["articles"]["created"] == 0
    assert observe(env) == imported
