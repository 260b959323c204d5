"""Second-stage ranking: proximity of query words and pseudo-relevance feedback.

The pure functions are tested alone; the backend tests run on the database
under test (SQLite, then PostgreSQL with scripts/test).
"""

import pytest

from akhbar.search import rerank
from akhbar.search.backends import IndexDocument, SearchQuery, get_search_backend
from akhbar.search.query import phrase_stems


def test_adjacent_query_words_earn_a_bonus_and_distant_ones_none():
    idfs = {"ابن": 1.0, "خلدون": 3.0}
    close = rerank.proximity_bonus(["ابن", "خلدون"], ["ابن", "خلدون", "مؤرخ"], idfs)
    apart = rerank.proximity_bonus(
        ["ابن", "خلدون"], ["ابن", "مؤرخ", "عربي", "كبير", "خلدون"], idfs
    )
    assert close > 0
    assert apart == 0
    # The lower idf of the pair counts, saturated in the number of close pairs.
    twice = rerank.proximity_bonus(["ابن", "خلدون"], ["ابن", "خلدون"] * 2, idfs)
    assert close < twice < 2 * close
    assert rerank.proximity_bonus(["خلدون"], ["خلدون", "خلدون"], idfs) == 0


def test_feedback_adds_shared_words_not_the_query_own():
    documents = [
        (2.0, ["خلدون", "مقدم", "عمران", "مؤرخ"]),
        (1.0, ["خلدون", "مقدم", "تونس"]),
    ]
    weights = rerank.feedback_weights({"خلدون": 1.0, "!خلدون": 0.25}, documents)
    assert "خلدون" not in weights
    assert max(weights, key=weights.get) == "مقدم"
    assert sum(weights.values()) == pytest.approx(rerank.FEEDBACK_WEIGHT * 1.0)
    assert rerank.feedback_weights({"خلدون": 1.0}, []) == {}


@pytest.fixture
def feedback(monkeypatch):
    """Feedback on, as measured (it is off by default for its CPU cost)."""
    monkeypatch.setattr(rerank, "FEEDBACK_DOCUMENTS", rerank.FEEDBACK_DOCUMENTS_ON)


def article(key, headline, body=""):
    return IndexDocument(kind="article", object_id=key, headline=headline, body=body)


def found(backend, text):
    results = backend.search(SearchQuery(text=text, limit=20))
    return [hit.object_id for hit in results.hits]


@pytest.mark.django_db
def test_adjacent_words_outrank_the_same_words_apart(monkeypatch):
    backend = get_search_backend()
    filler = "خبر عن اجتماع اللجنة في المدينة"
    backend.rebuild(
        [
            # Same words, same length: only their order differs. The later
            # document wins ties, so proximity must lift the earlier one.
            article("close", "تقرير", "مجلس الأمن %s يناقش" % filler),
            article("apart", "تقرير", "مجلس %s الأمن يناقش" % filler),
            article("other", "أخبار الرياضة", "مباراة في الملعب"),
        ]
    )
    assert found(backend, "مجلس الأمن")[:2] == ["close", "apart"]
    monkeypatch.setattr(rerank, "PROXIMITY_WEIGHT", 0.0)
    assert found(backend, "مجلس الأمن")[:2] == ["apart", "close"]


def khaldun_index():
    return [
        article("muqaddima", "ابن خلدون ومقدمته", "المؤرخ ابن خلدون كتب المقدمة"),
        article("tunis", "ابن خلدون في تونس", "ولد ابن خلدون في تونس وكتب المقدمة"),
        # Each names خلدون once in a text of the same length: one in the words
        # of the best matches, the other about something else.
        article("umran", "سيرة", "خلدون المقدمة أسست علم العمران"),
        article("namesake", "سيرة", "خلدون اللاعب سجل هدف المباراة"),
        article("sport", "الدوري الممتاز", "فاز الفريق في مباراة الدوري"),
    ]


