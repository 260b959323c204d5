"""The demo's daily digest list, whose form the home and article pages show."""

from akhbar.newsletters.models import NewsletterList


def add_demo_newsletter() -> bool:
    """Create the daily digest list once; True when it was created."""
    _newsletter, created = NewsletterList.objects.get_or_create(
        slug="daily",
        defaults={
            "name": "الموجز اليومي",
            "kind": NewsletterList.Kind.DAILY,
            "description": "أهم أخبار اليوم في بريدك كل صباح.",
        },
    )
    return created
