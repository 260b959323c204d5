"""Dates in Wagtail's Arabic admin follow Arabic order (``akhbar.settings.formats``):
Django's ``ar`` module has no ``DATETIME_FORMAT`` and fell back to English's."""

import datetime

from django.template import Context, Template
from django.utils import formats, timezone, translation

WHEN = datetime.datetime(2026, 12, 7, 17, 19, tzinfo=datetime.UTC)


def tooltip(language: str) -> str:
    """The exact date Wagtail shows over its "3 hours ago" (its listings)."""
    template = Template("{% load wagtailadmin_tags %}{% human_readable_date when %}")
    with translation.override(language), timezone.override(datetime.UTC):
        return template.render(Context({"when": WHEN}))


def test_the_admin_dates_a_moment_day_month_year_in_arabic():
    html = tooltip("ar")
    assert "7 ديسمبر 2026، 17:19" in html
    assert "ديسمبر 7," not in html


def test_english_and_the_other_arabic_formats_are_django_s():
    assert "Dec. 7, 2026, 5:19 p.m." in tooltip("en")
    with translation.override("ar"):
        assert formats.get_format("DATE_FORMAT") == "j F، Y"
        assert formats.date_format(WHEN.date(), "SHORT_DATE_FORMAT") == (
            "07\u200f/12\u200f/2026"
        )
