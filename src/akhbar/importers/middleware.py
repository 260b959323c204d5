"""Follow imported redirects for WordPress's query-string links (``/?p=123``).

Wagtail's ``RedirectMiddleware`` only consults redirects for responses that are
404s, but ``/?p=123`` asks for "/", the home page, which answers 200; so those
links, the default permalinks of every WordPress site and the form found in
old shares and feeds, would land on the home page instead of the article.
"""

from django import http
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

# The query keys WordPress answers on any path; Akhbar itself uses none of them.
WORDPRESS_KEYS = frozenset({"p", "page_id", "cat", "tag", "author", "attachment_id"})


class LegacyQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not WORDPRESS_KEYS.isdisjoint(
            request.GET.keys()
        ):
            response = self._redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _redirect(request):
        # The same lookup as Wagtail's middleware, so paths match the same way.
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        redirect = get_redirect(request, path)
        if redirect is None or redirect.link is None:
            return None
        if redirect.is_permanent:
            return http.HttpResponsePermanentRedirect(redirect.link)
        return http.HttpResponseRedirect(redirect.link)
