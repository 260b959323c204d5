"""Tests for akhbar.arabic.ner_model and akhbar.arabic.train_ner."""

from pathlib import Path

import pytest

from akhbar.arabic import Gazetteer, extract_entities, ner_model, train_ner
from akhbar.arabic.build_data import read_newsfane
from akhbar.arabic.entities import (
    _clitic_length,
    _complete_link,
    _Doc,
    _is_possessed,
    _rule_matches,
    _split_name_lists,
    _trim_common_tail,
)

NEWSFANE = Path("/work/shared/data/arabic-entities/raw/NewsFANE_Gold_2014_170K.txt")


def rules_only():
    gazetteer = Gazetteer.load()
    gazetteer.model = False
    return gazetteer


def test_model_ships_with_the_package():
    """The model is a data file of the package, small enough to ship."""
    assert ner_model.MODEL_PATH.exists()
    assert ner_model.MODEL_PATH.stat().st_size < 5_000_000
    licence = ner_model.MODEL_PATH.parent / "LICENSE-NewsFANE-CC-BY-SA-3.0.txt"
    assert licence.exists()
    assert "ner.crfsuite" in (ner_model.MODEL_PATH.parent / "SOURCE.md").read_text()
    assert ner_model.default_model() is not None


def test_model_finds_unlisted_name_from_context():
    """A name no list or rule knows is found from its context."""
    text = "وصل أنوشه أنصاري إلى المحطة الفضائية أمس."
    assert extract_entities(text, rules_only()) == []
    found = extract_entities(text)
    assert [(e.text, e.type, e.canonical) for e in found] == [
        ("أنوشه أنصاري", "PER", "أنوشه أنصاري")
    ]


def test_model_drops_rule_mistakes():
    """A rule guess the model rejects is dropped ("بنظيره" is no name)."""
    text = "التقى وزير الخارجية بنظيره كامبوسيا برتوي في العاصمة."
    rule_texts = {e.text for e in extract_entities(text, rules_only())}
    assert "بنظيره كامبوسيا برتوي" in rule_texts
    assert [e.text for e in extract_entities(text)] == ["كامبوسيا برتوي"]


def test_listed_names_keep_their_canonical_name():
    """With the model on, listed names keep type and canonical name."""
    text = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن بوتين سيزور دمشق."
    found = {(e.canonical, e.type) for e in extract_entities(text)}
    assert found == {
        ("الكرملين", "ORG"),
        ("دميتري بيسكوف", "PER"),
        ("فلاديمير بوتين", "PER"),
        ("دمشق", "LOC"),
    }


def test_model_offsets_exclude_clitics():
    """Model mentions slice the text; a clitic goes when the rest is known."""
    text = "والتقى الوزير بأنوشه أنصاري في موسكو."
    for entity in extract_entities(text):
        assert text[entity.start : entity.end] == entity.text
    gazetteer = rules_only()
    assert _clitic_length("بلبنان", gazetteer) == 1
    assert _clitic_length("لبنان", gazetteer) == 0
    assert _clitic_length("بوتين", gazetteer) == 0
    assert _clitic_length("والمرصد", gazetteer) == 1


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
    doc = _Doc(" ".join(t for t, _ in sentence))
    listed, found = _rule_matches(doc, gazetteer)
    runtime = list(ner_model.sentence_features(doc, gazetteer, listed, found))
    assert runtime[0][1] == items[0][0]
    assert b"gBLOC" in runtime[0][1][0]


def test_sentences_are_tagged_separately():
    """A full stop or a line break ends the sequence the model tags."""
    doc = _Doc("زار الوزير دمشق. ثم عاد\nإلى بيروت")
    assert list(ner_model._sentences(doc)) == [(0, 3), (3, 5), (5, 7)]


def test_bio_spans():
    """BIO labels become spans; a stray I starts a span, a type change ends one."""
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-LOC"]
    assert ner_model._bio_spans(labels, 10) == [
        (10, 12, "PER"),
        (13, 14, "LOC"),
        (14, 15, "ORG"),
        (15, 16, "LOC"),
    ]


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


def test_possessed_nouns_are_not_names():
    """A common noun with "your"/"their" is no name; names ending in ك are."""
    assert _is_possessed("بريدك")
    assert not _is_possessed("مبارك")
    text = "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها"
    assert extract_entities(text) == []


def test_words_with_tanween_are_not_names():
    """Indefinite words marked with tanween (عسكريًا) never make a name."""
    text = (
        "كانت روسيا الداعم الأساسي لنظام بشار الأسد لسنوات طويلة، حيث قدمت له"
        " دعمًا سياسيًا وعسكريًا واقتصاديًا. ولكن بعد سقوط نظامه في 8 ديسمبر"
        " الماضي، بدأت موسكو إعادة تقييم علاقاتها مع الحكومة السورية الجديدة."
    )
    found = {(e.text, e.type) for e in extract_entities(text)}
    assert found == {("روسيا", "LOC"), ("بشار الأسد", "PER"), ("موسكو", "LOC")}


