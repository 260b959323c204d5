"""What the related lists are computed from and what they hold.

Profiles are keyed by (kind, object id), as search documents are, so the same
tables hold the site's articles and the corpus of a batch evaluation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedProfile(models.Model):
    """One document's signature, duplicate status and stored suggestions."""

    kind = models.CharField(_("النوع"), max_length=32)
    object_id = models.CharField(_("المعرّف"), max_length=64)
    published_at = models.DateTimeField(_("تاريخ النشر"), null=True, blank=True)
    # The nearest section above the article, and its tag slugs: weak signals.
    section = models.CharField(max_length=32, blank=True)
    tags = models.JSONField(default=list, blank=True)
    # MinHash of the body's word shingles (see minhash.py); empty for short texts.
    signature = models.BinaryField(default=b"", blank=True)
    # The search index's "more like this" candidates, [[object id, score], ...].
    candidates = models.JSONField(default=list, blank=True)
    # The earliest document this one is a near copy of, and how near.
    duplicate_of = models.CharField(max_length=64, blank=True)
    duplicate_similarity = models.FloatField(null=True, blank=True)
    # [[object id, score], ...] best first, more than a page shows, so that the
    # read can drop what is no longer live and still fill the block.
    suggestions = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ملف الصلة")
        verbose_name_plural = _("ملفات الصلة")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="akhbar_related_unique_object"
            )
        ]

    def __str__(self):
        return "%s:%s" % (self.kind, self.object_id)

    @property
    def group(self) -> str:
        """The id shared by every copy of one story."""
        return self.duplicate_of or self.object_id


class RelatedBand(models.Model):
    """One LSH band key of a profile's signature: equal keys mark candidates."""

    profile = models.ForeignKey(
        RelatedProfile, on_delete=models.CASCADE, related_name="bands"
    )
    key = models.BigIntegerField(db_index=True)

    def __str__(self):
        return "%s@%s" % (self.key, self.profile_id)


class RelatedChoice(models.Model):
    """An editor's pin (shown first, in order) or removal of one suggestion."""

    class Action(models.TextChoices):
        PIN = "pin", _("تثبيت")
        REMOVE = "remove", _("حذف")

    article = models.ForeignKey(
        "akhbar_news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("المقال"),
    )
    target = models.ForeignKey(
        "akhbar_news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("المقال المقترح"),
    )
    action = models.CharField(_("الإجراء"), max_length=8, choices=Action.choices)
    sort_order = models.PositiveSmallIntegerField(_("الترتيب"), default=0)

    class Meta:
        verbose_name = _("اختيار المحرر")
        verbose_name_plural = _("اختيارات المحرر")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target"], name="akhbar_related_one_choice"
            )
        ]

    def __str__(self):
        return "%s %s %s" % (self.article_id, self.action, self.target_id)
