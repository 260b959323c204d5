"""The article: the page a reader comes for."""

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable, Page
from wagtail.search import index

from akhbar.core.fields import StreamField
from akhbar.core.urls import absolute_url
from akhbar.news.blocks import ArticleBodyBlock, body_word_count

from .mixins import ArabicSlugMixin, CheapViewRestrictionsMixin

# Arabic news prose reads at roughly this pace; used for the "reading time" label.
WORDS_PER_MINUTE = 180
# Who may make an article the lead story or breaking news (granted to Editors).
FEATURE_PERMISSION = "akhbar_news.feature_article"


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "akhbar_news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleAuthor(Orderable):
    """One byline of an article; an article may have several, in order."""

    page = ParentalKey(
        "akhbar_news.ArticlePage", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        "akhbar_news.AuthorPage",
        on_delete=models.CASCADE,
        related_name="bylines",
        verbose_name=_("الكاتب"),
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("كاتب")
        verbose_name_plural = _("الكتّاب")


class ArticlePage(CheapViewRestrictionsMixin, ArabicSlugMixin, Page):
    standfirst = models.TextField(_("المقدمة"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("المتن"), blank=True)
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("الصورة الرئيسية"),
    )
    featured_image_caption = models.CharField(
        _("تعليق الصورة"), max_length=255, blank=True
    )
    featured_image_credit = models.CharField(
        _("مصدر الصورة"), max_length=255, blank=True
    )
    updated_at = models.DateTimeField(
        _("آخر تحديث"),
        null=True,
        blank=True,
        help_text=_("اتركه فارغاً إن لم يُحدَّث الخبر تحديثاً جوهرياً."),
    )
    is_breaking = models.BooleanField(_("خبر عاجل"), default=False)
    breaking_until = models.DateTimeField(
        _("عاجل حتى"),
        null=True,
        blank=True,
        help_text=_("بعد هذا الوقت يختفي الخبر من شريط العاجل."),
    )
    is_lead = models.BooleanField(_("القصة الرئيسية"), default=False)
    comments_open = models.BooleanField(_("التعليقات مفتوحة"), default=True)
    exclude_from_news_sitemap = models.BooleanField(
        _("خارج خريطة أخبار Google"),
        default=False,
        help_text=_("لا يُدرج المقال في خريطة الموقع الإخبارية (Google News)."),
    )
    tags = ClusterTaggableManager(
        through=ArticleTag, blank=True, verbose_name=_("الوسوم")
    )

    parent_page_types = ["akhbar_news.SectionPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                FieldPanel("featured_image"),
                FieldRowPanel(
                    [
                        FieldPanel("featured_image_caption"),
                        FieldPanel("featured_image_credit"),
                    ]
                ),
            ],
            heading=_("الصورة الرئيسية"),
        ),
        FieldPanel("body"),
        InlinePanel("bylines", label=_("الكتّاب")),
        FieldPanel("tags"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("exclude_from_news_sitemap")]
    # Only those trusted with the front page (Editors) see the lead and breaking
    # flags; for anyone else the fields are not in the form, so they keep their
    # values whatever that person saves.
    curation_panels = [
        FieldPanel("is_lead", permission=FEATURE_PERMISSION),
        FieldRowPanel(
            [
                FieldPanel("is_breaking", permission=FEATURE_PERMISSION),
                FieldPanel("breaking_until", permission=FEATURE_PERMISSION),
            ]
        ),
        FieldPanel("updated_at"),
        FieldPanel("comments_open"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("المحتوى")),
            ObjectList(curation_panels, heading=_("التحرير")),
            ObjectList(promote_panels, heading=_("الظهور")),
            ObjectList(Page.settings_panels, heading=_("الإعدادات")),
        ]
    )

    class Meta:
        verbose_name = _("مقال")
        verbose_name_plural = _("مقالات")
        indexes = [models.Index(fields=["is_breaking", "breaking_until"])]
        permissions = [
            ("feature_article", _("تعيين القصة الرئيسية والأخبار العاجلة")),
        ]

    @property
    def headline(self):
        return self.title

    @property
    def published_at(self):
        return self.first_published_at or self.latest_revision_created_at

    @cached_property
    def word_count(self) -> int:
        return len(self.standfirst.split()) + body_word_count(self.body)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    def breaking_is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_breaking and (
            self.breaking_until is None or self.breaking_until > now
        )

    def get_sitemap_urls(self, request=None):
        """The article's sitemap entry, with its lead image (``image:image``)."""
        urls = super().get_sitemap_urls(request)
        if self.featured_image is not None:
            image = absolute_url(self.featured_image.file.url)
            for url in urls:
                url["images"] = [{"location": image}]
        return urls

    def get_context(self, request, *args, **kwargs):
        from akhbar.news import selectors

        context = super().get_context(request, *args, **kwargs)
        context["section"] = selectors.section_of(self)
        # Lazy: the template usually serves these parts from its fragment cache.
        context["bylines"] = SimpleLazyObject(lambda: selectors.article_bylines(self))
        context["article_tags"] = SimpleLazyObject(lambda: list(self.tags.all()))
        context["related_articles"] = SimpleLazyObject(
            lambda: selectors.related_articles(self)
        )
        context["entity_links"] = SimpleLazyObject(lambda: selectors.entity_links(self))
        return context
