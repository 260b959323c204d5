"""``{% newsletter_form "daily" %}``: a list's subscription form for any page
(``{% newsletter_form %}``: the daily digest's, if there is one).

The form carries no CSRF token, so a page that includes it stays shareable by
caches; the subscribe view asks the reader to confirm a post without one.
"""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("akhbar_newsletters/includes/form.html")
def newsletter_form(slug: str = ""):
    """The form of the list ``slug``, or of the first active daily digest."""
    return {"newsletter": selectors.form_list(slug)}
