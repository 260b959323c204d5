from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "akhbar.readership"
    label = "akhbar_readership"
    verbose_name = "القراءات"
    default_auto_field = "django.db.models.BigAutoField"
