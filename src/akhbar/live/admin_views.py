"""A live story's admin view: post an entry in a few seconds, edit, delete,
publish the drafts of those who may not publish, close the coverage.

Views parse the request, check ``live.permissions`` and call ``live.services``.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from . import permissions, reading, services
from .forms import EntryForm
from .models import LiveEntry, LiveStoryPage

# Entries listed under the form: the newest, drafts included.
ENTRIES_SHOWN = 50


def _story(request, page_id) -> LiveStoryPage:
    if not permissions.can_add(request.user):
        raise PermissionDenied
    return get_object_or_404(LiveStoryPage, pk=page_id)


def _entry(page, entry_id) -> LiveEntry:
    return get_object_or_404(
        LiveEntry.objects.filter(deleted_at__isnull=True), page=page, pk=entry_id
    )


def _index(page) -> str:
    return reverse("akhbar_live_admin:story", args=[page.pk])


def story(request, page_id):
    """The story's entries and the compact form that adds one."""
    page = _story(request, page_id)
    may_publish = permissions.can_publish(request.user)
    if request.method == "POST":
        form = EntryForm(request.POST, may_publish=may_publish)
        if form.is_valid():
            entry = LiveEntry(page=page)
            form.apply_to(entry)
            services.entry_save(entry=entry, by=request.user)
            if entry.is_published:
                messages.success(request, _("نُشر التحديث."))
            else:
                messages.success(request, _("حُفظ التحديث مسودةً بانتظار محرر."))
            return redirect(_index(page))
    else:
        form = EntryForm(may_publish=may_publish)
    entries = list(
        page.entries.filter(deleted_at__isnull=True)
        .newest_first()
        .select_related("author", "created_by")[:ENTRIES_SHOWN]
    )
    for entry in entries:
        entry.may_change = permissions.can_change(request.user, entry)
        entry.may_delete = permissions.can_delete(request.user, entry)
        entry.may_publish = not entry.is_published and permissions.can_publish(
            request.user, entry
        )
    return TemplateResponse(
        request,
        "akhbar_live/admin/story.html",
        {
            "page": page,
            "form": form,
            "entries": entries,
            "coverage_open": page.is_open(),
            "may_close": page.permissions_for_user(request.user).can_publish(),
            "version": reading.story_version(page),
        },
    )


def entry_edit(request, page_id, entry_id):
    page = _story(request, page_id)
    entry = _entry(page, entry_id)
    if not permissions.can_change(request.user, entry):
        raise PermissionDenied
    may_publish = permissions.can_publish(request.user, entry)
    if request.method == "POST":
        form = EntryForm(request.POST, may_publish=may_publish)
        if form.is_valid():
            form.apply_to(entry)
            services.entry_save(entry=entry, by=request.user)
            messages.success(request, _("عُدّل التحديث."))
            return redirect(_index(page))
    else:
        form = EntryForm(initial=EntryForm.initial_for(entry), may_publish=may_publish)
    return TemplateResponse(
        request,
        "akhbar_live/admin/entry_edit.html",
        {"page": page, "entry": entry, "form": form},
    )


def _confirm(request, page, *, question, action, entry=None):
    """Ask before an action a stray tap on a phone must not take: the
    link leads here, and only the form posted from here acts."""
    return TemplateResponse(
        request,
        "akhbar_live/admin/confirm.html",
        {"page": page, "entry": entry, "question": question, "action": action},
    )


@require_http_methods(["GET", "POST"])
def entry_delete(request, page_id, entry_id):
    page = _story(request, page_id)
    entry = _entry(page, entry_id)
    if not permissions.can_delete(request.user, entry):
        raise PermissionDenied
    if request.method == "GET":
        return _confirm(
            request,
            page,
            entry=entry,
            question=_("أتحذف هذا التحديث من الصفحة؟"),
            action=_("حذف"),
        )
    services.entry_delete(entry=entry)
    messages.success(request, _("حُذف التحديث من الصفحة."))
    return redirect(_index(page))


@require_POST
def entry_publish(request, page_id, entry_id):
    page = _story(request, page_id)
    entry = _entry(page, entry_id)
    if entry.is_published or not permissions.can_publish(request.user, entry):
        raise PermissionDenied
    services.entry_publish(entry=entry)
    messages.success(request, _("نُشر التحديث."))
    return redirect(_index(page))


@require_http_methods(["GET", "POST"])
def coverage_close(request, page_id):
    page = _story(request, page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if request.method == "GET":
        return _confirm(
            request,
            page,
            question=_("أتنهي التغطية؟ تصير الصفحة قصة مؤرشفة ولا تُضاف إليها تحديثات."),
            action=_("إنهاء التغطية"),
        )
    services.coverage_close(page=page, by=request.user)
    messages.success(request, _("انتهت التغطية؛ صارت الصفحة قصة مؤرشفة."))
    return redirect(_index(page))
