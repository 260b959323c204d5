"""Development: the embedded default, DEBUG on unless DJANGO_DEBUG says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# ``akhbar demo``: the demo site, written by code; not part of a production site.
INSTALLED_APPS = [*INSTALLED_APPS, "akhbar.demo"]  # noqa: F405
