"""Several analyses per word (akhbar.arabic.search_terms) and question words."""

from akhbar.arabic import normalize
from akhbar.arabic.search_terms import content_words, query_words, word_forms


def stem_of(word):
    return word_forms(normalize(word))[0][1]


def test_variants_share_the_stem():
    for family in (
        ["سوريا", "سورية", "السورية", "والسوريين", "لسوريا", "سوريــا"],
        ["أحمد", "احمد", "إحمد"],
        ["مُحَمَّد", "محمد"],
        ["الاستقرار", "استقرار"],
    ):
        assert len({stem_of(w) for w in family}) == 1, family


def test_names_are_not_over_stemmed():
    for name in ("بشار", "بوتين", "دمشق", "واشنطن", "بيروت"):
        assert stem_of(name) == normalize(name)


def test_forms_are_tagged_and_distinct():
    forms = dict(word_forms(normalize("والسوريين")))
    assert forms[""] == "سوريا"
    assert forms["="] == "سوريين"
    assert forms["!"] == "والسوريين"
    assert forms[">"] == "سوري"
    assert word_forms(normalize("في")) == ()


def test_question_words_are_dropped_unless_alone():
    assert query_words("ماهي عاصمة إيران؟ ال") == ["عاصمه", "ايران"]
    assert query_words("بماذا توصف الموناليزا") == ["توصف", "الموناليزا"]
    assert query_words("كم") == ["كم"]


def test_hashtags_give_their_words_with_the_tag_offsets():
    assert list(content_words("#سوريا_الجديدة")) == [
        ("سوريا", 0, 14),
        ("الجديده", 0, 14),
    ]
