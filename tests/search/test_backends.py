"""The search contract, run on the backend of the database under test.

``BackendContract`` holds the tests; each backend gets a subclass. The suite runs
on SQLite and on PostgreSQL (scripts/test), and the vendor backend is chosen by
``connection.vendor``, so the same tests cover FTS5 and GIN phrase matching.
"""

import datetime

import numpy as np
import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from akhbar.search.backends import (
    IndexDocument,
    SearchQuery,
    backend_class_for,
    get_search_backend,
)
from akhbar.search.backends.dummy import DummySearchBackend
from akhbar.search.backends.postgres import PostgresSearchBackend
from akhbar.search.backends.sqlite import SQLiteSearchBackend
from akhbar.search.models import SearchDocument, SearchIndexState, SearchPosting

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    (
        "syria",
        "بوتين يؤكد دعمه لسوريا في رسالة إلى الرئيس",
        "تعزيز التعاون والاستقرار.",
    ),
    ("syrians", "عودة السوريين إلى مدنهم", "الحكومة السورية تعلن خطة لإعادة الإعمار."),
    ("ahmad", "أحمد الخطيب يفوز بالجائزة", "الكاتب أحمد يتسلم جائزة الرواية العربية."),
    ("muhammad", "مُحَمَّد صلاح يسجل هدفين", "النجم المصري يقود فريقه إلى الفوز."),
    ("bank", "البنك المركزي يخفض الفائدة", "قرار البنك يأتي بعد تباطؤ التضخم."),
    ("bank2", "المركزي والبنك الدولي يتفقان", "اتفاق بين البنك الدولي والحكومة."),
    ("weather", "أمطار غزيرة على العاصمة", "الأرصاد تتوقع استمرار الأمطار غدا."),
    ("stability", "الاستقرار الاقتصادي أولوية", "الوزير يتحدث عن استقرار الأسعار."),
    ("tatweel", "سوريــا تستضيف مؤتمرا", "مؤتمر اقتصادي في دمشق."),
]


def documents(day=None):
    day = day or timezone.now()
    return [
        IndexDocument(
            kind="article",
            object_id=key,
            headline=headline,
            body=body,
            published_at=day - datetime.timedelta(days=i),
            facets=[("section", "1" if i % 2 else "2"), ("tag", "tag-%s" % key)],
        )
        for i, (key, headline, body) in enumerate(DOCUMENTS)
    ]


