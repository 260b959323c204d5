"""A plain page: about us, terms, contact; also where imported WordPress pages go."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from akhbar.core.fields import StreamField
from akhbar.news.blocks import ArticleBodyBlock

from .mixins import ArabicSlugMixin, CheapViewRestrictionsMixin, HomeChildSlugMixin


class StandardPage(
    CheapViewRestrictionsMixin, HomeChildSlugMixin, ArabicSlugMixin, Page
):
    body = StreamField(ArticleBodyBlock(), verbose_name=_("المتن"), blank=True)

    parent_page_types = ["akhbar_news.HomePage", "akhbar_news.StandardPage"]
    subpage_types = ["akhbar_news.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("صفحة")
        verbose_name_plural = _("صفحات")
