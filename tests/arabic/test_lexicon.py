"""Tests for akhbar.arabic.lexicon, the words the entity rules and model share."""

import pytest

from akhbar.arabic import Gazetteer, lexicon, ner_model, normalize
from akhbar.arabic.entities.document import HEAD, SPEECH, Doc, token_roles


def test_clitic_forms_put_the_article_back():
    """A clitic before the article gives the definite form, letters counted."""
    assert lexicon.clitic_forms(normalize("للحكومة")) == (
        ("للحكومه", 0),
        ("الحكومه", 2),
        ("لحكومه", 1),
    )
    forms = dict(lexicon.clitic_forms(normalize("وبالحكومة")))
    assert forms["وبالحكومه"] == 0
    assert forms["الحكومه"] == 2
    assert forms["بالحكومه"] == 1
    # The word comes first; a rest shorter than two letters is no form.
    assert lexicon.clitic_forms("لا") == (("لا", 0),)


def test_nisba_adjectives():
    """Adjectives of nationality are told from places and from other adjectives."""
    assert lexicon.is_nisba(normalize("الروسي"))
    assert lexicon.is_nisba(normalize("الروسية"))
    assert not lexicon.is_nisba(normalize("روسيا"))
    assert not lexicon.is_nisba(normalize("الرئيسي"))
    # The shape alone, for adjectives no list knows (after a title).
    assert lexicon.looks_nisba(normalize("الفنلندي"))
    assert lexicon.looks_nisba(normalize("الرئيسي"))
    assert not lexicon.looks_nisba(normalize("فنلندي"))


def test_kunya_clitic():
    """أبو with at most a short clitic before it starts a kunya."""
    assert lexicon.kunya_clitic(normalize("أبو")) == 0
    assert lexicon.kunya_clitic(normalize("وأبو")) == 1
    assert lexicon.kunya_clitic(normalize("أبوظبي")) is None
    assert lexicon.kunya_clitic(normalize("بوتين")) is None


def test_content_words():
    """Function words and split-off clitics never make up a name."""
    assert lexicon.is_content_word(normalize("بوتين"))
    assert not lexicon.is_content_word(normalize("في"))
    assert not lexicon.is_content_word(normalize("الذي"))
    assert not lexicon.is_content_word("و")


def test_name_words_are_the_well_attested_ones():
    """The rules' name words are the Wikidata words attested often enough."""
    path = lexicon.resources.DATA_DIR / "name_words.tsv"
    rows = [(w, int(n)) for w, n in lexicon.resources.read_fields(path)]
    counts = lexicon.name_word_counts()
    assert len(counts) == len(rows) > 50_000
    assert all(counts.get(w) == n for w, n in rows)
    assert counts.get("ليست كلمة اسم", 0) == 0
    names = lexicon.name_words()
    assert names
    assert names == {w: n for w, n in rows if n >= lexicon.NAME_WORD_MIN_COUNT}


@pytest.mark.parametrize(
    "word, role, feature",
    [
        ("وقال", SPEECH, "sv"),
        ("ووزارة", HEAD, "oh"),
        ("بمدينة", HEAD, "lh"),
        ("لنادي", HEAD, "nh"),
    ],
)
def test_rules_and_model_read_the_same_words(word, role, feature):
    """A cue word, clitic and all, is a role for the rules and a model feature."""
    gazetteer = Gazetteer.load()
    norm = normalize(word)
    assert token_roles(Doc(word), gazetteer)[0] & role
    assert feature in ner_model.word_features(norm, False, gazetteer)[0]
