"""Endpoints editors register, and each delivery of an event to one of them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    ARTICLE_PUBLISHED = "article.published", _("نشر مقال")
    ARTICLE_UPDATED = "article.updated", _("تحديث مقال منشور")
    ARTICLE_UNPUBLISHED = "article.unpublished", _("إلغاء نشر مقال")
    COMMENT_APPROVED = "comment.approved", _("نشر تعليق")
    IMPORT_COMPLETED = "import.completed", _("اكتمال استيراد")
    # Sent only by the admin's "send test" button, to the one endpoint.
    PING = "ping", _("اختبار")


# The endpoint's flag for each event: one boolean column each, so that "who
# wants this event" is a plain indexed filter on every database.
EVENT_FIELDS = {
    Event.ARTICLE_PUBLISHED: "on_article_published",
    Event.ARTICLE_UPDATED: "on_article_updated",
    Event.ARTICLE_UNPUBLISHED: "on_article_unpublished",
    Event.COMMENT_APPROVED: "on_comment_approved",
    Event.IMPORT_COMPLETED: "on_import_completed",
}


def new_secret() -> str:
    """32 random bytes as hex: the key of the endpoint's HMAC signatures."""
    return secrets.token_hex(32)


class Endpoint(models.Model):
    name = models.CharField(_("الاسم"), max_length=100)
    url = models.URLField(
        _("العنوان"),
        max_length=500,
        help_text=_("عنوان http أو https يستقبل طلبات POST بصيغة JSON."),
    )
    secret = models.CharField(
        _("المفتاح السري"), max_length=64, default=new_secret, editable=False
    )
    on_article_published = models.BooleanField(
        Event.ARTICLE_PUBLISHED.label, default=True
    )
    on_article_updated = models.BooleanField(Event.ARTICLE_UPDATED.label, default=True)
    on_article_unpublished = models.BooleanField(
        Event.ARTICLE_UNPUBLISHED.label, default=True
    )
    on_comment_approved = models.BooleanField(
        Event.COMMENT_APPROVED.label, default=False
    )
    # Off unless chosen: a receiver written for article events is not sent a
    # kind of event it has never seen.
    on_import_completed = models.BooleanField(
        Event.IMPORT_COMPLETED.label, default=False
    )
    active = models.BooleanField(_("مفعّل"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("أنشأه"),
        editable=False,
    )
    created_at = models.DateTimeField(_("وقت الإنشاء"), auto_now_add=True)

    class Meta:
        verbose_name = _("عنوان استقبال")
        verbose_name_plural = _("عناوين الاستقبال")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def events(self) -> list[str]:
        """The events this endpoint receives."""
        return [event for event, field in EVENT_FIELDS.items() if getattr(self, field)]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("بانتظار الإرسال")
        DELIVERED = "delivered", _("وصل")
        FAILED = "failed", _("فشل")

    endpoint = models.ForeignKey(
        Endpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("عنوان الاستقبال"),
    )
    event = models.CharField(_("الحدث"), max_length=40, choices=Event.choices)
    payload = models.JSONField(_("المحتوى"))
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("المحاولات"), default=0)
    # When the job next tries a pending delivery; the row's creation, at first.
    next_attempt_at = models.DateTimeField(_("المحاولة التالية"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("آخر رمز استجابة"), null=True, blank=True
    )
    last_error = models.CharField(_("آخر خطأ"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("وقت الحدث"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("وقت الوصول"), null=True, blank=True)

    class Meta:
        verbose_name = _("إرسال")
        verbose_name_plural = _("سجل الإرسال")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return "%s → %s" % (self.get_event_display(), self.endpoint)
