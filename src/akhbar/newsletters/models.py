"""Lists, their subscribers, the issues sent and who received each."""

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin

from akhbar.core.html import clean_html

from . import rendering


class Weekday(models.IntegerChoices):
    # ISO numbering, as datetime.isoweekday().
    MONDAY = 1, _("الاثنين")
    TUESDAY = 2, _("الثلاثاء")
    WEDNESDAY = 3, _("الأربعاء")
    THURSDAY = 4, _("الخميس")
    FRIDAY = 5, _("الجمعة")
    SATURDAY = 6, _("السبت")
    SUNDAY = 7, _("الأحد")


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
    send_hour = models.PositiveSmallIntegerField(
        _("ساعة الإرسال"),
        default=7,
        validators=[MaxValueValidator(23)],
        help_text=_("ساعة إرسال الموجز بتوقيت الموقع (0–23)."),
    )
    send_weekday = models.PositiveSmallIntegerField(
        _("يوم الإرسال الأسبوعي"),
        choices=Weekday.choices,
        default=Weekday.SATURDAY,
        help_text=_("للموجز الأسبوعي فقط."),
    )
    # Subscribers erased on request: only how many, never who.
    erased_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("نشرة بريدية")
        verbose_name_plural = _("النشرات البريدية")

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    """One address on one list. It is mailed only once ``confirmed_at`` is set
    and ``unsubscribed_at`` is not; links carry signed ids, never the address.
    ``ended`` says why it left: a bounce or a complaint stops it for good."""

    class Ended(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("ألغى الاشتراك")
        BOUNCED = "bounced", _("ارتدّ البريد")
        COMPLAINED = "complained", _("أبلغ عن رسالة مزعجة")

    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField(_("البريد الإلكتروني"), max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    ended = models.CharField(max_length=16, choices=Ended.choices, blank=True)

    class Meta:
        verbose_name = _("مشترك")
        verbose_name_plural = _("المشتركون")
        permissions = [
            ("export_subscriber", _("Can export and erase subscribers' addresses"))
        ]
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

    @property
    def is_stopped(self) -> bool:
        """Bounced or complained: never mailed again, not even a confirmation."""
        return self.ended in (self.Ended.BOUNCED, self.Ended.COMPLAINED)


class Issue(PreviewableMixin, ClusterableModel):
    """One edition of a list: the daily digest of one date (``key``), fixed
    when it is first made so that every batch sends the same edition, or one
    an editor composed from chosen articles and scheduled (``scheduled_at``)."""

    newsletter = models.ForeignKey(
        NewsletterList,
        on_delete=models.CASCADE,
        related_name="issues",
        verbose_name=_("النشرة"),
    )
    key = models.CharField(max_length=32)
    subject = models.CharField(_("العنوان"), max_length=255)
    intro = RichTextField(_("المقدمة"), blank=True, features=rendering.INTRO_FEATURES)
    article_ids = models.JSONField(default=list, blank=True)
    scheduled_at = models.DateTimeField(
        _("موعد الإرسال"),
        null=True,
        blank=True,
        help_text=_("فارغ: مسودة لا تُرسل. يرسلها العامل في هذا الموعد."),
    )
    created_at = models.DateTimeField(_("أُنشئ"), auto_now_add=True)
    # Set once every subscriber confirmed at the time had it: the worker stops
    # looking at the issue (``send-newsletter`` still sends it to late comers).
    finished_at = models.DateTimeField(_("اكتمل الإرسال"), null=True, blank=True)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        # Each chosen article is headed "label N" and added with "Add label":
        # «مقال 1», «إضافة مقال», not «المقالات 1».
        InlinePanel(
            "chosen_articles", heading=_("المقالات"), label=_("مقال"), min_num=1
        ),
        FieldPanel("scheduled_at"),
    ]

    class Meta:
        verbose_name = _("عدد من النشرة")
        verbose_name_plural = _("أعداد النشرات")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "key"], name="newsletter_issue_unique"
            )
        ]

    def __str__(self):
        # Named in the admin's messages, titles and history: the subject the
        # editor wrote, not the internal key ("composed-a7153eab7f7e4f47").
        return self.subject

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = "composed-%s" % uuid.uuid4().hex[:16]
        self.intro = clean_html(self.intro or "")
        super().save(*args, **kwargs)

    def chosen_article_ids(self) -> list[int]:
        """The editor's chosen articles in their order, else the digest's."""
        chosen = [item.article_id for item in self.chosen_articles.all()]
        return [pk for pk in chosen if pk] or list(self.article_ids)

    def get_preview_template(self, request, mode_name):
        return "akhbar_newsletters/mail/digest.html"

    def get_preview_context(self, request, mode_name):
        items = rendering.article_items(self.chosen_article_ids())
        return rendering.mail_context(
            newsletter=self.newsletter,
            subject=self.subject,
            context=rendering.digest_context(intro=self.intro, items=items),
            leave="#",
        )


class IssueArticle(Orderable):
    """An article an editor chose for a composed issue, in order."""

    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="chosen_articles")
    article = models.ForeignKey(
        "akhbar_news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("المقال"),
    )

    panels = [FieldPanel("article")]


class Delivery(models.Model):
    """An issue claimed for one subscriber before it is handed to the mail server.

    The row is written (and committed) first, so that a sender that dies
    mid-batch leaves its claims behind and no other sender mails them again:
    at most once. ``sent_at`` is set once the mail server took the message; a
    claim without it is a mail whose fate is unknown.
    """

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    claimed_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_unique"
            )
        ]

    def __str__(self):
        return "%s → subscriber %s" % (self.issue, self.subscriber_id)
