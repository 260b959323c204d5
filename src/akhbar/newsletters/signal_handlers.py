"""Forget the cached lists when one changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import NewsletterList
from .selectors import LISTS


@receiver([post_save, post_delete], sender=NewsletterList)
def lists_changed(**kwargs) -> None:
    LISTS.bump()
