from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "akhbar.newsroom"
    label = "akhbar_newsroom"
    verbose_name = "غرفة الأخبار"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core.metrics import register_collector

        from . import (
            checks,  # noqa: F401
            metrics,
        )

        register_collector("scheduler", metrics.collect)
