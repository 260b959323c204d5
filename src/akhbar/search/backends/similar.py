"""The query of "more like this" (``similar_documents``): which of a whole
document's terms ask for its neighbours, and at what weight.

A story's own terms, weighted by their BM25F impact in it, find stories that
share its words. What stories on one subject share beyond one story's words
is the related app's to weigh, over the stored candidate lists.

On ANT (10,138 stories) the candidates are not what limits related lists: a
perfect ranking of each story's 60 candidates would put 0.9917 of its five
suggestions in its section, of its first 10 candidates 0.9000, where the
re-ranking reaches 0.7310 (bench/related.py --reuse --candidates).
"""

from akhbar.arabic.search_terms import STEM

from .. import ranking
from ..entities import ENTITY_TAG

# The document's strongest terms (impact times idf) kept as the query: the rest
# add little to the order of the best candidates and cost a postings read each.
# On ANT (1,500 stories, bench/related.py --candidates) 25, 40 and 100 terms
# lowered precision@5 (0.6993 -> 0.6519, 0.6825, 0.6951), 250 changed nothing.
TERMS = ranking.SIMILAR_TERMS


def weighed_terms(frequencies: dict) -> dict:
    """The terms of an analysed document (``ranking.analyse_fields``) that
    ``ranking.similarity_weights`` gives a weight: the forms that
    SIMILAR_FORM_WEIGHTS weighs, no entity id. Their impacts are all it needs,
    and the looser forms are four terms in five."""
    forms = ranking.SIMILAR_FORM_WEIGHTS
    stem = forms[STEM]
    return {
        term: counts
        for term, counts in frequencies.items()
        if term[0] != ENTITY_TAG and forms.get(term[0], stem) > 0
    }


def query_weights(
    weights: dict[str, float], main: dict, recent: dict, document_count: int
) -> dict[str, float]:
    """The TERMS strongest of a document's term ``weights`` (impact times idf).

    Measured on ANT and left out (bench/related.py --candidates, before they
    were removed): dropping the terms of more than 5 % of the documents
    (precision@5 0.6709 against 0.6993: a subject's common words, مباراة،
    الأسعار، tell its stories apart from others); weights raised by idf ** 0.5
    (+0.0003 overall, down on the tuning half), 1 or -0.5 (lower); relevance
    feedback, the best 5 or 10 first-pass matches' shared words at 0.3 or 0.5
    of the weight (0.6944, 0.6933: the re-ranking's neighbours' agreement
    already draws on those matches).
    """
    return ranking.strongest_terms(weights, main, recent, document_count, TERMS)
