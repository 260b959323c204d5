"""An entity's RSS and Atom feeds: the newest live articles that mention it,
built like the site's other feeds (``akhbar.news.feeds``)."""

from django.http import Http404
from django.urls import path, reverse

from akhbar.core.urls import absolute_url
from akhbar.news.feeds import LatestArticlesFeed, atom

from . import selectors


class EntityFeed(LatestArticlesFeed):
    """The newest live articles that mention one entity."""

    url_name = "feed_entity"

    def get_target(self, request, home, type, slug):
        entity = selectors.entity_by_slug(type, slug)
        if entity is None:
            raise Http404("No such entity")
        return entity

    def link(self, obj):
        return absolute_url(obj.target.url)

    def feed_url(self, obj):
        return absolute_url(feed_path(obj.target, atom=self.url_name.endswith("_atom")))

    def articles(self, obj):
        return selectors.entity_articles(obj.target).filter(
            path__startswith=obj.home_path
        )


def feed_path(entity, *, atom: bool = False) -> str:
    """The path of ``entity``'s RSS feed, or of its Atom feed."""
    name = "%s%s_%s" % (
        EntityFeed.url_name,
        "_atom" if atom else "",
        entity.type.lower(),
    )
    return reverse(name, args=[entity.slug])


def urlpatterns() -> list:
    """RSS at ``<entity page>/feed/``, Atom at ``<entity page>/feed/atom/``."""
    patterns = []
    for feed_class in (EntityFeed, atom(EntityFeed)):
        suffix = "feed/atom/" if feed_class is not EntityFeed else "feed/"
        for type, kind in selectors.KINDS.items():
            patterns.append(
                path(
                    "%s/<str:slug>/%s" % (kind.prefix, suffix),
                    feed_class(),
                    {"type": type},
                    name="%s_%s" % (feed_class.url_name, type.lower()),
                )
            )
    return patterns
