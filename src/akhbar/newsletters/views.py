"""Subscribe, confirm and unsubscribe pages; all private, never shared-cached.

Reader pages are shared-cached and carry no CSRF token, so the form they
include posts here without one: that post comes back as this page's own form,
filled in and with a token, for the reader to send again. Nothing is stored
until a post passes CSRF, the rate limit and the honeypot.
"""

import functools
import importlib
import pkgutil

import anymail.webhooks
from anymail.webhooks.base import AnymailCoreWebhookView
from django.conf import settings
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from akhbar.core import caching, ratelimit

from . import services, tokens
from .forms import SubscribeForm
from .models import NewsletterList

SENT_PARAM = "sent"


def _csrf_passes(request) -> bool:
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, None, (), {}) is None


def _private(response):
    caching.patch_private(response)
    return response


def _within_rate_limit(request) -> bool:
    address = ratelimit.client_ip(request)
    return ratelimit.hit(
        "newsletters",
        "ip",
        address or "",
        limit=settings.AKHBAR_NEWSLETTERS_RATE_PER_IP,
        window=settings.AKHBAR_NEWSLETTERS_RATE_WINDOW,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request, slug: str):
    """The list's subscription form; a valid post mails a confirmation link."""
    newsletter = get_object_or_404(NewsletterList, slug=slug, active=True)
    caching.mark_private(request)
    context = {"newsletter": newsletter, "sent": SENT_PARAM in request.GET}
    status = 200
    if request.method == "GET":
        form = SubscribeForm()
    elif not _csrf_passes(request):
        form = SubscribeForm(initial={"email": request.POST.get("email", "")[:254]})
        context["confirm"] = True
    else:
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            status = 400
        elif not _within_rate_limit(request):
            form.add_error(None, _("طلبات كثيرة من عنوانك. حاول بعد قليل."))
            status = 429
        else:
            services.subscriber_subscribe(
                newsletter=newsletter, email=form.cleaned_data["email"]
            )
            return redirect("%s?%s=1" % (request.path, SENT_PARAM))
    context["form"] = form
    response = render(
        request, "akhbar_newsletters/subscribe.html", context, status=status
    )
    return _private(response)


@require_GET
def confirm(request, token: str):
    """Following the mailed link confirms the subscription."""
    subscriber = services.subscriber_confirm(token=token)
    if subscriber is None:
        raise Http404
    response = render(
        request,
        "akhbar_newsletters/confirmed.html",
        {"newsletter": subscriber.newsletter},
    )
    return _private(response)


@csrf_exempt  # The signed token is the authority; mail clients post without CSRF.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a one-button page (link scanners follow GETs); POST, from that
    button or a mail client's one-click (RFC 8058), unsubscribes."""
    if request.method == "POST":
        subscriber = services.subscriber_unsubscribe(token=token)
        if subscriber is None:
            raise Http404
        context = {"newsletter": subscriber.newsletter, "done": True}
    else:
        if tokens.unsubscribed_id(token) is None:
            raise Http404
        context = {"done": False}
    response = render(request, "akhbar_newsletters/unsubscribe.html", context)
    return _private(response)


@functools.cache
def tracking_view(provider: str):
    """Anymail's tracking webhook view of ``provider`` (its name in Anymail), or
    None for a name Anymail has no tracking webhook for.

    Imported on the first call: anymail's own URLconf imports every provider's
    webhook module, Amazon SES's with boto3, about 46 MiB of every worker's
    memory for a webhook that only a site sending through SES receives.
    """
    module = importlib.import_module("anymail.webhooks.%s" % provider)
    views = {
        view
        for name, view in vars(module).items()
        if isinstance(view, type)
        and issubclass(view, AnymailCoreWebhookView)
        and view.__module__ == module.__name__
        and name.endswith(("TrackingWebhookView", "CombinedWebhookView"))
    }
    return views.pop().as_view() if len(views) == 1 else None


# Anymail's provider modules, by name; what a request may ask to import.
_PROVIDERS = frozenset(
    module.name
    for module in pkgutil.iter_modules(anymail.webhooks.__path__)
    if not module.name.startswith("_")
)


@csrf_exempt  # Anymail's views are: the provider signs or authenticates its posts.
def tracking_webhook(request, provider: str):
    """A provider's delivery events (bounces, complaints) at
    ``anymail/<provider>/tracking/``, as anymail's URLconf routes them, handed
    to Anymail's view of that provider, behind ANYMAIL_WEBHOOK_SECRET."""
    view = tracking_view(provider) if provider in _PROVIDERS else None
    if view is None:
        raise Http404
    return view(request)
