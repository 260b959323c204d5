from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "akhbar.search"
    label = "akhbar_search"
    verbose_name = "البحث"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
