"""Reader comments and the moderation lists editors keep.

Comments are plain text: nothing typed by a reader is ever stored as markup, and
every change goes through ``akhbar.comments.services``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("بانتظار المراجعة")
        APPROVED = "approved", _("منشور")
        SPAM = "spam", _("مزعج")
        TRASH = "trash", _("محذوف")

    article = models.ForeignKey(
        "akhbar_news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("المقال"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("رداً على"),
    )
    # 1 for a comment on the article, 2 for a reply to it, and so on up to
    # AKHBAR_COMMENTS_MAX_DEPTH; stored so that threads render without recursion
    # in SQL.
    depth = models.PositiveSmallIntegerField(_("العمق"), default=1)
    author_name = models.CharField(_("الاسم"), max_length=100)
    author_email = models.EmailField(_("البريد الإلكتروني"), blank=True)
    website = models.URLField(_("الموقع الإلكتروني"), max_length=200, blank=True)
    body = models.TextField(_("التعليق"))
    status = models.CharField(
        _("الحالة"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    # The status a comment had before it was marked spam or trashed, so that
    # "restore" undoes a mistaken click instead of sending it back to the queue.
    previous_status = models.CharField(
        max_length=10, choices=Status.choices, blank=True
    )
    held_reason = models.CharField(_("سبب الحجز"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("وقت الإرسال"), default=timezone.now)
    moderated_at = models.DateTimeField(_("وقت المراجعة"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("راجعه"),
    )
    # Kept for moderation only, then cleared after AKHBAR_COMMENTS_IP_RETENTION_DAYS.
    ip_address = models.GenericIPAddressField(_("عنوان IP"), null=True, blank=True)
    user_agent = models.CharField(_("المتصفح"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("تعليق")
        verbose_name_plural = _("التعليقات")
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", _("يمكنه مراجعة التعليقات"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author_email", "status"]),
        ]

    def __str__(self):
        return "%s: %s" % (self.author_name, self.body[:40])

    def get_absolute_url(self):
        return "%s#comment-%d" % (self.article.url, self.pk)


@register_setting(icon="comment")
class CommentModerationSettings(BaseGenericSetting):
    """Lists that hold a comment for review, editable by editors in the admin."""

    max_links = models.PositiveSmallIntegerField(
        _("أقصى عدد من الروابط"),
        default=2,
        help_text=_("يُحجز للمراجعة كل تعليق يحتوي على روابط أكثر من هذا العدد."),
    )
    blocked_words = models.TextField(
        _("كلمات محظورة"),
        blank=True,
        help_text=_(
            "كلمة أو عبارة في كل سطر. يُحجز التعليق الذي يحتوي على إحداها، "
            "مع تجاهل التشكيل والتطويل واختلاف الهمزات."
        ),
    )
    blocked_names = models.TextField(
        _("أسماء محظورة"),
        blank=True,
        help_text=_("اسم في كل سطر، يُقارن بالاسم الكامل للمعلّق."),
    )
    blocked_emails = models.TextField(
        _("عناوين بريد محظورة"),
        blank=True,
        help_text=_("عنوان في كل سطر، أو نطاق يبدأ بـ @ مثل ‎@example.com."),
    )
    blocked_ips = models.TextField(
        _("عناوين IP محظورة"),
        blank=True,
        help_text=_("عنوان أو شبكة في كل سطر، مثل 203.0.113.7 أو 198.51.100.0/24."),
    )

    panels = [
        FieldPanel("max_links"),
        MultiFieldPanel(
            [
                FieldPanel("blocked_words"),
                FieldPanel("blocked_names"),
                FieldPanel("blocked_emails"),
                FieldPanel("blocked_ips"),
            ],
            heading=_("قوائم الحجز للمراجعة"),
        ),
    ]

    class Meta:
        verbose_name = _("إعدادات مراجعة التعليقات")
