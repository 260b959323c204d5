from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "akhbar.news"
    label = "akhbar_news"
    verbose_name = "الأخبار"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core import jobs

        from . import signal_handlers, websub  # noqa: F401

        jobs.register(websub.JOB_NAME, websub.run_due)
