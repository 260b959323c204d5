from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "akhbar.related"
    label = "akhbar_related"
    verbose_name = "مقالات ذات صلة"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.news.selectors import register_related_provider
        from akhbar.search.selectors import register_duplicate_groups

        from . import signal_handlers, wagtail_hooks  # noqa: F401
        from .selectors import duplicate_groups, related_for

        # The article page's «مقالات ذات صلة» block reads the stored suggestions.
        register_related_provider(related_for)
        # Search results show one story of each group of wire copies.
        register_duplicate_groups(duplicate_groups)
