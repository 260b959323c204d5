"""What the write API adds to Wagtail's API tokens, and the answers it keeps
for idempotent writes.

The tokens are Wagtail's own (``wagtail.models.APIToken``): an administrator
issues one to a user in the admin and sees its secret once; only an HMAC digest
is stored, and revoking keeps the row for the audit trail. A ``TokenGrant``
adds the scopes the token may use and an optional expiry.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import APIToken


class Scope(models.TextChoices):
    READ_DRAFTS = "read_drafts", _("قراءة المسودات")
    CREATE_DRAFTS = "create_drafts", _("إنشاء المسودات وتعديلها")
    SUBMIT = "submit", _("الإرسال للمراجعة")
    PUBLISH = "publish", _("النشر")
    UPLOAD_MEDIA = "upload_media", _("رفع الصور")
    MODERATE_COMMENTS = "moderate_comments", _("الإشراف على التعليقات")


class TokenGrant(models.Model):
    """The scopes a token may use, and until when.

    A scope gives nothing the user's role does not (``api.auth``): a
    Contributor's token with ``publish`` still cannot publish. A token without
    a grant can do nothing but read what anyone reads. ``source`` names the
    namespace of the ``external_id`` values the token pushes: tokens of the
    same source share it, two sources never collide.
    """

    token = models.OneToOneField(
        APIToken,
        on_delete=models.CASCADE,
        related_name="akhbar_grant",
        verbose_name=_("المفتاح"),
    )
    scopes = models.JSONField(_("الصلاحيات"), default=list, blank=True)
    # Blank for the tokens issued before sources existed: their external ids
    # stay where they were pushed (``api.services.namespace``).
    source = models.CharField(
        _("المصدر"),
        max_length=50,
        blank=True,
        default="",
        validators=[RegexValidator(r"^[a-z0-9_-]+$")],
        help_text=_(
            "اسم المصدر (مثل afp أو reuters) الذي تُفهم فيه معرّفات external_id "
            "لهذا المفتاح: «123» من مصدرين مقالان، و«123» مرتين من مصدر واحد مقال "
            "واحد. حروف لاتينية صغيرة وأرقام و- و_."
        ),
    )
    expires_at = models.DateTimeField(_("ينتهي في"), null=True, blank=True)

    class Meta:
        verbose_name = _("صلاحيات مفتاح")
        verbose_name_plural = _("صلاحيات المفاتيح")

    def __str__(self):
        return ", ".join(self.scopes)

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (
            now or timezone.now()
        )


class IdempotentRequest(models.Model):
    """The answer to a write sent with an ``Idempotency-Key``: the same key
    with the same request gets the same answer again, without a second write;
    the same key with another request is refused."""

    token = models.ForeignKey(APIToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"], name="api_one_answer_per_key"
            )
        ]

    def __str__(self):
        return self.key
