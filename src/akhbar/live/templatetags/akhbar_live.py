"""Template tags other pages use to point at live stories."""

from django import template

register = template.Library()


@register.inclusion_tag("akhbar_live/home_live.html", takes_context=True)
def live_now(context):
    """The site's open live stories, for the home page's "live now" strip."""
    from akhbar.live.selectors import open_stories

    page = context.get("page")
    return {"stories": open_stories(page) if page is not None else []}
