from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "akhbar.comments"
    label = "akhbar_comments"
    verbose_name = "التعليقات"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core.metrics import register_collector
        from akhbar.news.selectors import register_card_annotation

        from . import (
            checks,  # noqa: F401
            metrics,
        )
        from .selectors import approved_count_subquery

        # An article card shows its number of published comments.
        register_card_annotation("comment_count", approved_count_subquery)
        register_collector("comments", metrics.collect)
