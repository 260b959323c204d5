"""The most-read lists of a page: the site's, or the section's on a section page."""

from django import template
from django.utils.translation import gettext_lazy as _

from akhbar.news import selectors as news
from akhbar.news.models import SectionPage

from .. import selectors

register = template.Library()

HEADINGS = {"day": _("اليوم"), "week": _("هذا الأسبوع")}


@register.inclusion_tag("akhbar_readership/most_read.html", takes_context=True)
def most_read(context):
    page = context.get("page")
    if isinstance(page, SectionPage):
        prefix = page.path
    else:
        home = news.site_home(context.get("request"))
        prefix = home.path if home is not None else ""
    lists = []
    for name, hours in selectors.WINDOWS.items():
        items = selectors.most_read(hours=hours, path_prefix=prefix)
        if items:
            lists.append({"heading": HEADINGS[name], "items": items})
    return {"lists": lists}
