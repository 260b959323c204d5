from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "akhbar.core"
    label = "akhbar_core"
    verbose_name = "Akhbar"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
