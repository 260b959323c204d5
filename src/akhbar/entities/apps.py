from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "akhbar.entities"
    label = "akhbar_entities"
    verbose_name = "الأعلام"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from akhbar.core import jobs
        from akhbar.news.selectors import register_entity_links_provider
        from akhbar.search.services import register_gazetteer_provider

        from . import relinking, schedule
        from .catalogue import extraction_gazetteer
        from .selectors import central_entities

        # The article page links each entity central to the story to its page.
        register_entity_links_provider(central_entities)
        # Extraction, on publish and in a rebuild, follows editors' changes.
        register_gazetteer_provider(extraction_gazetteer)
        # Re-linking after editors' changes, and counting the names the model
        # found after publishes, are the scheduler's work, not a request's.
        jobs.register(relinking.JOB_NAME, relinking.relinks_run_due)
        jobs.register(schedule.JOB_NAME, schedule.found_run_due)
