"""Questions as readers type them: mistyped and glued question words.

The backend tests run on the database under test (SQLite, then PostgreSQL
with scripts/test).
"""

import pytest

from akhbar.search import query
from akhbar.search.backends import IndexDocument, SearchQuery, get_search_backend
from akhbar.search.query import (
    mend_question_words,
    parse_query,
    respellings,
    search_words,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("بمادا يلقب عمر المختار؟", "بماذا يلقب عمر المختار؟"),
        ("لمادا سمي بالتقويم الغريغوري؟", "لماذا سمي بالتقويم الغريغوري؟"),
        ("مين استقل مصر؟", "من استقل مصر؟"),
        ("ماالاسم الدي يطلق على الدولة؟", "ما الاسم الذي يطلق على الدولة؟"),
        ("ماذايحدث اثناء فترات الاكتئاب؟", "ماذا يحدث اثناء فترات الاكتئاب؟"),
    ],
)
def test_a_mistyped_question_searches_the_words_of_the_right_one(typed, meant):
    assert mend_question_words(typed) == meant
    assert parse_query(typed) == parse_query(meant)


@pytest.mark.parametrize(
    "text",
    ["مادة الفيزياء", "مال ماليزيا", "مينا الميناء", "ماذا يحدث", "الماء"],
)
def test_words_that_only_begin_like_a_question_word_are_kept(text):
    assert mend_question_words(text) == text


def article(key, headline, body):
    return IndexDocument(kind="article", object_id=key, headline=headline, body=body)


def found(backend, text):
    results = backend.search(SearchQuery(text=text, limit=10))
    return [hit.object_id for hit in results.hits]


@pytest.mark.django_db
def test_a_mistyped_question_word_does_not_rank_a_story_that_shares_its_letters(
    monkeypatch,
):
    backend = get_search_backend()
    backend.rebuild(
        [
            # Both stories name the question's word once, in texts of one length;
            # the typo (مادا) shares the Snowball stem of مادة with the second.
            article("typo", "التصوف", "مادة دراسية جديدة في المناهج"),
            article("answer", "التصوف", "منهج روحي يقوم على الزهد"),
            article("other", "أخبار الرياضة", "مباراة في الملعب"),
        ]
    )
    assert found(backend, "مادا يعني التصوف؟")[0] == "answer"
    monkeypatch.setattr(query, "mend_question_words", lambda text: text)
    assert found(backend, "مادا يعني التصوف؟")[0] == "typo"


def test_respellings_swap_confused_letters_and_drop_one_from_long_words():
    assert "السرطان" in respellings("الصرطان")
    assert "اضطراب" in respellings("اظطراب")
    assert "الفاتحين" in respellings("الفاتتحين")
    # Four letters: swaps only, no letter dropped.
    assert {"تامر", "طامر"} <= set(respellings("ثامر"))
    assert all(len(word) == 4 for word in respellings("ثامر"))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("جدود", "حدود"),  # neighbouring keys
        ("قطاه", "قطاع"),
        ("يباغ", "يبلغ"),
        ("قاءد", "قايد"),  # a bare hamza for one on its seat (قائد)
        ("ماترن", "مارتن"),  # two letters swapped
        ("استمعال", "استعمال"),
    ],
)
def test_respellings_cover_keyboard_neighbours_hamza_seats_and_swapped_letters(
    typed, meant
):
    assert meant in respellings(typed)


@pytest.mark.django_db
def test_a_word_no_story_holds_is_searched_as_its_likeliest_respelling():
    backend = get_search_backend()
    backend.rebuild(
        [
            article("cancer", "مرض السرطان", "علاج السرطان وأعراض السرطان"),
            article("weather", "أخبار الطقس", "السرطان في التقويم وأمطار غزيرة"),
            article("thamer", "حفل ثامر", "غنى ثامر في الحفل"),
            article("tamer", "حفل تامر", "غنى تامر في الحفل"),
            article("homeland", "حب الوطن", "نشيد الوطن"),
            article("born", "ميلاد الإسكندر", "ولد الإسكندر في مقدونيا"),
            article("books", "كتب الإسكندر", "كتب عن الإسكندر"),
        ]
    )
    # الصرطان is in no story: searched as السرطان, and shown as found.
    results = backend.search(SearchQuery(text="ما علاج الصرطان؟", limit=10))
    assert [hit.object_id for hit in results.hits][:2] == ["cancer", "weather"]
    assert "سرطان" in results.stems
    # A word some story holds is searched as typed, not respelled.
    assert found(backend, "ثامر") == ["thamer"]
    assert found(backend, "طامر") == ["tamer"]
    # A respelling whose stem is another word is not one: بوتن is no بوطن (وطن).
    assert found(backend, "بوتن") == []
    assert found(backend, "الصرطان الطقس") == ["weather", "cancer"]
    # كتى is one slip from كتب (ب for ى) and from متى (م for ك): a word one
    # slip from a question word or stopword is taken for it, not respelled.
    assert found(backend, "كتى ولد الإسكندر؟")[0] == "born"
    assert found(backend, "كتب ولد الإسكندر")[0] == "books"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ماذا", []),
        ("لمادا؟", []),
        ("في من", []),
        ("؟", []),
        ("لمادا سوريا؟", ["سوريا"]),
        ("متى ولد ابن خلدون", ["ولد", "ابن", "خلدون"]),
    ],
)
def test_search_words_are_what_a_query_is_searched_by(text, words):
    assert search_words(text) == words
    assert bool(parse_query(text)) == bool(words)
