"""bench/load.py at CI size: 8 readers for 8 s on article pages through Varnish
while one article a second is published: no request fails and every story
shows on the home page and at its own address; a serve worker killed under
load is replaced."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("wrk") and shutil.which("varnishd", path="/usr/sbin")),
        reason="wrk and varnish are needed ('scripts/setup --test')",
    ),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="the bench serves its own SQLite data dir; run once, in the SQLite pass",
    ),
]


def test_no_request_fails_while_the_newsroom_publishes():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--clients", "8",
         "--seconds", "8", "--json"],
        capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["front"] == "Varnish"
    assert report["requests"] > 0
    assert sum(report["errors"].values()) == 0, report["errors"]
    assert len(report["stories"]) >= 3
    for story in report["stories"]:
        assert story["home"] is not None and story["article"] is not None


def test_the_pool_recovers_when_a_worker_is_killed_under_load():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--clients", "4",
         "--seconds", "6", "--kill-worker", "--json"],
        capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["front"] == "app"
    assert report["killed"]
    assert report["answers_after"]
    assert report["workers_after"] == report["workers_before"]
