from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "akhbar.api"
    label = "akhbar_api"
    verbose_name = "واجهة البرمجة"
    default_auto_field = "django.db.models.BigAutoField"
