"""WSGI entry point used by ``akhbar serve``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")

application = get_wsgi_application()
