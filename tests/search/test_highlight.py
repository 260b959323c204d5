"""Snippets mark the reader's words on the original text and escape the rest."""

import pytest

from akhbar.arabic import normalize
from akhbar.arabic.search_terms import word_forms
from akhbar.search.highlight import highlight, snippet


def test_marks_variants_on_the_original_spelling():
    html = highlight("زار الرئيسُ سوريــا والتقى بالسوريين", ["سوريا"])
    assert html == "زار الرئيسُ <mark>سوريــا</mark> والتقى <mark>بالسوريين</mark>"


def test_escapes_everything_else():
    html = highlight('<a href="x">سوريا</a> & "قمة"', ["سوريا"])
    assert html == (
        "&lt;a href=&quot;x&quot;&gt;<mark>سوريا</mark>&lt;/a&gt; &amp; &quot;قمة&quot;"
    )


def test_snippet_centres_on_the_densest_passage():
    filler = "كلام عام عن الطقس والرياضة " * 30
    text = filler + "البنك المركزي يخفض الفائدة اليوم " + filler
    stems = [word_forms(normalize(w))[0][1] for w in ("بنك", "مركزي", "فائدة")]
    html = snippet(text, stems, length=120)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>البنك</mark> <mark>المركزي</mark> يخفض <mark>الفائدة</mark>" in html
    assert len(html) < 300


def test_short_text_is_whole():
    assert snippet("خبر قصير", ["قصير"]) == "خبر <mark>قصير</mark>"


def test_marks_are_the_words_the_analyser_finds():
    """The fast matcher marks exactly the content words whose light stem is
    searched, as content_words and word_forms see them."""
    from akhbar.arabic.search_terms import content_words, word_forms
    from akhbar.search.highlight import _matches

    text = (
        "قال الرئيس السوري إن سوريا والسوريين #سوريا_الجديدة ماضون، "
        "انظر https://example.com/سوريا أو اكتب إلى a@b.co و@السوريين؛ "
        "وفي COP29 ناقش الوفد السعودي 1.5 درجة مع وزراء سورية."
    )
    expected = []
    for word, start, end in content_words(text):
        forms = word_forms(word)
        if forms:
            expected.append((start, end, forms[0][1]))
    stems = frozenset(stem for _, _, stem in expected)
    assert _matches(text, stems) == expected
    some = frozenset(["سوريا"])
    assert _matches(text, some) == [m for m in expected if m[2] in some]
    assert len(_matches(text, some)) >= 4


def test_plain_text_is_tokenised_as_the_analyser_does():
    """Text with no URL, e-mail, hashtag or mention takes a shorter pattern that
    must cut the very same tokens."""
    from akhbar.arabic.tokenize import iter_tokens
    from akhbar.search.highlight import _WORDS_PATTERN

    text = (
        "وقالت الحكومةُ إنّ نسبة النمو بلغت 3,5٪ في ٢٠٢٤ (COP29) رغم الحرب؛ "
        "و\u200fالوزراء O’Brien وwell-known ليسوا… «هنا» ١٢٫٥ مليار ـــ دولار."
    )
    assert [
        (m.group(), m.start(), m.end(), m.lastgroup)
        for m in _WORDS_PATTERN.finditer(text)
    ] == [tuple(t) for t in iter_tokens(text)]


HEADLINE = "الرئيس السوري يلتقي وزراء #سوريا_الجديدة في دمشق"
BODY = (
    "قالت الحكومة السورية إن اللقاء https://example.com/سوريا تناول عودة السوريين، "
    "وأكد الوزراء لـ@السوريين أن COP29 والاقتصاد السوري على جدول الأعمال. "
) * 12


@pytest.mark.django_db
def test_stems_stored_by_the_index_give_the_same_marks():
    """Highlighting with the index's stored stems marks exactly what analysing
    the text afresh marks, and a stale store falls back to the analyser."""
    from akhbar.search.backends import IndexDocument, SearchQuery, get_search_backend
    from akhbar.search.highlight import _LEARNED, _STEMS, IndexedStems

    backend = get_search_backend()
    backend.rebuild(
        [
            IndexDocument(
                kind="article",
                object_id="1",
                headline=HEADLINE,
                standfirst="لقاء في دمشق عن سوريا",
                body=BODY,
            )
        ]
    )
    results = backend.search(SearchQuery(text="السوريون في دمشق"))
    hit = results.hits[0]
    stems = set(results.stems)
    text = hit.standfirst + "\n" + hit.body
    _STEMS.clear()
    _LEARNED.clear()
    indexed = IndexedStems(hit.tokens)
    from_index = (
        highlight(hit.headline, stems, indexed=indexed),
        snippet(text, stems, indexed=indexed),
    )
    assert indexed.valid and indexed.position > 0
    _STEMS.clear()
    analysed = (highlight(hit.headline, stems), snippet(text, stems))
    assert from_index == analysed
    assert "<mark>" in analysed[0] and "<mark>" in analysed[1]
    stale = IndexedStems("كلمات قديمة فقط")
    assert highlight(hit.headline, stems, indexed=stale) == highlight(
        hit.headline, stems
    )
    assert not stale.valid
    assert snippet(text, stems, indexed=stale) == snippet(text, stems)
    # What a stale index taught is never used for an analysed text.
    _STEMS.clear()
    assert highlight(hit.headline, stems) == analysed[0]


def test_snippet_from_stored_stems_stops_after_the_last_match():
    """The scan may stop after the last searched stem: the snippet is the same."""
    from akhbar.search.highlight import _LEARNED, _STEMS, IndexedStems
    from akhbar.search.ranking import analyse_fields

    headline = "عودة السوريين إلى مدنهم"
    text = "قال وزير سوري إن #عودة_السوريين بدأت. " + "وتحدث عن الطقس والزراعة " * 80
    _, _, stems_in_order = analyse_fields(
        {"headline": headline, "standfirst": text, "body": ""}
    )
    searched = {"سوريا", "عوده"}
    _STEMS.clear()
    _LEARNED.clear()
    indexed = IndexedStems(" ".join(stems_in_order))
    stored = (
        highlight(headline, searched, indexed=indexed),
        snippet(text + "\n", searched, indexed=indexed),
    )
    assert indexed.valid and indexed.position < len(stems_in_order) / 2
    _STEMS.clear()
    assert stored == (highlight(headline, searched), snippet(text + "\n", searched))
    assert stored[1].count("<mark>") >= 2
