from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "akhbar.news"
    label = "akhbar_news"
    verbose_name = "الأخبار"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
