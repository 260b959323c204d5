from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "akhbar.importers"
    label = "akhbar_importers"
    verbose_name = "الاستيراد والتصدير"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core.metrics import register_collector

        from . import progress

        register_collector("import", progress.collect)
