"""Tests for akhbar.arabic.normalize."""

import pytest

from akhbar.arabic import is_stopword, normalize


@pytest.mark.parametrize(
    "text,expected",
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanween
        ("سوريــا", "سوريا"),  # tatweel
        ("رحمٰن", "رحمن"),  # superscript alef
        ("أحمد إحمد آمن ٱلله", "احمد احمد امن الله"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مؤتمر رئيس", "موتمر رييس"),
        ("عام ٢٠٢٥ و۱۲", "عام 2025 و12"),
        ("BBC Straße", "bbc strasse"),
        ("\ufefb", "لا"),  # presentation form ligature
        ("سو\u200bريا\u200f\u202bx\u202c\u2066y\u2069\ufeff\u061c", "سورياxy"),
    ],
)
def test_normalize(text, expected):
    """Each documented folding is applied."""
    assert normalize(text) == expected


def test_punctuation_and_spaces_kept():
    """Normalisation does not tokenise."""
    assert normalize("قال: «نعم»، لا؟") == "قال: «نعم»، لا؟"


def test_stopwords():
    """Function words and fillers are stopwords; content words are not."""
    for word in ("في", "إلى", "أن", "وقال", "على"):
        assert is_stopword(normalize(word)), word
    for word in ("سوريا", "حكومة", "انتخابات"):
        assert not is_stopword(normalize(word)), word
