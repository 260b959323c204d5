"""Tests for akhbar.arabic.build: the offline training of the entity CRF.

They sit here, not in tests/arabic/build/, a directory name pytest skips
when it collects tests (norecursedirs).
"""

from pathlib import Path

import pytest

from akhbar.arabic import Gazetteer, extract_entities, ner_model
from akhbar.arabic.build import train_ner
from akhbar.arabic.build.build_data import read_newsfane
from akhbar.arabic.entities.document import Doc
from akhbar.arabic.entities.rules import rule_matches

NEWSFANE = Path("/work/shared/data/arabic-entities/raw/NewsFANE_Gold_2014_170K.txt")


def rules_only():
    gazetteer = Gazetteer.load()
    gazetteer.model = False
    return gazetteer


def test_glue_clitics():
    """Split clitics are glued back; tagged letters and ل + ال are handled."""
    sentence = [
        ("و", "O"),
        ("قال", "O"),
        ("ب", "O"),
        ("لبنان", "B-Nation"),
        ("موقف", "O"),
        ("ه", "O"),
        ("ل", "O"),
        ("الاتحاد", "O"),
        ("د", "B-Media"),
        ("ب", "I-Media"),
        ("ا", "I-Media"),
        ("و", "O"),
    ]
    assert train_ner.glue_clitics(sentence) == [
        ("وقال", "O"),
        ("بلبنان", "B-Nation"),
        ("موقفه", "O"),
        ("للاتحاد", "O"),
        ("د", "B-Media"),
        ("ب", "I-Media"),
        ("ا", "I-Media"),
        ("و", "O"),
    ]


def test_training_labels_follow_runtime_tokens():
    """Training rebuilds text and labels the tokens extraction will see."""
    sentence = [
        ("بلبنان", "B-Nation"),
        ("،", "O"),
        ("قال", "O"),
        ("جون", "B-Politician"),
        ("بولتون", "I-Politician"),
        ("2002", "O"),
    ]
    gazetteer = rules_only()
    items = train_ner.sentence_items(sentence, gazetteer)
    assert [labels for _features, labels in items] == [["B-LOC", "O", "B-PER", "I-PER"]]
    doc = Doc(" ".join(t for t, _ in sentence))
    listed, found = rule_matches(doc, gazetteer)
    runtime = list(ner_model.sentence_features(doc, gazetteer, listed, found))
    assert runtime[0][1] == items[0][0]
    assert b"gBLOC" in runtime[0][1][0]


@pytest.mark.skipif(not NEWSFANE.exists(), reason="NewsFANE not available")
def test_training_is_deterministic(tmp_path):
    """Two trainings on the same sentences write the same model."""
    sentences = read_newsfane(NEWSFANE)[:120]
    params = {"max_iterations": 15}
    first = train_ner.train(sentences, tmp_path / "a.crfsuite", params=params)
    second = train_ner.train(sentences, tmp_path / "b.crfsuite", params=params)
    assert first.read_bytes() == second.read_bytes()
    model = ner_model.Model(first)
    gazetteer = Gazetteer.load()
    gazetteer.model = model
    text = " ".join(t for t, _ in sentences[0])
    assert isinstance(extract_entities(text, gazetteer), list)
