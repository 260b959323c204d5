"""Admin: the editor of an article is warned of a possible wire-copy duplicate."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages

from akhbar.arabic import to_digits

from . import selectors

# Warnings shown at most, most similar first.
SHOWN = 3


@hooks.register("before_edit_page")
def warn_of_duplicates(request, page):
    """On opening an article's edit view, name the live stories its latest
    revision nearly copies, with the similarity and links to them."""
    from akhbar.news.models import ArticlePage

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
