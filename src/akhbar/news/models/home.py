"""The home page: lead story, breaking ticker, latest, a block per section.

It also routes the site-wide listings that are not pages of their own: tags and
archives by year and month.
"""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .mixins import CheapViewRestrictionsMixin


class HomePage(CheapViewRestrictionsMixin, RoutablePageMixin, Page):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "akhbar_news.SectionPage",
        "akhbar_news.AuthorIndexPage",
        "akhbar_news.StandardPage",
    ]

    class Meta:
        verbose_name = _("الصفحة الرئيسية")

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

        return self.render(request, context_overrides=selectors.home_page_blocks(self))

    def _listing(self, request, queryset, template, **extra):
        from akhbar.news import selectors

        paginator = Paginator(queryset, settings.AKHBAR_ARTICLES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context = {
            "page_obj": page_obj,
            "articles": selectors.with_card_data(page_obj.object_list),
            **extra,
        }
        return self.render(request, context_overrides=context, template=template)

    @path("tags/<str:slug>/", name="tag")
    def tag(self, request, slug):
        from akhbar.news import selectors

        tag = get_object_or_404(Tag, slug=slug)
        return self._listing(
            request,
            selectors.tag_articles(self, tag),
            "akhbar_news/tag_page.html",
            tag=tag,
        )

    @path("archive/<int:year>/", name="archive_year")
    @path("archive/<int:year>/<int:month>/", name="archive_month")
    def archive(self, request, year, month=None):
        from akhbar.news import selectors

        try:
            start = datetime.date(year, month or 1, 1)
        except ValueError as error:
            raise Http404(str(error)) from error
        return self._listing(
            request,
            selectors.archive_articles(self, year=year, month=month),
            "akhbar_news/archive_page.html",
            archive_date=start,
            archive_month=month,
            archive_months=selectors.archive_months(self),
        )