@pytest.mark.django_db
def test_feedback_lifts_a_match_in_the_words_of_the_best_ones(monkeypatch, feedback):
    backend = get_search_backend()
    backend.rebuild(khaldun_index())
    results = found(backend, "خلدون")
    assert set(results[:2]) == {"muqaddima", "tunis"}
    assert results[2:] == ["umran", "namesake"]
    # Without feedback the two tie, and the later document wins ties.
    monkeypatch.setattr(rerank, "FEEDBACK_DOCUMENTS", 0)
    assert found(backend, "خلدون")[2:] == ["namesake", "umran"]


@pytest.mark.django_db
def test_feedback_adds_no_result_without_the_query_words(feedback):
    """The number of results is that of the words typed: a story that only
    shares the best matches' other words is not a result."""
    backend = get_search_backend()
    backend.rebuild(khaldun_index())
    results = backend.search(SearchQuery(text="تونس", limit=20))
    assert [hit.object_id for hit in results.hits] == ["tunis"]
    assert results.total == 1


@pytest.mark.django_db
@pytest.mark.parametrize("weight", [rerank.FEEDBACK_WEIGHT, 0.5])
def test_feedback_never_drops_an_exact_headline_from_the_top(
    monkeypatch, weight, feedback
):
    monkeypatch.setattr(rerank, "FEEDBACK_WEIGHT", weight)
    backend = get_search_backend()
    index = khaldun_index() + [
        article(
            "exact",
            "ولادة ابن خلدون",
            "سيرة قصيرة",
        ),
        article(
            "echo",
            "ابن خلدون والمقدمة وعلم العمران",
            "ابن خلدون المؤرخ كتب المقدمة في علم العمران في تونس",
        ),
    ]
    backend.rebuild(index)
    assert found(backend, "ولادة ابن خلدون")[0] == "exact"
    assert found(backend, "«ولادة ابن خلدون»") == ["exact"]


def test_feedback_leaves_out_entity_ids_and_entity_names():
    documents = [
        (2.0, ["@تونس", "خلدون", "مقدم", "عمران"]),
        (1.0, ["@تونس", "خلدون", "مقدم"]),
    ]
    weights = rerank.feedback_weights({"خلدون": 1.0}, documents)
    assert weights and not any(term.startswith("@") for term in weights)
    stems = ["ولد", "خلدون", "تونس", "عام", "تونس"]
    assert rerank.without_entity_words(stems, "تونس ، ابن خلدون") == ["ولد", "عام"]
    assert rerank.without_entity_words(stems, "") == stems


@pytest.mark.django_db
@pytest.mark.parametrize("documents", [0, rerank.FEEDBACK_DOCUMENTS_ON])
def test_a_story_sharing_only_the_light_stem_is_found(monkeypatch, documents):
    """With the second stage on, a story that writes the query's word in
    another inflection (لسوريا for السورية: no surface or bare form shared)
    is a result, below the story with the very word."""
    monkeypatch.setattr(rerank, "FEEDBACK_DOCUMENTS", documents)
    backend = get_search_backend()
    backend.rebuild(
        [
            article("exact", "الحدود السورية", "تقرير عن الحدود السورية"),
            article("inflected", "قافلة", "وصلت القافلة لسوريا أمس"),
            article("other", "أخبار الرياضة", "مباراة في الملعب"),
        ]
    )
    assert found(backend, "السورية") == ["exact", "inflected"]


@pytest.mark.django_db
def test_feedback_expands_by_words_not_by_the_best_matches_entities(
    monkeypatch, feedback
):
    """Entity ids and the words of entity names never become expansion terms:
    with entities indexed, a name counts twice in each story naming it and
    would pull the query towards every story about the same entities."""
    expansions = []
    real = rerank.feedback_weights

    def recorded(weights, documents):
        expansions.append(real(weights, documents))
        return expansions[-1]

    monkeypatch.setattr(rerank, "feedback_weights", recorded)
    backend = get_search_backend()
    index = khaldun_index()
    for document in index[:2]:
        document.entities = "ابن خلدون ، تونس"
    backend.rebuild(index)
    found(backend, "خلدون")
    names = set(phrase_stems("ابن خلدون تونس"))
    assert expansions and expansions[-1]
    assert "مقدم" in expansions[-1]
    for term in expansions[-1]:
        assert not term.startswith("@")
        assert term not in names


