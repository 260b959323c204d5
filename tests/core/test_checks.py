"""System checks tell an operator what is wrong and how to fix it."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings


def _ids(**kwargs):
    return {message.id for message in run_checks(**kwargs)}


@override_settings(
    DEBUG=False,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
def test_sqlite_without_debug_warns_at_deploy():
    from akhbar.core.checks import sqlite_in_production

    messages = sqlite_in_production(None)
    assert [m.id for m in messages] == ["akhbar.W001"]
    assert "DATABASE_URL" in messages[0].hint


@override_settings(DEBUG=True)
def test_sqlite_in_development_is_fine():
    from akhbar.core.checks import sqlite_in_production

    assert sqlite_in_production(None) == []


@pytest.mark.django_db  # The search index is among the things checked.
@override_settings(AKHBAR_DIGITS="hindi", AKHBAR_MONTH_NAMES="syriac")
def test_misspelt_reader_settings_are_reported():
    ids = _ids()
    assert {"akhbar.W002", "akhbar.W003"} <= ids


@pytest.mark.django_db
def test_default_settings_pass_the_reader_checks():
    assert not {"akhbar.W002", "akhbar.W003"} & _ids()
