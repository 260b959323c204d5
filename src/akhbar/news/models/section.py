"""Sections (أقسام), nestable: politics, economy, a subsection of either."""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .mixins import ArabicSlugMixin, CheapViewRestrictionsMixin, HomeChildSlugMixin


class SectionPage(
    CheapViewRestrictionsMixin, HomeChildSlugMixin, ArabicSlugMixin, Page
):
    description = models.TextField(_("الوصف"), blank=True)
    exclude_from_news_sitemap = models.BooleanField(
        _("خارج خريطة أخبار Google"),
        default=False,
        help_text=_(
            "لا تُدرج مقالات هذا القسم وأقسامه الفرعية في خريطة الموقع الإخبارية "
            "(Google News)، كالرأي والمنوعات."
        ),
    )

    parent_page_types = ["akhbar_news.HomePage", "akhbar_news.SectionPage"]
    subpage_types = ["akhbar_news.SectionPage", "akhbar_news.ArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("description")]
    # A new section is in the site's navigation until an editor unticks "show in
    # menus"; the order is the tree's, which editors sort in the admin.
    show_in_menus_default = True
    promote_panels = Page.promote_panels + [FieldPanel("exclude_from_news_sitemap")]

    class Meta:
        verbose_name = _("قسم")
        verbose_name_plural = _("أقسام")

    def get_context(self, request, *args, **kwargs):
        from akhbar.news import selectors

        context = super().get_context(request, *args, **kwargs)
        number = selectors.page_number(request)
        context["page_number"] = number
        context["listing"] = SimpleLazyObject(
            lambda: selectors.paginated_cards(selectors.section_articles(self), number)
        )
        context["subsections"] = selectors.subsections(self)
        return context
