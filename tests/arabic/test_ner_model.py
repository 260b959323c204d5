"""Tests for akhbar.arabic.ner_model, the entity CRF."""

from akhbar.arabic import Gazetteer, extract_entities, lexicon, ner_model
from akhbar.arabic.entities.document import Doc


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


def test_sentences_are_tagged_separately():
    """A full stop or a line break ends the sequence the model tags."""
    doc = Doc("زار الوزير دمشق. ثم عاد\nإلى بيروت")
    assert list(ner_model.sentence_ranges(doc)) == [(0, 3), (3, 5), (5, 7)]


def test_bio_spans():
    """BIO labels become spans; a stray I starts a span, a type change ends one."""
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-LOC"]
    assert ner_model.bio_spans(labels, 10) == [
        (10, 12, "PER"),
        (13, 14, "LOC"),
        (14, 15, "ORG"),
        (15, 16, "LOC"),
    ]


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
    own = ner_model.word_features("دمشق", False, gazetteer)[0]
    assert any(f.startswith("c=") and f != "c=-" for f in own)
    # With a clitic the word takes the cluster of its clitic-free form.
    clitic = ner_model.word_features("بدمشق", False, gazetteer)[0]
    assert {f for f in own if f[:2] in ("c=", "k=")} == {
        f for f in clitic if f[:2] in ("c=", "k=")
    }
    assert any(
        f.startswith("nw")
        for f in ner_model.word_features("نادال", False, gazetteer)[0]
    )
    assert not any(
        f.startswith("nw")
        for f in ner_model.word_features("الحكومة", False, gazetteer)[0]
    )
    # Cities share a coarse cluster, as they are used alike in news text.
    clusters = ner_model.clusters()
    assert clusters["دمشق"][0] == clusters["باريس"][0]


def test_rare_wikidata_name_words_are_a_weaker_feature():
    """Name words attested once or twice get their own feature, not nw*."""
    path = lexicon.resources.DATA_DIR / "name_words.tsv"
    rows = lexicon.resources.read_fields(path)
    rare = next(w for w, n in rows if n == "1" and len(w) > 4)
    assert rare not in lexicon.name_words()
    own = ner_model.word_features(rare, False, rules_only())[0]
    assert "nwr" in own
    assert not any(f.startswith("nw") and f != "nwr" for f in own)


def test_the_features_tagged_are_those_the_model_weighs():
    """The model's attributes, read from its dump line by line, are the
    attributes of its state features as crfsuite's own parser reads them."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(ner_model.MODEL_PATH))
    weighed = {attribute for attribute, _label in tagger.info().state_features}
    assert len(weighed) > 10_000
    assert ner_model.default_model().attributes == weighed


def test_the_cluster_table_is_the_shipped_file():
    """A table of words and shared tuples change nothing a lookup returns."""
    path = ner_model.resources.DATA_DIR / "clusters.tsv"
    rows = list(ner_model.resources.read_fields(path))
    table = ner_model.clusters()
    assert len(table) == len(rows) > 10_000
    assert all(table[word] == (c, f) for word, c, f in rows)
