from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "akhbar.entities"
    label = "akhbar_entities"
    verbose_name = "الأعلام"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.news.selectors import register_entity_links_provider
        from akhbar.search.services import register_gazetteer_provider

        from . import signal_handlers  # noqa: F401
        from .catalogue import extraction_gazetteer
        from .selectors import central_entities

        # The article page links each entity central to the story to its page.
        register_entity_links_provider(central_entities)
        # Extraction, on publish and in a rebuild, follows editors' changes.
        register_gazetteer_provider(extraction_gazetteer)
