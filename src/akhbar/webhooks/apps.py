from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "akhbar.webhooks"
    label = "akhbar_webhooks"
    verbose_name = "خطافات الويب"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core import jobs

        from . import signal_handlers  # noqa: F401
        from .services import deliveries_send_due

        jobs.register("webhooks", deliveries_send_due)
