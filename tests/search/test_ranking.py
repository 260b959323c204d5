"""BM25F impacts, packing and two-tier scoring."""

import numpy as np

from akhbar.search import ranking


def test_postings_pack_and_unpack():
    ids = np.array([3, 70000, 4_000_000_000], dtype=np.uint32)
    impacts = np.array([1, 128, 255], dtype=np.uint8)
    blob = ranking.pack_postings(ids, impacts)
    got_ids, got_impacts = ranking.unpack_postings(blob, 3)
    assert got_ids.tolist() == ids.tolist()
    assert got_impacts.tolist() == impacts.tolist()


def test_headline_words_weigh_more_and_frequency_saturates():
    def impacts(**fields):
        frequencies, lengths, _ = ranking.analyse_fields(fields)
        return ranking.document_impacts(frequencies, lengths, ranking.DEFAULT_LENGTHS)

    # Lengths at the averages: only the field weights differ.
    once = impacts(headline="سيول " + "طقس " * 6, body="أمطار " + "طقس " * 249)
    assert once["سيول"] > once["امطار"]
    many = impacts(headline="طقس " * 7, body="أمطار " * 6 + "طقس " * 244)
    assert once["امطار"] < many["امطار"] < 6 * once["امطار"]
    assert 1 <= min(many.values()) and max(many.values()) <= 255


def test_idf_favours_rare_terms_and_stays_positive():
    assert ranking.idf(1, 1000) > ranking.idf(100, 1000) > ranking.idf(900, 1000) > 0


def test_scoring_adds_tiers_and_skips_garbage():
    main = {"x": (np.array([1, 2], np.uint32), np.array([100, 200], np.uint8))}
    recent = {"x": (np.array([4]), np.array([100], np.float32))}
    scores = ranking.score_documents(
        size=5,
        weights={"x": 1.0},
        main=main,
        recent=recent,
        garbage=np.array([2]),
        document_count=10,
    )
    assert scores[2] == 0 and scores[3] == 0
    assert scores[1] == scores[4] > 0
    assert ranking.top_ids(scores, 5).tolist() == [4, 1]


def test_candidate_scores_are_those_of_the_full_pass():
    """The second stage's binary search gives the candidates what the full
    pass gives them, over both tiers, with replaced documents left out of idf."""
    rng = np.random.default_rng(7)
    main, recent = {}, {}
    for term in ("a", "b", "c"):
        ids = np.sort(rng.choice(500, size=120, replace=False)).astype(np.uint32)
        main[term] = (ids, rng.integers(1, 256, size=120).astype(np.uint8))
        new = rng.choice(np.arange(500, 540), size=10, replace=False)
        recent[term] = (
            new.astype(np.int64),
            rng.integers(1, 256, 10).astype(np.float32),
        )
    arguments = {
        "weights": {"a": 1.0, "b": 0.5, "c": 0.25},
        "main": main,
        "recent": recent,
        "garbage": np.array([int(main["a"][0][0]), 7]),
        "document_count": 540,
    }
    scores = ranking.score_documents(size=540, **arguments)
    candidates = ranking.top_ids(scores, 60)
    got = ranking.score_candidates(candidates, **arguments)
    assert np.allclose(got, scores[candidates])
    assert any(candidate >= 500 for candidate in candidates.tolist())


def test_query_weights_per_form():
    weights, stems = ranking.query_term_weights("متى ولد ابن خلدون")
    assert "متي" not in stems
    assert stems == ["ولد", "ابن", "خلدون"]
    assert weights["خلدون"] == ranking.FORM_WEIGHTS[""]
    assert weights["!خلدون"] == ranking.FORM_WEIGHTS["!"]
    assert weights[">خلدو"] == ranking.FORM_WEIGHTS[">"]
