from django.urls import path, re_path

from . import writes  # noqa: F401 (registers the write endpoints on api)
from .views import api, unknown_path

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under the API answers JSON, not the site's HTML 404 page.
    re_path(r"^api/v1/", unknown_path),
]
