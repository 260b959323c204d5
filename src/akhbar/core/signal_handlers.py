"""Receivers that keep core's cached reads in step with Wagtail's records."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from .urls import SITES


@receiver([post_save, post_delete], sender=Site)
def site_changed(**kwargs):
    """A Site record changed: ``base_url()`` reads the default one again."""
    SITES.bump()
