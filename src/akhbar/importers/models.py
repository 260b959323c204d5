"""The importer's bookkeeping: which outside object became which Akhbar object."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One object of an outside source (a WordPress post, a feed item) and its copy.

    Re-running an import looks objects up here by ``(source, kind, external_id)``
    so that it updates them in place instead of creating duplicates. ``object_id``
    is empty while the copy does not exist yet, e.g. an image whose file was not
    available: ``data`` then keeps what is needed to fetch it later.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("مقال")
        PAGE = "page", _("صفحة")
        SECTION = "section", _("قسم")
        TAG = "tag", _("وسم")
        AUTHOR = "author", _("كاتب")
        COMMENT = "comment", _("تعليق")
        MEDIA = "media", _("وسائط")

    source = models.CharField(_("المصدر"), max_length=255)
    kind = models.CharField(_("النوع"), max_length=16, choices=Kind.choices)
    external_id = models.CharField(_("المعرّف في المصدر"), max_length=255)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    checksum = models.CharField(_("بصمة المحتوى"), max_length=64, blank=True)
    data = models.JSONField(_("بيانات"), default=dict, blank=True)
    created_at = models.DateTimeField(_("أنشئ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("حُدّث"), auto_now=True)

    content_object = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("سجل استيراد")
        verbose_name_plural = _("سجلات الاستيراد")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"],
                name="akhbar_importers_record_unique",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.source} {self.kind}:{self.external_id}"
