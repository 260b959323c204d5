from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "akhbar.newsletters"
    label = "akhbar_newsletters"
    verbose_name = "النشرات البريدية"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core import jobs

        from . import schedule, signal_handlers  # noqa: F401

        jobs.register("newsletters.digests", schedule.digests_send)
