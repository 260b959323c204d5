"""Lists, their subscribers, the issues sent and who received each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsletterList(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", _("الموجز اليومي")
        BREAKING = "breaking", _("الأخبار العاجلة")
        WEEKLY = "weekly", _("الموجز الأسبوعي")

    name = models.CharField(_("الاسم"), max_length=120)
    slug = models.SlugField(_("المعرّف"), max_length=80, unique=True, allow_unicode=True)
    kind = models.CharField(_("النوع"), max_length=16, choices=Kind.choices)
    description = models.CharField(_("الوصف"), max_length=255, blank=True)
    active = models.BooleanField(_("مفعّلة"), default=True)

    class Meta:
        verbose_name = _("نشرة بريدية")
        verbose_name_plural = _("النشرات البريدية")

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    """One address on one list. It is mailed only once ``confirmed_at`` is set
    and ``unsubscribed_at`` is not; links carry signed ids, never the address."""

    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField(_("البريد الإلكتروني"), max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("مشترك")
        verbose_name_plural = _("المشتركون")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email"], name="newsletter_subscriber_unique"
            )
        ]

    def __str__(self):
        # Never the address: admin logs and error pages may show this.
        return "subscriber %s" % self.pk

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Issue(models.Model):
    """One edition of a list, e.g. the daily digest of one date (``key``).

    Its articles are fixed when it is first made, so that every batch sends
    the same edition.
    """

    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="issues"
    )
    key = models.CharField(max_length=32)
    subject = models.CharField(max_length=255)
    article_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "key"], name="newsletter_issue_unique"
            )
        ]

    def __str__(self):
        return "%s %s" % (self.newsletter, self.key)


class Delivery(models.Model):
    """An issue handed to the mail server for one subscriber: never sent twice."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_unique"
            )
        ]

    def __str__(self):
        return "%s → subscriber %s" % (self.issue, self.subscriber_id)
