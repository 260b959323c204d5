from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "akhbar.comments"
    label = "akhbar_comments"
    verbose_name = "التعليقات"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401
