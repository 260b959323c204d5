"""The live story (تغطية مباشرة) and its entries.

Entries are rows of their own, not part of the page's revisions: posting one is a
single insert that never waits for the page editor, and a story with thousands of
them loads one page of entries at a time. Every change to an entry takes the next
number of its story's sequence (``LiveStoryVersion``); readers' browsers ask for
what changed after the number they have.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from akhbar.core.fields import StreamField
from akhbar.news.blocks import ArticleBodyBlock, body_text
from akhbar.news.models.mixins import ArabicSlugMixin, CheapViewRestrictionsMixin

from . import reading
from .blocks import LiveEntryBodyBlock
from .text import clean_markup

# Search indexes the words of this many newest entries of a story.
SEARCH_ENTRIES = 500


class LiveStoryPage(CheapViewRestrictionsMixin, ArabicSlugMixin, Page):
    """A story covered as it happens; once its coverage ends, an archived story."""

    standfirst = models.TextField(_("المقدمة"), blank=True)
    body = StreamField(
        ArticleBodyBlock(),
        verbose_name=_("الخلاصة"),
        blank=True,
        help_text=_("ما يعرفه القارئ حتى الآن؛ يظهر فوق التحديثات."),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("الصورة الرئيسية"),
    )
    coverage_start = models.DateTimeField(
        _("بداية التغطية"),
        null=True,
        blank=True,
        help_text=_("اتركه فارغاً ليكون وقت النشر الأول."),
    )
    coverage_end = models.DateTimeField(
        _("نهاية التغطية"),
        null=True,
        blank=True,
        help_text=_("التغطية مستمرة ما دام فارغاً أو في المستقبل."),
    )

    parent_page_types = ["akhbar_news.SectionPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")])],
            heading=_("التغطية"),
        ),
    ]

    class Meta:
        verbose_name = _("تغطية مباشرة")
        verbose_name_plural = _("تغطيات مباشرة")

    @property
    def headline(self):
        return self.title

    @property
    def published_at(self):
        return self.first_published_at or self.latest_revision_created_at

    @property
    def coverage_started_at(self):
        return self.coverage_start or self.published_at

    def is_open(self, now=None) -> bool:
        """Whether the coverage goes on (readers' pages poll for updates)."""
        now = now or timezone.now()
        return self.coverage_end is None or self.coverage_end > now

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(reading.reader_context(self, request))
        return context

    def story_text(self) -> str:
        """The words of the entries readers see, newest first, for search
        (``news.selectors.register_story_type``)."""
        entries = self.entries.visible().newest_first()[:SEARCH_ENTRIES]
        return "\n".join(
            "\n".join(filter(None, [entry.title, body_text(entry.body)]))
            for entry in entries
        )


class LiveStoryVersion(models.Model):
    """The last number of a story's sequence of entry changes.

    Its own row rather than a page field: a page field would be overwritten by
    the next publish of an older revision. Updating the row locks it until the
    change commits, so numbers become visible in order.
    """

    page = models.OneToOneField(
        LiveStoryPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="entries_version",
    )
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return "%s: %s" % (self.page_id, self.value)


class LiveEntryQuerySet(models.QuerySet):
    def visible(self):
        """Entries readers see: published and not deleted."""
        return self.filter(is_published=True, deleted_at__isnull=True)

    def newest_first(self):
        return self.order_by("-posted_at", "-pk")


class LiveEntry(models.Model):
    page = models.ForeignKey(
        LiveStoryPage,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("التغطية"),
    )
    posted_at = models.DateTimeField(_("الوقت"), default=timezone.now)
    title = models.CharField(_("العنوان"), max_length=255, blank=True)
    body = StreamField(LiveEntryBodyBlock(), verbose_name=_("المتن"), blank=True)
    author = models.ForeignKey(
        "akhbar_news.AuthorPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
        verbose_name=_("الكاتب"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("أضافه"),
    )
    is_pinned = models.BooleanField(_("مثبّت في الأعلى"), default=False)
    is_key_event = models.BooleanField(_("حدث رئيسي"), default=False)
    correction = models.TextField(
        _("تصحيح"),
        blank=True,
        help_text=_("يظهر للقارئ تحت التحديث بعنوان «تصحيح»."),
    )
    is_published = models.BooleanField(_("منشور"), default=False)
    edited_at = models.DateTimeField(_("آخر تعديل"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("حُذف في"), null=True, blank=True)
    # This entry's last change in its story's sequence (``LiveStoryVersion``).
    sequence = models.BigIntegerField(default=0)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("تحديث")
        verbose_name_plural = _("تحديثات")
        indexes = [
            models.Index(fields=["page", "posted_at", "id"]),
            models.Index(fields=["page", "sequence"]),
        ]
        permissions = [
            ("publish_liveentry", _("نشر التحديثات وتثبيتها دون مراجعة")),
        ]

    def __str__(self):
        return self.title or "%s #%s" % (self.page, self.pk)

    def save(self, *args, **kwargs):
        # Every writer (the admin form, the demo, a shell) goes through here: a
        # paragraph holds only the article editor's tags, whatever was typed.
        for block in self.body:
            if block.block_type == "paragraph":
                source = clean_markup(block.value.source)
                if source != block.value.source:
                    block.value = block.block.to_python(source)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return "%s?from=%s#entry-%s" % (self.page.url, self.pk, self.pk)

    @property
    def byline(self) -> str:
        if self.author_id:
            return self.author.title
        if self.created_by_id:
            return self.created_by.get_full_name()
        return ""
