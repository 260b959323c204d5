from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "akhbar.live"
    label = "akhbar_live"
    verbose_name = "التغطية المباشرة"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.news import selectors as news_selectors
        from akhbar.news.models import SectionPage

        from . import signal_handlers  # noqa: F401
        from .models import LiveStoryPage

        # Feeds, the news sitemap and search carry live stories beside articles.
        news_selectors.register_story_type(LiveStoryPage)

        # A live story sits in a section beside its articles. News lists its own
        # child types and does not know this app; the type is added here, before
        # Wagtail first resolves the list, so news never names akhbar_live.
        child = "akhbar_live.LiveStoryPage"
        if child not in SectionPage.subpage_types:
            SectionPage.subpage_types = [*SectionPage.subpage_types, child]