class BackendContract:
    """Tests every database backend must pass; subclasses set ``backend``."""

    def found(self, text, **kwargs):
        results = self.backend.search(SearchQuery(text=text, limit=20, **kwargs))
        return [hit.object_id for hit in results.hits]

    @pytest.fixture(autouse=True)
    def _index(self, db):
        self.backend = self.make_backend()
        self.backend.rebuild(documents())

    def test_variants_of_a_place_meet(self):
        """سوريا, سورية, السورية, لسوريا and سوريــا find the same articles."""
        expected = {"syria", "syrians", "tatweel"}
        for variant in ("سوريا", "سورية", "السورية", "والسوريين", "لسوريا", "سوريــا"):
            assert expected <= set(self.found(variant)), variant

    def test_hamza_and_diacritics_do_not_matter(self):
        for variant in ("أحمد", "احمد", "إحمد"):
            assert self.found(variant)[0] == "ahmad", variant
        assert self.found("محمد")[0] == "muhammad"
        assert self.found("مُحَمَّد")[0] == "muhammad"

    def test_article_and_clitics_do_not_matter(self):
        assert self.found("استقرار")[0] == "stability"
        assert self.found("الاستقرار")[0] == "stability"

    def test_any_word_matches_and_more_words_rank_higher(self):
        """A document with every query word outranks one with some of them."""
        found = self.found("البنك المركزي الفائدة")
        assert found[:2] == ["bank", "bank2"]

    def test_questions_find_their_answer(self):
        assert self.found("متى خفض البنك المركزي الفائدة؟")[0] == "bank"
        assert self.found("ماذا قال بوتين عن سوريا؟")[0] == "syria"

    def test_quoted_phrase_is_required(self):
        assert self.found('"البنك المركزي"') == ["bank"]
        assert self.found("«البنك الدولي»") == ["bank2"]
        assert self.found('"الدولي البنك المركزي"') == []

    def test_headline_outranks_body(self):
        index = [
            IndexDocument(kind="article", object_id="a", body="أمطار وسيول في المدينة"),
            IndexDocument(kind="article", object_id="b", headline="سيول في المدينة"),
        ]
        self.backend.rebuild(index)
        assert self.found("سيول") == ["b", "a"]

    def test_facet_and_date_filters(self):
        assert set(self.found("البنك", facets={"section": "2"})) == {"bank"}
        assert self.found("البنك", facets={"tag": "tag-bank2"}) == ["bank2"]
        today = timezone.localdate()
        assert self.found("البنك", date_from=today - datetime.timedelta(days=4)) == [
            "bank"
        ]
        assert self.found("البنك", date_to=today - datetime.timedelta(days=5)) == [
            "bank2"
        ]
        assert self.found("البنك", kind="other") == []

    def test_pagination_and_total(self):
        first = self.backend.search(SearchQuery(text="البنك", limit=1))
        second = self.backend.search(SearchQuery(text="البنك", offset=1, limit=1))
        assert first.total == second.total == 2
        assert [h.object_id for h in first.hits + second.hits] == ["bank", "bank2"]

    def test_empty_and_stopword_queries_find_nothing(self):
        assert self.found("") == []
        assert self.found("في من على") == []
        assert self.found("كلمةغيرموجودة") == []

    def test_recent_documents_are_searchable_and_replace_old_ones(self):
        self.backend.index_documents(
            [IndexDocument(kind="article", object_id="bank", headline="زلزال قوي")]
        )
        assert self.found("زلزال") == ["bank"]
        assert self.found("الفائدة") == []
        assert SearchDocument.objects.filter(object_id="bank").count() == 1
        assert self.backend.document_count() == len(DOCUMENTS)

    def test_removed_documents_disappear(self):
        self.backend.remove_documents("article", ["bank", "missing"])
        assert self.found("البنك") == ["bank2"]
        assert SearchIndexState.objects.get().document_count == len(DOCUMENTS) - 1

    def test_merge_keeps_results(self):
        self.backend.index_documents(
            [IndexDocument(kind="article", object_id="new", headline="البنك يفتح فرعا")]
        )
        self.backend.remove_documents("article", ["bank2"])
        before = self.backend.search(SearchQuery(text="البنك"))
        self.backend.merge()
        after = self.backend.search(SearchQuery(text="البنك"))
        assert not SearchPosting.objects.exists()
        assert [h.object_id for h in after.hits] == [h.object_id for h in before.hits]
        assert np.allclose(
            [h.score for h in after.hits], [h.score for h in before.hits]
        )
        assert {h.object_id for h in after.hits} == {"bank", "new"}

    def test_index_grows_from_empty(self):
        """A new site indexes article by article; merges rebuild small indexes."""
        self.backend.clear()
        for document in documents():
            self.backend.index_documents([document])
        self.backend.merge()
        assert SearchIndexState.objects.get().lengths_basis == len(DOCUMENTS)
        assert self.found("البنك المركزي")[0] == "bank"

    def test_results_carry_original_texts(self):
        hit = self.backend.search(SearchQuery(text="صلاح")).hits[0]
        assert hit.headline == "مُحَمَّد صلاح يسجل هدفين"
        assert hit.kind == "article"
        assert hit.score > 0


class TestVendorBackend(BackendContract):
    def make_backend(self):
        return get_search_backend()

    def test_backend_follows_the_database(self):
        expected = {
            "sqlite": SQLiteSearchBackend,
            "postgresql": PostgresSearchBackend,
        }[connection.vendor]
        assert type(self.backend) is expected


@override_settings(
    AKHBAR_SEARCH_BACKEND="akhbar.search.backends.dummy.DummySearchBackend"
)
def test_setting_chooses_the_backend():
    assert backend_class_for() is DummySearchBackend
    backend = get_search_backend()
    assert backend.rebuild(documents()) == len(DOCUMENTS)
    assert not backend.search(SearchQuery(text="سوريا"))


@override_settings(AKHBAR_SEARCH_BACKEND="akhbar.search.backends.nowhere.Missing")
def test_check_reports_a_backend_that_cannot_be_imported():
    from akhbar.search.checks import check_search_backend

    errors = check_search_backend(None)
    assert [e.id for e in errors] == ["akhbar.E101"]
