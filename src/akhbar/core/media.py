"""Uploads served by the app itself (the embedded set-up, ``AKHBAR_SERVE_MEDIA``).

Image files never change under their name: Wagtail gives every upload a name of
its own and every rendition a name made of the original's and the operation's
(size, crop, focal point, format). So a browser or a cache in front may keep them
for a year without asking again; anything else under the media folder is served
with the default caching of Django's static view.
"""

from django.conf import settings
from django.views.static import serve

IMMUTABLE = "public, max-age=31536000, immutable"
# Wagtail's folders of originals and renditions under MEDIA_ROOT.
IMAGE_FOLDERS = ("original_images/", "images/")


def media(request, path):
    """Serve ``path`` from ``MEDIA_ROOT``; image files with a year's lifetime."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200 and path.startswith(IMAGE_FOLDERS):
        response["Cache-Control"] = IMMUTABLE
    return response
