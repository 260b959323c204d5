"""``{% newsletter_form "daily" %}``: a list's subscription form for any page.

The form carries no CSRF token, so a page that includes it stays shareable by
caches; the subscribe view asks the reader to confirm a post without one.
"""

from django import template

from ..models import NewsletterList

register = template.Library()


@register.inclusion_tag("akhbar_newsletters/includes/form.html")
def newsletter_form(slug: str):
    newsletter = NewsletterList.objects.filter(slug=slug, active=True).first()
    return {"newsletter": newsletter} if newsletter else {}