def test_window_coverage_counts_the_query_words_gathered_in_one_stretch():
    idfs = {"ولد": 1.0, "تونس": 3.0}
    filler = ["خبر"] * rerank.COVERAGE_WINDOW
    gathered = ["ولد", "مؤرخ", "كبير", "تونس"] + filler
    apart = ["ولد", *filler, "تونس"]
    assert rerank.window_coverage(["ولد", "تونس"], gathered, idfs) == 1.0
    # Apart, the rarer word's share of the idf mass is the best one window holds.
    assert rerank.window_coverage(["ولد", "تونس"], apart, idfs) == 0.75
    assert rerank.window_coverage(["ولد", "تونس"], filler, idfs) == 0.0
    assert rerank.window_coverage(["مجهول"], gathered, idfs) == 0.0


def test_passage_bonus_prefers_the_shorter_of_two_equal_matches():
    idfs = {"ولد": 1.0, "تونس": 3.0}
    short = ["ولد", "تونس", "عام"]
    long = short + ["خبر"] * 200
    assert rerank.passage_bonus(["ولد", "تونس"], short, idfs) > rerank.passage_bonus(
        ["ولد", "تونس"], long, idfs
    )


def test_text_stems_leave_out_the_headline_and_the_chosen_words():
    tokens = phrase_stems("ابن خلدون ولد المؤرخ في تونس سيرة ابن خلدون كريم منصور")
    text = rerank.text_stems(tokens, "ابن خلدون", "سيرة", "ابن خلدون", "كريم منصور")
    assert text == phrase_stems("ولد المؤرخ في تونس")


@pytest.mark.django_db
def test_the_paragraph_gathering_the_question_words_outranks_its_sibling(
    monkeypatch,
):
    """Two paragraphs of one article share its headline and the question's
    words; the one that holds them in one short stretch answers it."""
    backend = get_search_backend()
    filler = "وكان له أثر في العلوم والآداب والتاريخ والفلسفة والسياسة والمجتمع"
    backend.rebuild(
        [
            article(
                "gathered",
                "ابن خلدون",
                "ولد المؤرخ الكبير في مدينة تونس %s %s" % (filler, filler),
            ),
            # Indexed later, it wins a tie.
            article(
                "scattered",
                "ابن خلدون",
                "ولد المؤرخ الكبير %s %s في مدينة تونس" % (filler, filler),
            ),
            article("other", "أخبار الرياضة", "مباراة في الملعب"),
        ]
    )
    assert found(backend, "أين ولد ابن خلدون في تونس")[:2] == ["gathered", "scattered"]
    monkeypatch.setattr(rerank, "COVERAGE_WEIGHT", 0.0)
    assert found(backend, "أين ولد ابن خلدون في تونس")[:2] == ["scattered", "gathered"]


def test_distinct_bonus_weighs_the_words_few_of_a_headline_group_hold():
    idfs = {"انتخاب": 2.0, "صفاقس": 1.0, "نتيج": 1.0}
    stems = ["نتيج", "انتخاب", "صفاقس"]
    candidates = [
        (1, "الانتخابات البلدية", ["انتخاب", "نتيج", "صفاقس"]),
        (2, "الانتخابات البلدية", ["انتخاب", "نتيج"]),
        (3, "الانتخابات البلدية ", ["انتخاب", "مشارك"]),
        (4, "أخبار الرياضة", ["انتخاب", "صفاقس"]),
    ]
    bonuses = rerank.distinct_bonus(stems, candidates, idfs)
    # A word all three hold counts for none of them; نتيج (two of three)
    # counts a third, صفاقس (one of three) two thirds, over the idf mass 4;
    # less the group's mean share, so the group is neither lifted nor sunk.
    shares = {1: (1.0 / 3 + 2.0 / 3) / 4, 2: (1.0 / 3) / 4, 3: 0.0}
    mean = sum(shares.values()) / 3
    assert bonuses == pytest.approx(
        {1: shares[1] - mean, 2: shares[2] - mean, 3: -mean}
    )
    assert sum(bonuses.values()) == pytest.approx(0)
    # Alone under its headline, a candidate has nothing to be told from.
    assert 4 not in bonuses
    assert rerank.distinct_bonus(["مجهول"], candidates, idfs) == {}


