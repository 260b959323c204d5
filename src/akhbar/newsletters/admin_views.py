"""Subscribers in the admin, for staff holding ``export_subscriber`` only:
counts per list, a CSV export and erasure on request. The only pages that
show an address."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from akhbar.core import caching

from . import services
from .forms import EraseForm
from .models import NewsletterList, Subscriber

PERMISSION = "akhbar_newsletters.export_subscriber"
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def may_export(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def _require(request):
    if not may_export(request.user):
        raise PermissionDenied


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def list_counts():
    """Each list with its subscribers counted by state; never an address."""
    ended = Subscriber.Ended
    return NewsletterList.objects.order_by("pk").annotate(
        subscribed=Count(
            "subscribers",
            filter=Q(
                subscribers__confirmed_at__isnull=False,
                subscribers__unsubscribed_at__isnull=True,
            ),
        ),
        pending=Count("subscribers", filter=Q(subscribers__confirmed_at__isnull=True)),
        unsubscribed=Count(
            "subscribers", filter=Q(subscribers__ended=ended.UNSUBSCRIBED)
        ),
        bounced=Count("subscribers", filter=Q(subscribers__ended=ended.BOUNCED)),
        complained=Count("subscribers", filter=Q(subscribers__ended=ended.COMPLAINED)),
    )


@require_http_methods(["GET", "POST"])
def subscribers(request):
    """Counts per list and the erasure form."""
    _require(request)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erased = services.subscribers_erase(email=form.cleaned_data["email"])
        messages.success(
            request, _("حُذف العنوان من %(count)d اشتراك.") % {"count": erased}
        )
        return redirect("akhbar_newsletters_admin:subscribers")
    response = render(
        request,
        "akhbar_newsletters/admin/subscribers.html",
        {"lists": list_counts(), "form": form},
    )
    caching.patch_private(response)
    return response


@require_GET
def export(request, slug: str):
    """Every subscriber of the list ``slug`` as CSV (UTF-8 with a BOM, which
    spreadsheets need to read Arabic)."""
    _require(request)
    newsletter = get_object_or_404(NewsletterList, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscribers-%s.csv"' % (
        newsletter.pk
    )
    caching.patch_private(response)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["email", "state", "created_at", "confirmed_at", "ended_at"])
    rows = newsletter.subscribers.order_by("pk").values_list(
        "email", "ended", "created_at", "confirmed_at", "unsubscribed_at"
    )
    for email, ended, created, confirmed, left in rows.iterator():
        state = ended or ("active" if confirmed else "pending")
        writer.writerow(
            [_cell(email), state, created.isoformat(), _cell(confirmed), _cell(left)]
        )
    return response
