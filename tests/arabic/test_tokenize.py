"""Tests for akhbar.arabic.tokenize."""

from akhbar.arabic import analyze, analyze_with_offsets, tokenize


def kinds(text):
    return [(t.text, t.kind) for t in tokenize(text)]


def test_offsets_point_into_original_text():
    """Every token's offsets slice the original string to its text."""
    text = "قال «مُحَمَّد»، في سوريــا؟ https://a.org/x. #سوريا_الجديدة"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_arabic_punctuation_separates():
    """، ؛ ؟ « » are not tokens and split words."""
    assert kinds("نعم،لا؛ربما؟«حسنا»") == [
        ("نعم", "arabic"),
        ("لا", "arabic"),
        ("ربما", "arabic"),
        ("حسنا", "arabic"),
    ]


def test_diacritics_and_tatweel_stay_inside_words():
    """Marks and tatweel do not split words."""
    assert kinds("مُحَمَّد سوريــا") == [("مُحَمَّد", "arabic"), ("سوريــا", "arabic")]


def test_mixed_scripts_numbers_and_glued_digits():
    """Arabic glued to digits splits; Latin keeps trailing digits."""
    assert kinds("كوفيد19 COP29 في ٢٠٢٥ و3.5") == [
        ("كوفيد", "arabic"),
        ("19", "number"),
        ("COP29", "latin"),
        ("في", "arabic"),
        ("٢٠٢٥", "number"),
        ("و", "arabic"),
        ("3.5", "number"),
    ]


def test_web_tokens():
    """URLs (without trailing punctuation), emails, hashtags and mentions."""
    text = (
        "زوروا https://example.com/a?b=1. راسلوا news@akhbar.net #سوريا_الجديدة @akhbar"
    )
    assert kinds(text)[1:] == [
        ("https://example.com/a?b=1", "url"),
        ("راسلوا", "arabic"),
        ("news@akhbar.net", "email"),
        ("#سوريا_الجديدة", "hashtag"),
        ("@akhbar", "mention"),
    ]


def test_analyze_drops_stopwords_and_stems():
    """analyze keeps content words as stems."""
    assert analyze("وقال إن الحكومة السورية في دمشق") == ["حكوم", "سوريا", "دمشق"]


def test_analyze_with_offsets():
    """Offsets of analysed words point at the original words."""
    text = "بالحكومة والسوريين"
    result = list(analyze_with_offsets(text))
    assert result == [("حكوم", 0, 8), ("سوريا", 9, 18)]


def test_word_tokens_are_the_words_of_tokenize():
    """word_tokens keeps the Arabic and Latin words of tokenize, offsets and all."""
    from akhbar.arabic.tokenize import word_tokens

    text = "زار COP29 يوم 12.5 ساعة https://a.org/x و info@a.org #وسم @حساب «قمة»"
    words = [t for t in tokenize(text) if t.kind in ("arabic", "latin")]
    assert word_tokens(text) == words
    assert [t.text for t in words] == ["زار", "COP29", "يوم", "ساعة", "و", "قمة"]
