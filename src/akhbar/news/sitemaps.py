"""Sitemaps for crawlers: an index, the pages, the articles with their images, and
the Google News sitemap of the last two days.

``/sitemap.xml`` is the index (what robots.txt names first); each sitemap it
lists is ``/sitemap-<name>.xml`` (``?p=2`` and on past 50,000 URLs). Every
location is on the site's public address (``akhbar.core.urls``).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as django_sitemap_views
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.contrib.sitemaps import Sitemap

from akhbar.core.urls import absolute_url

from . import selectors
from .models import ArticlePage

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# Google News reads articles published in the last two days, at most 1,000 per
# sitemap ("Build a news sitemap", Google Search Central).
NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """Wagtail's sitemap of pages, with each location on the site's public
    address rather than the Site record's."""

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            parts = urlsplit(url["location"])
            path = parts.path + ("?" + parts.query if parts.query else "")
            url["location"] = absolute_url(path)
        return urls


class PagesSitemap(SiteSitemap):
    """Every live public page of the site but its articles (home, sections,
    authors, plain pages)."""

    def items(self):
        return super().items().not_type(ArticlePage)


class ArticlesSitemap(SiteSitemap):
    """Every live public article, newest first, with its lead image."""

    def items(self):
        site = self.get_wagtail_site()
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(site.root_page)
            .defer_streamfields()
            .select_related("featured_image")
            .order_by("-first_published_at", "-pk")
        )

    def lastmod(self, obj):
        return obj.last_published_at


SITEMAPS = {"pages": PagesSitemap, "articles": ArticlesSitemap}


def sitemap(request, section):
    """One sitemap of ``SITEMAPS`` (articles carry image entries)."""
    return django_sitemap_views.sitemap(
        request,
        {section: SITEMAPS[section](request)},
        section=section,
        template_name="akhbar_news/sitemap.xml",
    )


def sitemap_locations(request) -> list[tuple[str, datetime.datetime | None]]:
    """(URL, last change) of every sitemap the index lists, in order."""
    locations = []
    for name, sitemap_class in SITEMAPS.items():
        generator = sitemap_class(request)
        url = absolute_url(reverse("sitemap_" + name))
        items = generator.items()
        lastmod = items.aggregate(last=Max("last_published_at"))["last"]
        for number in generator.paginator.page_range:
            page_url = url if number == 1 else "%s?p=%d" % (url, number)
            locations.append((page_url, lastmod))
    locations.append(
        (
            absolute_url(reverse("sitemap_news")),
            news_articles(request).aggregate(last=Max("last_published_at"))["last"],
        )
    )
    return locations


def xml_response(write) -> HttpResponse:
    """An XML response whose body ``write(handler)`` produces."""
    response = HttpResponse(content_type="application/xml; charset=utf-8")
    handler = SimplerXMLGenerator(response, "utf-8", short_empty_elements=True)
    handler.startDocument()
    write(handler)
    handler.endDocument()
    return response


def sitemap_index(request):
    """``/sitemap.xml``: the index of the site's sitemaps."""

    def write(handler):
        handler.startElement("sitemapindex", {"xmlns": SITEMAP_NS})
        for location, lastmod in sitemap_locations(request):
            handler.startElement("sitemap", {})
            handler.addQuickElement("loc", location)
            if lastmod is not None:
                handler.addQuickElement("lastmod", lastmod.isoformat())
            handler.endElement("sitemap")
        handler.endElement("sitemapindex")

    return xml_response(write)


def news_articles(request, *, now=None):
    """The site's articles for Google News: published in the last 48 hours,
    neither they nor their sections excluded, newest first."""
    home = selectors.site_home(request)
    return selectors.news_sitemap_articles(
        home, since=(now or timezone.now()) - NEWS_WINDOW
    )


def news_sitemap(request):
    """``/sitemap-news.xml``: Google News's sitemap of the last two days, the
    articles and the other story types (live stories)."""
    home = selectors.site_home(request)
    articles = list(news_articles(request)[:NEWS_LIMIT])
    articles += selectors.news_sitemap_stories(
        home, since=timezone.now() - NEWS_WINDOW, limit=NEWS_LIMIT
    )
    articles.sort(key=lambda page: page.first_published_at, reverse=True)
    articles = articles[:NEWS_LIMIT]
    name = settings.WAGTAIL_SITE_NAME
    language = settings.LANGUAGE_CODE.split("-")[0]

    def write(handler):
        handler.startElement("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
        for article in articles:
            handler.startElement("url", {})
            handler.addQuickElement("loc", absolute_url(article.url))
            handler.startElement("news:news", {})
            handler.startElement("news:publication", {})
            handler.addQuickElement("news:name", name)
            handler.addQuickElement("news:language", language)
            handler.endElement("news:publication")
            handler.addQuickElement(
                "news:publication_date", article.first_published_at.isoformat()
            )
            handler.addQuickElement("news:title", article.title)
            handler.endElement("news:news")
            handler.endElement("url")
        handler.endElement("urlset")

    return xml_response(write)


def urlpatterns() -> list:
    """The sitemaps' URL patterns for the project's URLconf, the index first."""
    from django.urls import path

    patterns = [
        path("sitemap.xml", sitemap_index, name="sitemap"),
        path("sitemap-news.xml", news_sitemap, name="sitemap_news"),
    ]
    patterns += [
        path(
            "sitemap-%s.xml" % name, sitemap, {"section": name}, name="sitemap_" + name
        )
        for name in SITEMAPS
    ]
    return patterns
