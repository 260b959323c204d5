"""RSS feeds of the latest articles, site-wide and per section."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed

from . import selectors
from .models import SectionPage

# Feed readers poll often; a short feed keeps each poll cheap.
FEED_LENGTH = 30


class ArabicRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xml:lang"] = settings.LANGUAGE_CODE
        return attrs


class LatestArticlesFeed(Feed):
    feed_type = ArabicRssFeed
    description = "آخر الأخبار"

    def title(self):
        return settings.WAGTAIL_SITE_NAME

    def link(self):
        return "/"

    def items(self):
        return selectors.card_queryset()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at or item.last_published_at


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, section_id):
        return get_object_or_404(SectionPage.objects.live(), pk=section_id)

    def title(self, obj):
        return "%s — %s" % (obj.title, settings.WAGTAIL_SITE_NAME)

    def link(self, obj):
        return obj.url

    def items(self, obj):
        return selectors.section_articles(obj)[:FEED_LENGTH]
