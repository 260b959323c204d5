"""A backend that stores nothing and finds nothing, for tests of other apps."""

from .base import BaseSearchBackend, SearchResults


class DummySearchBackend(BaseSearchBackend):
    """Accepts every call; every search comes back empty."""

    keeps_documents = False

    def index_documents(self, documents):
        for _ in documents:
            pass

    def remove_documents(self, kind, object_ids):
        pass

    def rebuild(self, documents, *, total=None, progress=False):
        return sum(1 for _ in documents)

    def search(self, query):
        return SearchResults(hits=[], total=0)

    def document_count(self):
        return 0
