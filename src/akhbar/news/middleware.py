"""Find the request's Wagtail site without a query per request."""

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

from akhbar.core import versions

from . import selectors


class CachedSiteMiddleware:
    """Give Wagtail the request's site, with its home page, from the cache.

    The request also reads each cache version only once
    (``akhbar.core.versions.request_scope``).

    Wagtail looks the site up with one ordered query per request and then fetches
    the root page twice more; both change only when an editor changes a site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions.request_scope():
            return self._serve(request)

    def _serve(self, request):
        try:
            host = request.get_host()
        except DisallowedHost:
            host = None
        if host is not None:
            hostname, port = split_domain_port(host)
            site = selectors.site_for_host(hostname.lower(), request.get_port())
            if site is not None:
                request._wagtail_site = site
        return self.get_response(request)
