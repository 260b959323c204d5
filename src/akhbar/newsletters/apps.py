from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "akhbar.newsletters"
    label = "akhbar_newsletters"
    verbose_name = "النشرات البريدية"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
