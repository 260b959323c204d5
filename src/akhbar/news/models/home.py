"""The home page: lead story, breaking ticker, latest, a block per section.

Editors curate it: they choose the lead story and, per section, an ordered list of
featured stories shown first in that section's block. Without a choice the page
falls back to the newest article marked as lead, and to the newest per section.

It also routes the site-wide listings that are not pages of their own: tags and
archives by year and month.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

from .mixins import CheapViewRestrictionsMixin


class HomeFeaturedStory(Orderable):
    """A story an Editor puts first in its section's block on the home page."""

    page = ParentalKey(
        "akhbar_news.HomePage",
        on_delete=models.CASCADE,
        related_name="featured_stories",
    )
    section = models.ForeignKey(
        "akhbar_news.SectionPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("القسم"),
    )
    article = models.ForeignKey(
        "akhbar_news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="home_features",
        verbose_name=_("المقال"),
    )

    panels = [FieldPanel("section"), FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("قصة مختارة")
        verbose_name_plural = _("قصص مختارة")

    def __str__(self):
        return str(self.article)

    def clean(self):
        super().clean()
        if not (self.section_id and self.article_id):
            return
        if not self.article.path.startswith(self.section.path):
            raise ValidationError(
                {"article": _("اختر مقالاً منشوراً في هذا القسم أو في أحد فروعه.")}
            )
        # Only top-level sections have a block on the home page.
        if not issubclass(self.section.get_parent().specific_class, HomePage):
            raise ValidationError({"section": _("اختر قسماً رئيسياً، لا قسماً فرعياً.")})


class HomePage(CheapViewRestrictionsMixin, RoutablePageMixin, Page):
    lead_story = models.ForeignKey(
        "akhbar_news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("القصة الرئيسية"),
        help_text=_(
            "إن تُركت فارغة ظهرت أحدث قصة معلَّمة «القصة الرئيسية»، ثم أحدث مقال."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("lead_story"),
                InlinePanel(
                    "featured_stories",
                    label=_("قصة مختارة"),
                    help_text=_(
                        "تظهر في أول كتلة قسمها بالترتيب المختار، ثم أحدث مقالاته."
                    ),
                ),
            ],
            heading=_("اختيارات التحرير"),
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "akhbar_news.SectionPage",
        "akhbar_news.AuthorIndexPage",
        "akhbar_news.StandardPage",
    ]

    class Meta:
        verbose_name = _("الصفحة الرئيسية")

    def clean(self):
        super().clean()
        lead = self.lead_story
        if lead is not None and self.path and not lead.path.startswith(self.path):
            raise ValidationError(
                {"lead_story": _("اختر مقالاً من أقسام هذه الصفحة الرئيسية.")}
            )

    def route(self, request, path_components):
        """Resolve an article URL in one query instead of two per path segment.

        Articles are most of the traffic; anything else falls back to Wagtail's
        walk down the tree and to this page's own routes.
        """
        from akhbar.news.selectors import article_by_url_path, page_by_url_path

        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            slug = path_components[-1]
            page = None
            if len(path_components) >= 2:
                page = article_by_url_path(url_path, slug=slug)
            if page is None:
                page = page_by_url_path(url_path, slug=slug)
            if page is not None and not isinstance(page, RoutablePageMixin):
                return RouteResult(page)
        return super().route(request, path_components)

    @path("", name="home")
    def home(self, request):
        from akhbar.news import selectors

        blocks = SimpleLazyObject(lambda: selectors.home_page_blocks(self))
        return self.render(request, context_overrides={"blocks": blocks})

    def _listing(self, request, queryset, template, **extra):
        from akhbar.news import selectors

        number = selectors.page_number(request)
        context = {
            "page_number": number,
            "listing": SimpleLazyObject(
                lambda: selectors.paginated_cards(queryset, number)
            ),
            **extra,
        }
        return self.render(request, context_overrides=context, template=template)

    @path("tags/<str:slug>/", name="tag")
    def tag(self, request, slug):
        from akhbar.news import frontcache, selectors

        tag = get_object_or_404(Tag, slug=slug)
        frontcache.tag_page_keys(request, tag)
        return self._listing(
            request,
            selectors.tag_articles(self, tag),
            "akhbar_news/tag_page.html",
            tag=tag,
            listing_key="tag-%s" % tag.pk,
        )

    @path("archive/<int:year>/", name="archive_year")
    @path("archive/<int:year>/<int:month>/", name="archive_month")
    def archive(self, request, year, month=None):
        from akhbar.news import frontcache, selectors

        frontcache.archive_keys(request)
        try:
            start = datetime.date(year, month or 1, 1)
        except ValueError as error:
            raise Http404(str(error)) from error
        return self._listing(
            request,
            selectors.archive_articles(self, year=year, month=month),
            "akhbar_news/archive_page.html",
            archive_date=start,
            listing_key="archive-%s-%s" % (year, month),
            archive_month=month,
            archive_months=selectors.archive_months(self),
        )
