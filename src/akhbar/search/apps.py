from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "akhbar.search"
    label = "akhbar_search"
    verbose_name = "البحث"
    default_auto_field = "django.db.models.BigAutoField"
    # The index is derived from the articles: a backup leaves it out and a
    # restore asks for this command (akhbar.backup).
    backup_rebuild = "reindex"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
