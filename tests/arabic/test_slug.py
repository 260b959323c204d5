"""Tests for akhbar.arabic.slug."""

from urllib.parse import quote

import pytest

from akhbar.arabic import slugify

HEADLINE = (
    "بوتين يؤكد دعمه لسوريا في رسالة إلى الرئيس الشرع: تعزيز التعاون والاستقرار "
    "بين البلدين في مختلف المجالات، مؤكدًا استمرار العلاقات الودية بين البلدين "
    "وتوسيع التعاون مع القيادة السورية الجديدة"
)


def test_arabic_kept_not_transliterated():
    """Arabic words stay in Arabic script, joined by hyphens."""
    assert slugify("بوتين يؤكد دعمه لسوريا") == "بوتين-يؤكد-دعمه-لسوريا"


def test_diacritics_tatweel_controls_and_punctuation_removed():
    """Marks, tatweel, bidi/zero-width controls and punctuation disappear."""
    text = "«مُحَمَّدٌ» سوريــا\u200f،\u200b الأخبار؟ (عاجل)!"
    assert slugify(text) == "محمد-سوريا-الأخبار-عاجل"


def test_latin_lowercased_and_digits_ascii():
    """Latin is lowercased; Arabic-Indic digits become ASCII."""
    assert slugify("iPhone ١٥ في COP29") == "iphone-15-في-cop29"


def test_presentation_forms_decomposed():
    """Presentation-form ligatures become ordinary letters."""
    assert slugify("\ufefb\ufe8e") == "لاا"


def test_empty_input_gives_empty_slug():
    """Empty or punctuation-only input returns "" for the caller to handle."""
    assert slugify("") == ""
    assert slugify(" ،؛؟ «» ... ") == ""


@pytest.mark.parametrize("limit", [30, 50, 75, 100, 200])
def test_long_headline_bounded_at_word_boundary(limit):
    """The encoded slug fits the limit and ends on a whole word."""
    slug = slugify(HEADLINE, max_bytes=limit)
    assert len(quote(slug, safe="")) <= limit
    full = slugify(HEADLINE, max_bytes=10_000)
    assert full.startswith(slug)
    assert full[len(slug) : len(slug) + 1] in ("-", "")
    assert slug


def test_default_limit_is_200_encoded_bytes():
    """The default limit is 200 percent-encoded bytes."""
    slug = slugify(HEADLINE * 3)
    assert len(quote(slug, safe="")) <= 200
    assert len(quote(slug + "-كلمة", safe="")) > 200 or slug == slugify(HEADLINE * 3)


def test_single_overlong_word_cut_between_characters():
    """A first word too long on its own is cut, never mid-character."""
    slug = slugify("ا" * 100, max_bytes=20)
    assert slug == "ااا"  # each letter is 6 encoded bytes
    assert len(quote(slug)) == 18
