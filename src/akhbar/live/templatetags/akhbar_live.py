"""Template tags other pages use to point at live stories."""

from django import template

register = template.Library()


@register.inclusion_tag("akhbar_live/home_live.html", takes_context=True)
def live_now(context):
    """The site's open live stories, for the home page's "live now" strip."""
    from akhbar.live.selectors import open_stories

    page = context.get("page")
    return {"stories": open_stories(page) if page is not None else []}


@register.inclusion_tag("akhbar_live/section_live.html")
def section_live(section):
    """A section's live stories, each marked «مباشر» while its coverage goes on."""
    from akhbar.live.selectors import section_stories

    return {"stories": section_stories(section)}