def test_threads_share_the_model():
    """Concurrent extractions give the same mentions as one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "وصل أنوشه أنصاري إلى المحطة الفضائية أمس.",
        "التقى وزير الخارجية بنظيره كامبوسيا برتوي في العاصمة.",
        "وقال المتحدث باسم الكرملين دميتري بيسكوف إن بوتين سيزور دمشق.",
    ] * 20
    expected = [extract_entities(text) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(extract_entities, texts)) == expected


def test_cluster_and_name_word_features():
    """Words carry their news-text cluster and Wikidata name attestation."""
    gazetteer = rules_only()
    own = ner_model._word_features("دمشق", False, gazetteer)[0]
    assert any(f.startswith("c=") and f != "c=-" for f in own)
    # With a clitic the word takes the cluster of its clitic-free form.
    clitic = ner_model._word_features("بدمشق", False, gazetteer)[0]
    assert {f for f in own if f[:2] in ("c=", "k=")} == {
        f for f in clitic if f[:2] in ("c=", "k=")
    }
    assert any(
        f.startswith("nw")
        for f in ner_model._word_features("نادال", False, gazetteer)[0]
    )
    assert not any(
        f.startswith("nw")
        for f in ner_model._word_features("الحكومة", False, gazetteer)[0]
    )
    # Cities share a coarse cluster, as they are used alike in news text.
    clusters = ner_model.clusters()
    assert clusters["دمشق"][0] == clusters["باريس"][0]


def test_model_mention_drops_trailing_common_word():
    """A model person mention does not end in a frequent common word."""
    gazetteer = rules_only()
    doc = _Doc("عقدت هيرمان أمس مؤتمرا")
    assert _trim_common_tail(doc, 1, 3, gazetteer) == 2
    doc = _Doc("وصل محمود عباس أمس")
    assert _trim_common_tail(doc, 1, 3, gazetteer) == 3
    # Family names are frequent in the news of their country (الحرشاني).
    doc = _Doc("وأكد فرحات الحرشاني أن")
    assert _trim_common_tail(doc, 1, 3, gazetteer) == 3


def test_model_person_span_splits_at_and_before_a_name():
    """ "فيليبس وشيفا" is two people; "وليد" is a name, not "and ليد"."""
    doc = _Doc("المهاجمون رايت فيليبس وسميث ودروغبا")
    assert _split_name_lists(doc, [(1, 4, "PER", 0.9)]) == [
        (1, 3, "PER", 0.9),
        (3, 4, "PER", 0.9),
    ]
    doc = _Doc("وصل محمد وليد أمس")
    assert _split_name_lists(doc, [(1, 3, "PER", 0.9)]) == [(1, 3, "PER", 0.9)]


def test_model_person_mention_does_not_end_in_a_link():
    """ "[أبو] فارس": a mention ending in أبو or بن takes the next word."""
    doc = _Doc("وكان أبو فارس قد اعتقل")
    assert _complete_link(doc, 2) == 3
    doc = _Doc("وكان وأبو السكر قد اعتقل")
    assert _complete_link(doc, 2) == 3
    # A name not ending in a link, or a link before a comma, stays as it is.
    doc = _Doc("وكان محمد فارس قد اعتقل")
    assert _complete_link(doc, 2) == 2
    doc = _Doc("وكان أبو، فارس")
    assert _complete_link(doc, 2) == 2


def test_ambiguous_alias_confirmed_by_a_sure_model():
    """An ambiguous alias is tagged where the model is sure of it in context."""
    gazetteer = Gazetteer.load()
    text = "وقال جنبلاط إن الأسد يسعى إلى استعادة نفوذه في لبنان"
    assert ("بشار الأسد", "PER") in {
        (e.canonical, e.type) for e in extract_entities(text, gazetteer)
    }
    # The animal in a sentence about animals stays out.
    text = "هرب الأسد من حديقة الحيوان في المدينة"
    assert "PER" not in {e.type for e in extract_entities(text, gazetteer)}


def test_rare_wikidata_name_words_are_a_weaker_feature():
    """Name words attested once or twice get their own feature, not nw*."""
    counts = ner_model.name_word_counts()
    rare = next(w for w, n in counts.items() if n == 1 and len(w) > 4)
    assert rare not in ner_model.name_words()
    own = ner_model._word_features(rare, False, rules_only())[0]
    assert "nwr" in own
    assert not any(f.startswith("nw") and f != "nwr" for f in own)