@pytest.mark.django_db
def test_the_entry_holding_the_word_its_siblings_lack_outranks_them(monkeypatch):
    """Entries of a live story share its headline and its subject; the one
    holding the question's word its sibling lacks answers it, though the
    sibling repeats the subject in fewer words."""
    backend = get_search_backend()
    subject = "الانتخابات البلدية في تونس"
    filler = (
        "وكان ذلك بحضور عدد من المسؤولين والممثلين عن الأحزاب والجمعيات "
        "والمنظمات الوطنية"
    )
    backend.rebuild(
        [
            article(
                "turnout",
                subject,
                "نتائج المشاركة في الانتخابات البلدية مرتفعة ونتائج الانتخابات "
                "البلدية تعلن غدا",
            ),
            article(
                "sfax",
                subject,
                "أعلنت الهيئة نتائج الانتخابات البلدية في ولاية صفاقس %s %s"
                % (filler, filler),
            ),
            *(
                article("news%d" % i, "أخبار صفاقس %d" % i, "نتائج مباراة في صفاقس")
                for i in range(2)
            ),
        ]
    )
    assert found(backend, "نتائج الانتخابات البلدية في صفاقس")[:2] == [
        "sfax",
        "turnout",
    ]
    monkeypatch.setattr(rerank, "DISTINCT_WEIGHT", 0.0)
    monkeypatch.setattr(rerank, "SET_HEADLINE_ASIDE", False)
    assert found(backend, "نتائج الانتخابات البلدية في صفاقس")[:2] == [
        "turnout",
        "sfax",
    ]


def test_headline_terms_are_every_form_of_the_query_words_it_holds():
    words = ["حصيلة", "ضحايا", "زلزال", "تركيا"]
    stems = phrase_stems(" ".join(words))
    terms = rerank.headline_terms(words, stems, "زلزال قوي يضرب تركيا")
    expected = {}
    for word in ("زلزال", "تركيا"):
        for term, weight in rerank.query_term_weights(word)[0].items():
            expected[term] = expected.get(term, 0.0) + weight
    assert terms == expected
    # A respelled word's stem, after the words typed, is left out.
    assert rerank.headline_terms(words[:1], [*stems[:1], "تركي"], "تركيا") == {}


def test_same_headline_groups_hold_two_or_more():
    candidates = [(1, "زلزال تركيا"), (2, "أخبار"), (3, "زلزال تركيا "), (4, None)]
    assert rerank.same_headline_groups(candidates) == [[1, 3]]


@pytest.mark.django_db
def test_the_entry_answering_beyond_the_headline_outranks_the_one_repeating_it(
    monkeypatch,
):
    """Entries of a live story under one headline hold the question's words;
    the one holding its other words more often outranks the shorter one that
    repeats the headline's subject over and over (the order on main, checked
    with the step off)."""
    monkeypatch.setattr(rerank, "DISTINCT_WEIGHT", 0.0)
    backend = get_search_backend()
    headline = "زلزال تركيا"
    filler = "وقال المسؤولون إن فرق الإنقاذ تواصل عملها في المناطق المتضررة"
    backend.rebuild(
        [
            article(
                "toll",
                headline,
                "ارتفعت حصيلة ضحايا زلزال تركيا إلى مئة وحصيلة الضحايا مرشحة "
                "للارتفاع %s %s" % (filler, filler),
            ),
            # Indexed later, it wins a tie.
            article(
                "subject",
                headline,
                "زلزال تركيا: الزلزال في تركيا وتركيا بعد الزلزال تحصي حصيلة "
                "الضحايا %s" % filler,
            ),
            *(article("news%d" % i, "أخبار %d" % i, "ضحايا حادث") for i in range(2)),
        ]
    )
    query = "حصيلة ضحايا زلزال تركيا"
    assert found(backend, query)[:2] == ["toll", "subject"]
    monkeypatch.setattr(rerank, "SET_HEADLINE_ASIDE", False)
    assert found(backend, query)[:2] == ["subject", "toll"]
