"""Several analyses per word (akhbar.arabic.search_terms) and question words."""

import pytest

from akhbar.arabic import normalize
from akhbar.arabic.search_terms import (
    content_words,
    imperfect_as_masculine,
    query_words,
    word_forms,
)
from akhbar.search.backends import IndexDocument, SearchQuery, get_search_backend


def article(key, headline, body=""):
    return IndexDocument(kind="article", object_id=key, headline=headline, body=body)


def found(backend, text):
    results = backend.search(SearchQuery(text=text, limit=20))
    return [hit.object_id for hit in results.hits]


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


def test_a_present_tense_verb_meets_its_other_gender_in_the_loose_forms():
    """تحد (the country borders) and يحدها (it is bordered by): the prefix
    and Snowball forms meet, the light stem and exact forms stay apart."""
    feminine = dict(word_forms(normalize("تحد")))
    masculine = dict(word_forms(normalize("يحدها")))
    assert feminine[">"] == masculine[">"] == "يحد"
    assert feminine["~"] == masculine["~"]
    assert feminine[""] != masculine[""]
    assert imperfect_as_masculine("تقع") == "يقع"
    assert imperfect_as_masculine("يقع") == "يقع"
    assert imperfect_as_masculine("تل") == "تل"
    # A name is no verb: Tunisia does not meet Yunus.
    assert dict(word_forms(normalize("تونس")))[">"] == "تونس"


@pytest.mark.django_db
def test_a_question_in_one_gender_finds_the_text_in_the_other():
    """«ما الدول التي تحد سوريا» asks what «يحدها» answers: the text saying
    so outranks one naming the country alone."""
    backend = get_search_backend()
    backend.rebuild(
        [
            article("borders", "سوريا", "دولة عربية يحدها لبنان من الغرب"),
            article("visit", "سوريا", "دولة عربية زارها وفد من الغرب"),
        ]
    )
    assert found(backend, "ما الدول التي تحد سوريا من الغرب؟")[0] == "borders"


@pytest.mark.django_db
def test_a_nisba_adjective_in_the_accusative_names_its_country():
    """«سائحا بلجيكيا» (a Belgian tourist) names Belgium as «بلجيكي» does, so
    the short story is first, above a long one."""
    backend = get_search_backend()
    backend.rebuild(
        [
            article("tourist", "المطار", "استقبل المطار سائحا بلجيكيا"),
            article(
                "team",
                "المباراة",
                "فاز فريق بلجيكي على منافسه في المباراة أمس بهدفين نظيفين، "
                "وتقدم بذلك إلى المركز الثاني في ترتيب الدوري قبل ثلاث جولات "
                "من نهاية الموسم، فيما تراجع الفريق المنافس إلى المركز الخامس",
            ),
        ]
    )
    assert found(backend, "بلجيكا") == ["tourist", "team"]
