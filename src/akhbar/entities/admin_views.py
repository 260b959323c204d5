"""Editors manage entities in the Wagtail admin: find one, then rename it,
add spellings, hide it, merge it into another or split a wrong merge.

Views parse the form and call ``services``; every name shown is escaped text.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from akhbar.arabic import to_digits

from . import relinking, selectors, services
from .catalogue import KINDS, alias_key

PERMISSION = "akhbar_entities.change_entity"
PER_PAGE = 50

editor_required = method_decorator(permission_required(PERMISSION), name="dispatch")


def detail_url(entity) -> str:
    return reverse("akhbar_entities_admin:detail", args=[entity.type, entity.slug])


def _entity(type: str, slug: str):
    entity = selectors.entity_by_slug(type, slug, include_hidden=True)
    if entity is None:
        raise Http404
    return entity


@editor_required
class EntityIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Entities by name or any spelling, filtered by type."""

    template_name = "akhbar_entities/admin/index.html"
    page_title = gettext_lazy("الأعلام")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = " ".join(self.request.GET.get("q", "").split())[:100]
        type = self.request.GET.get("type", "")
        wanted = alias_key(query)
        entities = [
            entity
            for entity in selectors.catalogue().by_slug.values()
            if (not type or entity.type == type)
            and (
                not wanted
                or any(wanted in alias_key(s) for s in entity.spellings)
                or query.lower() in " ".join(entity.spellings).lower()
            )
        ]
        entities.sort(key=lambda e: (e.hidden, e.name))
        page = Paginator(entities, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            {
                "query": query,
                "type": type,
                "kinds": [(t, kind.label) for t, kind in KINDS.items()],
                "entities": page,
                "rows": [(e, detail_url(e)) for e in page.object_list],
            }
        )
        return context


@editor_required
class EntityDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One entity: its spellings, its page, and the forms that change it."""

    template_name = "akhbar_entities/admin/detail.html"
    header_icon = "user"

    def get_page_title(self):
        return self.entity.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("akhbar_entities_admin:index"), "label": _("الأعلام")},
            {"url": "", "label": self.entity.name},
        ]

    def dispatch(self, request, type, slug):
        self.entity = _entity(type, slug)
        return super().dispatch(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.entity
        context.update(
            {
                "entity": entity,
                "kinds": [(t, kind.label) for t, kind in KINDS.items()],
                "article_count": selectors.entity_articles(entity).count(),
                "relinks": relinking.relinks_pending(entity.pk),
                "actions": {
                    name: reverse(
                        "akhbar_entities_admin:%s" % name,
                        args=[entity.type, entity.slug],
                    )
                    for name in ACTIONS
                },
            }
        )
        return context


@editor_required
class EntityActionView(View):
    """One change to one entity (``action``), then back to its page."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, type, slug):
        entity = _entity(type, slug)
        try:
            changed, message = ACTIONS[self.action](entity, request.POST)
        except services.EntityChangeError as error:
            messages.error(request, str(error))
            return redirect(detail_url(entity))
        messages.success(request, message % {"name": changed.name})
        pending = relinking.relinks_pending(changed.pk)
        if pending:
            left = sum(task.total - task.done for task in pending)
            text = ngettext(
                "يُعاد ربط %(count)s مقالة في الخلفية؛ تتحدّث صفحة العلم حين ينتهي.",
                "يُعاد ربط %(count)s مقالات في الخلفية؛ تتحدّث صفحة العلم حين ينتهي.",
                left,
            )
            messages.info(
                request, text % {"count": to_digits(str(left), settings.AKHBAR_DIGITS)}
            )
        return redirect(detail_url(changed))


def _rename(entity, data):
    changed = services.entity_rename(entity=entity, name=data.get("name", ""))
    return changed, _("أُعيدت تسمية العلم: %(name)s.")


def _add_aliases(entity, data):
    spellings = data.get("aliases", "").replace("،", ",").splitlines()
    spellings = [part for line in spellings for part in line.split(",")]
    changed = services.entity_add_aliases(entity=entity, aliases=spellings)
    return changed, _("أُضيفت التهجئات إلى %(name)s.")


def _hide(entity, data):
    hidden = data.get("hidden") == "1"
    changed = services.entity_hide(entity=entity, hidden=hidden)
    if hidden:
        return changed, _("أُخفي العلم %(name)s.")
    return changed, _("أُظهر العلم %(name)s.")


def _merge(entity, data):
    into = selectors.entity_by_alias(data.get("into", ""))
    if into is None:
        raise services.EntityChangeError(_("لا يوجد علم بهذا الاسم."))
    changed = services.entity_merge(entity=entity, into=into)
    return changed, _("دُمج العلم في %(name)s.")


def _split(entity, data):
    type = data.get("type", "")
    changed = services.entity_split(
        entity=entity,
        aliases=data.getlist("aliases"),
        name=data.get("name", ""),
        type=type if type in KINDS else "",
    )
    return changed, _("فُصل علم جديد: %(name)s.")


ACTIONS = {
    "rename": _rename,
    "aliases": _add_aliases,
    "hide": _hide,
    "merge": _merge,
    "split": _split,
}
