"""A story's version row exists from its first save, so every poll is one join."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import LiveStoryPage, LiveStoryVersion


@receiver(post_save, sender=LiveStoryPage)
def _story_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        LiveStoryVersion.objects.get_or_create(page=instance)
