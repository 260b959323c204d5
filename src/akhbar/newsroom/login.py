"""Sign-in lock-out (django-axes), as the newsroom wants it.

``LockoutBackend`` refuses an account and address pair that is locked out
before its password is checked; ``lockout_response`` is what the locked-out
browser gets: ``429`` with ``Retry-After``, in the site's language.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpResponse
from django.utils.translation import gettext as _

from akhbar.core import caching


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend for sign-ins over HTTP.

    A sign-in without a request (a management command, Django's test client)
    has no client address to lock out: it goes on to the model backend rather
    than failing as django-axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """``429`` with ``Retry-After`` set to the cool-off time, never cached."""
    cool_off = get_cool_off(request)
    response = HttpResponse(
        _("محاولات دخول خاطئة كثيرة. أعد المحاولة بعد قليل."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    caching.patch_private(response)
    return response
