"""Fixtures shared by the whole suite."""

import pytest

from akhbar.testing.servers import redis_server


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis server for the session, stopped afterwards."""
    with redis_server() as url:
        yield url


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


@pytest.fixture(autouse=True)
def _clear_caches():
    """Each test starts with empty caches, as a freshly deployed site does."""
    from django.core.cache import caches

    from akhbar.news.selectors import forget_cached_reads

    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_cached_reads()
