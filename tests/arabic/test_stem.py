"""Tests for akhbar.arabic.stem."""

import pytest

from akhbar.arabic import normalize, stem


def s(word):
    return stem(normalize(word))


@pytest.mark.parametrize(
    "family",
    [
        ["سوريا", "سورية", "السورية", "لسوريا", "والسوريين", "سوري", "سوريــا"],
        ["الحكومة", "بالحكومة", "حكومات", "حكومته", "للحكومة"],
        ["الاستقرار", "استقرار", "واستقرار"],
        ["أحمد", "احمد", "إحمد"],
        ["مُحَمَّد", "محمد"],
        ["روسيا", "الروسي", "الروسية", "لروسيا", "روسي"],
        ["الانتخابات", "انتخابات", "والانتخابات", "للانتخابات"],
        ["اللاعبون", "لاعب", "اللاعبين"],
        ["ألمانيا", "الألمانية", "ألماني"],
        ["بلجيكا", "بلجيكي", "بلجيكيًا", "البلجيكيون"],
        ["فرنسا", "فرنسيا", "فرنسيان", "الفرنسية"],
    ],
)
def test_variant_families_share_a_stem(family):
    """Clitic, inflection and spelling variants meet."""
    assert len({s(word) for word in family}) == 1, {w: s(w) for w in family}


@pytest.mark.parametrize(
    "word,expected",
    [
        ("بشار", "بشار"),
        ("بوتين", "بوتين"),
        ("دمشق", "دمشق"),
        ("بدمشق", "دمشق"),
        ("إدلب", "ادلب"),
        ("بيروت", "بيروت"),
        ("ألمانيا", "المانيا"),
        ("لبنان", "لبنان"),
        ("بريطانيا", "بريطانيا"),
        ("ولاية", "ولايه"),
        ("وزير", "وزير"),
        ("برنامج", "برنامج"),
        ("فرنسا", "فرنسا"),
        ("وموسكو", "موسكو"),
        ("التزام", "التزام"),
        ("التعاون", "تعاون"),
    ],
)
def test_names_and_stems_not_over_stemmed(word, expected):
    """Proper names and words that merely look clitic-prefixed survive."""
    assert s(word) == expected


def test_conjunction_stripped_when_rest_is_a_word():
    """و is a clitic in وقال but part of the word in وزير."""
    assert s("وقال") == "قال"
    assert s("وزير") == "وزير"


def test_a_nisba_form_that_is_a_place_stays_that_place():
    """روسي + ا is روسيا itself, and تركي + ا is تركيا."""
    assert s("روسيا") == "روسيا"
    assert s("تركيا") == "تركيا"
    assert s("مصريا") == "مصر"


def test_non_arabic_unchanged():
    """Latin words and numbers pass through."""
    assert s("Reuters") == "reuters"
    assert s("2025") == "2025"
