"""Tests for akhbar.arabic.dates."""

import datetime

import pytest

from akhbar.arabic import (
    find_dates,
    format_date,
    format_number,
    resolve_relative_date,
    to_digits,
)

DAY = datetime.date(2026, 11, 29)
REF = datetime.date(2025, 3, 10)  # a Monday


def test_gregorian_egyptian_arabic_digits_default():
    """Default output: Egyptian month names, Arabic-Indic digits."""
    assert format_date(DAY) == "٢٩ نوفمبر ٢٠٢٦"


def test_gregorian_western_digits():
    """Western digits on request."""
    assert format_date(DAY, digits="western") == "29 نوفمبر 2026"


@pytest.mark.parametrize(
    "month,name",
    [(1, "كانون الثاني"), (2, "شباط"), (3, "آذار"), (9, "أيلول"), (12, "كانون الأول")],
)
def test_levantine_month_names(month, name):
    """Levantine month names follow the Syriac series."""
    text = format_date(
        datetime.date(2024, month, 5), month_names="levantine", digits="western"
    )
    assert text == f"5 {name} 2024"


def test_hijri_umm_al_qura():
    """2025-03-01 is 1 Ramadan 1446 in Umm al-Qura."""
    assert format_date(datetime.date(2025, 3, 1), calendar="hijri") == (
        "١ رمضان ١٤٤٦ هـ"
    )
    assert format_date(DAY, calendar="hijri", digits="western") == (
        "19 جمادى الآخرة 1448 هـ"
    )


def test_hijri_out_of_range_falls_back_to_gregorian():
    """Dates hijridate does not cover are formatted in Gregorian."""
    old = datetime.date(1900, 1, 1)
    assert format_date(old, calendar="hijri", digits="western") == "1 يناير 1900"


def test_weekday_and_time():
    """Weekday prefix and time suffix."""
    value = datetime.datetime(2026, 11, 29, 14, 5, tzinfo=datetime.UTC)
    assert format_date(value, with_weekday=True, with_time=True, digits="western") == (
        "الأحد، 29 نوفمبر 2026، 14:05"
    )


def test_invalid_options_raise():
    """Unknown option values raise ValueError naming the accepted ones."""
    with pytest.raises(ValueError, match="egyptian"):
        format_date(DAY, month_names="maghrebi")
    with pytest.raises(ValueError, match="western"):
        to_digits("1", "roman")


def test_to_digits_both_ways():
    """Digits convert both ways, Persian included."""
    assert to_digits("عام 2025", "arabic") == "عام ٢٠٢٥"
    assert to_digits("عام ٢٠٢٥ و۱۲", "western") == "عام 2025 و12"


def test_format_number():
    """Arabic separators with Arabic-Indic digits, Latin ones otherwise."""
    assert format_number(1234567.5) == "١٬٢٣٤٬٥٦٧٫٥"
    assert format_number(1234567, digits="western") == "1,234,567"
    assert format_number(2.5, decimals=2, digits="western") == "2.50"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("بعد سقوط نظامه في 8 ديسمبر الماضي", datetime.date(2024, 12, 8)),
        ("في ٨ كانون الأول الماضي", datetime.date(2024, 12, 8)),
        ("في 8 مارس", datetime.date(2025, 3, 8)),
        ("في 15 مارس", datetime.date(2024, 3, 15)),  # future this year: last year
        ("في 10 مارس الماضي", datetime.date(2024, 3, 10)),  # strictly before
        ("15 مارس المقبل", datetime.date(2025, 3, 15)),
        ("8 ديسمبر 2024", datetime.date(2024, 12, 8)),
        ("8 كانون الأول/ديسمبر 2024", datetime.date(2024, 12, 8)),
        ("8 من ديسمبر عام 2030", datetime.date(2030, 12, 8)),
        ("3 جانفي 2017", datetime.date(2017, 1, 3)),
        ("قال أمس", datetime.date(2025, 3, 9)),
        ("أول أمس", datetime.date(2025, 3, 8)),
        ("اليوم", REF),
        ("غدا", datetime.date(2025, 3, 11)),
        ("الثلاثاء الماضي", datetime.date(2025, 3, 4)),
        ("الاثنين الماضي", datetime.date(2025, 3, 3)),
        ("يوم الاثنين المقبل", datetime.date(2025, 3, 17)),
        ("الجمعة القادم", datetime.date(2025, 3, 14)),
        ("10/03/2024", datetime.date(2024, 3, 10)),
    ],
)
def test_resolve_relative_date(text, expected):
    """Expressions resolve relative to the reference date."""
    assert resolve_relative_date(text, REF) == expected


@pytest.mark.parametrize("text", ["الأسبوع الماضي", "31 فبراير", "أمسية شعرية", ""])
def test_unresolvable_returns_none(text):
    """Vague spans, impossible dates and lookalike words give None."""
    assert resolve_relative_date(text, REF) is None


def test_find_dates_offsets():
    """Offsets point at the expression in the original text."""
    text = "سقط النظام في 8 ديسمبر الماضي، وزار الوفد دمشق أمس."
    found = find_dates(text, REF)
    assert [(text[s:e], d) for s, e, d in found] == [
        ("8 ديسمبر الماضي", datetime.date(2024, 12, 8)),
        ("أمس", datetime.date(2025, 3, 9)),
    ]
