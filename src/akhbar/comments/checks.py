"""System checks for comment settings, with the fix in the hint."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MODERATION_MODES = ("first", "all", "none")
# Caches that each process keeps for itself: rate limits counted there are
# multiplied by the number of workers.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register()
def comment_settings(app_configs, **kwargs):
    """A misspelt moderation mode must not silently publish or hold everything."""
    errors = []
    if settings.AKHBAR_COMMENTS_MODERATION not in MODERATION_MODES:
        errors.append(
            Error(
                "AKHBAR_COMMENTS_MODERATION is %r."
                % settings.AKHBAR_COMMENTS_MODERATION,
                hint='Set AKHBAR_COMMENTS_MODERATION to "first", "all" or "none".',
                id="akhbar_comments.E001",
            )
        )
    if not 1 <= settings.AKHBAR_COMMENTS_MAX_DEPTH <= 10:
        errors.append(
            Error(
                "AKHBAR_COMMENTS_MAX_DEPTH is %r." % settings.AKHBAR_COMMENTS_MAX_DEPTH,
                hint="Set AKHBAR_COMMENTS_MAX_DEPTH between 1 and 10 (default 3).",
                id="akhbar_comments.E002",
            )
        )
    return errors


@register(Tags.caches, deploy=True)
def shared_cache_for_rate_limits(app_configs, **kwargs):
    """Rate limits only hold when every worker counts in the same cache."""
    backend = settings.CACHES.get("transient", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The transient cache (%s) is not shared between processes." % backend,
            hint=(
                "Comment rate limits would count per worker. Set REDIS_URL, or "
                "keep the file cache of the base settings."
            ),
            id="akhbar_comments.W001",
        )
    ]
