"""Batch evaluation of related lists through the site's own code.

A corpus goes into a throwaway database (search's, plus this app's tables) by
the same indexing, entity extraction and related ranking the site uses; every
document's list is then written as a TREC run.
"""

import contextlib
from collections.abc import Iterator

from akhbar.search import evaluation as search_evaluation

from .models import RelatedBand, RelatedProfile
from .services import related_documents_rebuild

RUN_TAG = "akhbar"
MODELS = (RelatedProfile, RelatedBand)


def corpus_with_entities(path, *, progress: bool = False) -> list:
    """The corpus's index documents with their entity names, as on the site."""
    return search_evaluation.with_entities(
        search_evaluation.corpus_documents(path), progress=progress
    )


@contextlib.contextmanager
def loaded(documents, *, progress: bool = False) -> Iterator[str]:
    """Yield the alias of a throwaway database holding ``documents``, indexed
    and with their related lists, as the site would hold them."""
    with search_evaluation.throwaway_database(MODELS) as alias:
        backend = search_evaluation.evaluation_backend(alias)
        backend.rebuild(documents, progress=progress)
        related_documents_rebuild(documents, using=alias, progress=progress)
        yield alias


def stored_run(alias: str, *, k: int = 5) -> dict:
    """{document id: [(related id, score), ...]}: the top ``k`` stored lists."""
    rows = RelatedProfile.objects.using(alias).values_list("object_id", "suggestions")
    return {
        object_id: [(other, score) for other, score in suggestions[:k]]
        for object_id, suggestions in rows
    }


def related_run(documents, *, k: int = 5, progress: bool = False) -> dict:
    """{document id: [(related id, score), ...]} for the top ``k`` of each,
    computed in a throwaway database."""
    with loaded(documents, progress=progress) as alias:
        return stored_run(alias, k=k)


def trec_lines(run: dict) -> Iterator[str]:
    """TREC run lines: ``docid Q0 relatedid rank score akhbar``."""
    yield from search_evaluation.trec_lines(run)
