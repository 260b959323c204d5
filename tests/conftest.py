"""Fixtures shared by the whole suite."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import pytest

from akhbar.testing.servers import redis_server, s3_server

# The ``akhbar serve`` processes tests start share one folder of collected static
# files: collected once (about a minute of CPU), then found up to date
# (akhbar.core.static). The tests' own settings keep a folder of their own.
os.environ.setdefault(
    "AKHBAR_STATIC_ROOT",
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test-static"),
)

# The name the settings give the SQLite database inside AKHBAR_DATA_DIR.
SQLITE_FILE = "akhbar.sqlite3"

# A test whose fixtures include one of these can reach the test database.
DATABASE_FIXTURES = {"django_db_setup", "live_server"}


def uses_database(item) -> bool:
    """Whether a test can reach the database: pytest-django refuses database access
    to any other test, so what it checks is the same on every database. A test that
    hands the database to a process of its own says so with ``every_database``."""
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("every_database") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, run only the tests that reach the database; the others ran
    in the SQLite pass (scripts/run_tests.py runs both). ``AKHBAR_TESTS_EVERY_DB=1``
    runs them all again."""
    if not os.environ.get("DATABASE_URL") or os.environ.get("AKHBAR_TESTS_EVERY_DB"):
        return
    kept = [item for item in items if uses_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(
            items=[item for item in items if not uses_database(item)]
        )
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test databases, migrated once; on SQLite, the value is the path of a copy
    of the freshly migrated database, for ``sqlite_data_dir`` (None elsewhere).

    The copy is taken here, before any test runs: a transactional test's flush
    empties the rows that the migrations write.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    target = tmp_path_factory.mktemp("migrated") / SQLITE_FILE
    with django_db_blocker.unblock():
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    return target


@pytest.fixture(scope="session")
def sqlite_data_dir(django_db_setup, tmp_path_factory):
    """Make data dirs for ``akhbar`` processes on SQLite, each holding a database as
    ``akhbar migrate`` leaves it (a copy of the test database as migrated), so that
    processes start without migrating the schema again."""
    migrated = django_db_setup
    if migrated is None:
        raise RuntimeError("sqlite_data_dir needs the SQLite pass.")

    def make():
        path = tmp_path_factory.mktemp("data")
        shutil.copyfile(migrated, path / SQLITE_FILE)
        return path

    return make


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis server for the session, stopped afterwards."""
    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def s3():
    """A real S3 API server (moto's) with an empty bucket, for the session."""
    with s3_server() as server:
        yield server


@pytest.fixture
def s3_media(s3, settings):
    """Uploads, renditions and documents stored in the S3 server's bucket, as
    ``AKHBAR_MEDIA_STORAGE=s3`` makes them, for one test."""
    from akhbar.settings.base import s3_media as storage_of

    storage, _sources = storage_of(s3.environ())
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    return s3


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright's sync API allows
    one instance per thread), Debian's binary, no download."""
    import os

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    # Playwright's sync API runs an event loop in this thread; the Django calls the
    # tests make around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def home(db):
    from tests.news.factories import ensure_home

    return ensure_home()


@pytest.fixture
def publish_commits(django_capture_on_commit_callbacks):
    """Run the on-commit work of a publish (search index, related lists) as a
    real commit would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with empty caches, as a freshly deployed site does."""
    from django.core.cache import caches

    from akhbar.news.selectors import forget_cached_reads

    for alias in ("default", "fragments", "transient"):
        caches[alias].clear()
    forget_cached_reads()


@pytest.fixture(autouse=True)
def _no_commit_inside_shared_rows(request):
    """A test that commits cannot run while a module's shared rows are open: its
    commit would end their transaction. Such a test belongs in another module."""
    from akhbar.testing.rows import shared_rows_open

    marker = request.node.get_closest_marker("django_db")
    commits = (marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if commits and shared_rows_open():
        pytest.fail("%s commits, but shared rows are open" % request.node.nodeid)


class _OneRequestAtATime:
    """A WSGI app that lets one request in at a time, and none between tests."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.open = True

    def __call__(self, environ, start_response):
        with self.lock:
            if not self.open:
                start_response("503 Service Unavailable", [("Retry-After", "1")])
                return [b""]
            return self.app(environ, start_response)

    def close(self):
        """Wait for the request being handled, then refuse the rest."""
        with self.lock:
            self.open = False


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, but on an in-memory SQLite database (one
    connection, shared with the server's threads) it handles one request at a time:
    two at once, as a browser sends them, would interleave their savepoints on that
    one connection ("no such savepoint").

    Made after the test database: the server shares the connections it finds,
    and before then the one to share is not yet in memory (a run of browser
    tests alone then gave the server connections of its own, which locked the
    flush between tests: "database table is locked")."""
    import os

    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.gate = None
    if server.thread.connections_override:
        handler = server.thread.static_handler

        def one_at_a_time(app):
            server.gate = _OneRequestAtATime(handler(app))
            return server.gate

        server.thread.static_handler = one_at_a_time
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _live_server_quiet_at_teardown(request):
    """On the shared in-memory SQLite connection, the live server stops taking
    requests when a test ends, before its tables are flushed: a request still
    coming in (an article's read beacon, sent as the page loads) would otherwise
    run its queries inside the flush's transaction and fail it, leaving the
    test's rows for the next test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    gate = request.getfixturevalue("live_server").gate
    if gate is not None:
        gate.open = True
    yield
    if gate is not None:
        gate.close()


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory):
    """``akhbar demo`` then ``akhbar serve`` (one worker, no scheduler, DEBUG off)
    on an unusual port, from an empty data dir as an operator starts: its base URL.
    SQLite only; one server for every test that reads the served demo."""
    from akhbar.testing.servers import akhbar_served, free_port

    if os.environ.get("DATABASE_URL"):
        pytest.skip("serves its own SQLite data dir; run once, in the SQLite pass")
    port = free_port()
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(tmp_path_factory.mktemp("served-demo")),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_BASE_URL": "",
    }
    akhbar = [sys.executable, "-m", "akhbar.cli"]
    subprocess.run([*akhbar, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [*akhbar, "demo", "--site-url", "http://127.0.0.1:%d" % port],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    args = ("--workers", "1", "--no-scheduler")
    with akhbar_served(env, *args, port=port, wait_path="/robots.txt") as base:
        yield base
