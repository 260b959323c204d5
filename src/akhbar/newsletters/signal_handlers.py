"""Forget the cached lists when one changes; stop an address that a
provider reports bounced or complained about."""

from anymail.signals import EventType, tracking
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import NewsletterList, Subscriber
from .selectors import LISTS

# What a provider's tracking event means for the address it names.
PROVIDER_EVENTS = {
    EventType.BOUNCED: Subscriber.Ended.BOUNCED,
    # Refused by the provider before sending: an address on its suppression list.
    EventType.REJECTED: Subscriber.Ended.BOUNCED,
    EventType.COMPLAINED: Subscriber.Ended.COMPLAINED,
}


@receiver([post_save, post_delete], sender=NewsletterList)
def lists_changed(**kwargs) -> None:
    LISTS.bump()


@receiver(tracking)
def provider_event(sender, event, esp_name, **kwargs) -> None:
    reason = PROVIDER_EVENTS.get(event.event_type)
    if reason and event.recipient:
        services.subscribers_stop(email=event.recipient, reason=reason)
