"""Rows written once for the tests of a module or class, rolled back after them.

Building a page tree through Wagtail's publishing costs far more than most tests that
read it. A module- or class-scoped fixture can write the tree once, in a transaction
that stays open while the tests run; each test runs in its own savepoint inside it (as
``django.test.TestCase`` does for ``setUpTestData``), so what a test writes is rolled
back after it and the next test finds the rows as they were built::

    site_rows = rows_fixture(build_site)

    @pytest.fixture
    def site(site_rows, db):
        return copy.deepcopy(site_rows)  # a test may change its instances

Tests that need a real commit (``transaction=True``, a live server) cannot run inside
the open transaction; ``shared_rows_open()`` lets the suite refuse them there.
"""

import pytest
from django.db import transaction

_open = 0


def rows_fixture(build, *, scope="module"):
    """A fixture whose value is ``build()``, written once per ``scope`` (a module
    or a class) by ``shared_rows``; it takes the name it is assigned to."""

    @pytest.fixture(scope=scope)
    def rows(django_db_setup, django_db_blocker):
        yield from shared_rows(django_db_blocker, build)

    return rows


def shared_rows(django_db_blocker, build, *args, **kwargs):
    """Yield ``build(*args, **kwargs)`` written in a transaction that is rolled back
    when the generator is closed (a fixture's teardown)."""
    global _open
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # As TestCase marks its own blocks: code under test may open durable ones.
        atomic._from_testcase = True
        atomic.__enter__()
        _open += 1
        try:
            value = build(*args, **kwargs)
        except BaseException:
            _close(atomic)
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            _close(atomic)


def _close(atomic):
    global _open
    _open -= 1
    transaction.set_rollback(True)
    atomic.__exit__(None, None, None)


def shared_rows_open() -> bool:
    """Whether a ``shared_rows`` transaction is open (tests run inside it)."""
    return _open > 0
