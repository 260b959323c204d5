"""System checks for the newsroom's scheduler settings."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

# Scheduled articles must go live within this many seconds of their time.
LATENESS_BUDGET_SECONDS = 5


@register()
def scheduler_settings(app_configs, **kwargs):
    """A poll interval near the budget or an unimportable lock breaks the promise."""
    errors = []
    poll = settings.AKHBAR_SCHEDULER_POLL_SECONDS
    if not 0 < poll < LATENESS_BUDGET_SECONDS:
        errors.append(
            Warning(
                f"AKHBAR_SCHEDULER_POLL_SECONDS is {poll!r}.",
                hint=(
                    "Articles scheduled from the admin can go live up to that many "
                    "seconds late. Set it between 0.2 and 2."
                ),
                id="akhbar.newsroom.W001",
            )
        )
    if settings.AKHBAR_SCHEDULER_LOCK:
        try:
            import_string(settings.AKHBAR_SCHEDULER_LOCK)
        except ImportError as error:
            errors.append(
                Error(
                    f"AKHBAR_SCHEDULER_LOCK cannot be imported: {error}",
                    hint=(
                        "Leave it empty to choose the lock from REDIS_URL and the "
                        "database, or name a class in akhbar.newsroom.locks."
                    ),
                    id="akhbar.newsroom.E002",
                )
            )
    return errors
