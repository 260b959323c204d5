from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "akhbar.related"
    label = "akhbar_related"
    verbose_name = "مقالات ذات صلة"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.news.selectors import register_related_provider

        from . import signal_handlers, wagtail_hooks  # noqa: F401
        from .selectors import related_for

        # The article page's «مقالات ذات صلة» block reads the stored suggestions.
        register_related_provider(related_for)
