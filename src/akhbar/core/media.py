"""Uploads served by the app itself (the embedded set-up, ``AKHBAR_SERVE_MEDIA``),
and the headers that keep an uploaded file from running on the site's origin.

Image files never change under their name: Wagtail gives every upload a name of
its own and every rendition a name made of the original's and the operation's
(size, crop, focal point, format). So a browser or a cache in front may keep them
for a year without asking again; anything else under the media folder is served
with the default caching of Django's static view.

Documents are another matter: one written by an Author could be an HTML or SVG
page that, opened by an editor on the site's origin, acts with the editor's
session. They are never served from the media folder, only by Wagtail's
``/documents/`` view (``document``), as downloads in a sandbox.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve
from wagtail.documents.views.serve import serve as wagtail_document_serve

IMMUTABLE = "public, max-age=31536000, immutable"
# Wagtail's folders of originals and renditions under MEDIA_ROOT.
IMAGE_FOLDERS = ("original_images/", "images/")
# Wagtail's folder of documents under MEDIA_ROOT: reachable by its view only.
DOCUMENTS_FOLDER = "documents/"
# A page opened from these headers has an opaque origin (no cookies, storage or
# same-origin requests), runs no script and loads nothing.
SANDBOX = "default-src 'none'; sandbox"


def confine(response):
    """Headers that keep a served file from being taken for, or run as, a page of
    the site: no type sniffing, and a sandbox policy if it is opened anyway."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response


def media(request, path):
    """Serve ``path`` from ``MEDIA_ROOT``; image files with a year's lifetime.

    Documents are not served here (404): their view checks privacy settings and
    sends them as downloads."""
    # As Django's view will read it: "images/../documents/x" is a document.
    if posixpath.normpath("/" + path).startswith("/" + DOCUMENTS_FOLDER):
        raise Http404("Documents are served under /documents/.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200 and path.startswith(IMAGE_FOLDERS):
        response["Cache-Control"] = IMMUTABLE
    return confine(response)


def document(request, document_id, document_filename):
    """Wagtail's document view, answering with a download in a sandbox.

    ``WAGTAILDOCS_INLINE_CONTENT_TYPES`` (empty) makes every document an
    attachment; the sandbox holds even if that list is changed.
    """
    response = wagtail_document_serve(request, document_id, document_filename)
    if response.status_code == 200:
        confine(response)
    return response
