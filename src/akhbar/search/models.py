"""The search index: generic documents, their postings and the index state.

Documents are keyed by (kind, object id) so the same tables hold articles on the
site and the corpus of a batch evaluation. Postings come in two tiers, as in most
search engines: a main tier of one packed row per term (fast to read, rebuilt by
``akhbar reindex`` and by merges), and recent postings, one row per term and
document, written on every publish and folded into the main tier by a merge.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable item with the original texts of its fields.

    The primary key is the document's position in the postings, so re-indexing a
    document gives it a new row: the old id becomes garbage that queries skip
    until the next merge or rebuild.
    """

    kind = models.CharField(_("النوع"), max_length=32)
    object_id = models.CharField(_("المعرّف"), max_length=64)
    headline = models.TextField(_("العنوان"), blank=True)
    standfirst = models.TextField(_("المقدمة"), blank=True)
    body = models.TextField(_("المتن"), blank=True)
    tags = models.TextField(_("الوسوم"), blank=True)
    entities = models.TextField(_("الأعلام"), blank=True)
    authors = models.TextField(_("الكتّاب"), blank=True)
    url = models.CharField(_("الرابط"), max_length=1024, blank=True)
    published_at = models.DateTimeField(_("تاريخ النشر"), null=True, blank=True)
    # Light stems of every field in order, for phrase matching by the vendor's
    # full-text index (FTS5 or a GIN index over a tsvector).
    tokens = models.TextField(blank=True)
    in_main = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("وثيقة بحث")
        verbose_name_plural = _("وثائق البحث")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="akhbar_search_unique_object"
            )
        ]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self):
        return self.headline or "%s:%s" % (self.kind, self.object_id)


class SearchFacet(models.Model):
    """A filterable value of a document: its sections, authors and tags."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="facets"
    )
    name = models.CharField(max_length=16)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self):
        return "%s=%s" % (self.name, self.value)


class SearchTerm(models.Model):
    """Main-tier postings of one term: document ids and impacts, packed.

    ``postings`` holds ``count`` little-endian uint32 document ids in ascending
    order followed by ``count`` uint8 impacts (see ``ranking``).
    """

    term = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    postings = models.BinaryField(default=b"")

    def __str__(self):
        return self.term


class SearchPosting(models.Model):
    """A recent posting: one term of one document indexed since the last merge."""

    term = models.CharField(max_length=64, db_index=True)
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="postings"
    )
    impact = models.PositiveSmallIntegerField()

    def __str__(self):
        return "%s@%s" % (self.term, self.document_id)


class SearchIndexState(models.Model):
    """The single row of collection statistics read by every query.

    ``lengths`` are the average field lengths the main tier's impacts were
    computed with; recent postings use the same, so scores stay comparable until
    the next rebuild. ``garbage`` packs the uint32 ids of documents that were
    replaced or removed but still have main-tier postings.

    ``rebuild_started_at`` is set, and committed, when a rebuild begins; the
    rebuild's own transaction writes a new row without it. Left set, it tells of
    a rebuild that is running or was interrupted (``akhbar check``).

    ``analysis_version`` is the ``ANALYSIS_VERSION`` of the Arabic analysis the
    index was built with; None for an index built before the stamp existed.
    ``akhbar check`` warns when it differs from the code's.
    """

    document_count = models.PositiveIntegerField(default=0)
    lengths = models.JSONField(default=dict)
    lengths_basis = models.PositiveIntegerField(default=0)
    garbage = models.BinaryField(default=b"")
    main_generation = models.PositiveIntegerField(default=0)
    recent_documents = models.PositiveIntegerField(default=0)
    rebuild_started_at = models.DateTimeField(null=True, blank=True)
    # No default: rows written before this column are "older" (None).
    analysis_version = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self):
        return "search index (%d documents)" % self.document_count
