"""Admin: a warning of a possible wire-copy duplicate in the article edit view,
and the editors' pins and removals of related suggestions."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser

from akhbar.arabic import to_digits
from akhbar.news.models import ArticlePage

from . import editor, selectors
from .models import RelatedChoice

# Warnings shown at most, most similar first.
SHOWN = 3


@hooks.register("before_edit_page")
def warn_of_duplicates(request, page):
    """On opening an article's edit view, name the live stories its latest
    revision nearly copies, with the similarity and links to them."""
    if request.method != "GET" or not isinstance(page.specific, ArticlePage):
        return None
    for article, similarity in selectors.duplicates_of(page.specific)[:SHOWN]:
        percent = to_digits(str(round(100 * similarity)), settings.AKHBAR_DIGITS)
        messages.warning(
            request,
            _("نسخة مكررة محتملة من «%(title)s» (تشابه %(percent)s٪).")
            % {"title": article.title, "percent": percent},
            buttons=[
                messages.button(
                    reverse("wagtailadmin_pages:edit", args=[article.pk]),
                    _("تحرير الأصل"),
                ),
                messages.button(article.url or "#", _("عرض"), new_window=True),
            ],
        )
    return None


class RelatedChoiceViewSet(ModelViewSet):
    """Editors pin or remove an article's related suggestions (pages are
    picked with Wagtail's page chooser)."""

    model = RelatedChoice
    # Wagtail's page chooser for both articles: the default form listed every
    # article of the site in two selects, 659 px wide at 320 px.
    panels = [
        FieldPanel("article", widget=AdminPageChooser(target_models=[ArticlePage])),
        FieldPanel("target", widget=AdminPageChooser(target_models=[ArticlePage])),
        FieldPanel("action"),
        FieldPanel("sort_order"),
    ]
    list_display = ["article", "action", "target", "sort_order"]
    list_filter = ["action"]
    icon = "link"
    add_to_admin_menu = True
    menu_label = gettext_lazy("اختيارات ذات الصلة")
    menu_order = 260


@hooks.register("register_admin_viewset")
def register_related_choices():
    return RelatedChoiceViewSet("related_choices")


@hooks.register("construct_page_chooser_queryset")
def offer_read_also_suggestions(pages, request):
    return editor.offer_suggestions_first(pages, request)
