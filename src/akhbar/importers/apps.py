from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "akhbar.importers"
    label = "akhbar_importers"
    verbose_name = "الاستيراد والتصدير"
    default_auto_field = "django.db.models.BigAutoField"
