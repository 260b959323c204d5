"""System checks of the search configuration."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def check_search_backend(app_configs, **kwargs):
    """akhbar.E101: AKHBAR_SEARCH_BACKEND must name an importable backend class."""
    path = getattr(settings, "AKHBAR_SEARCH_BACKEND", "")
    if not path:
        return []
    try:
        import_string(path)
    except ImportError as error:
        return [
            Error(
                "AKHBAR_SEARCH_BACKEND %r cannot be imported: %s" % (path, error),
                hint="Leave it empty to follow the database, or name a class such "
                "as 'akhbar.search.backends.dummy.DummySearchBackend'.",
                id="akhbar.E101",
            )
        ]
    return []
