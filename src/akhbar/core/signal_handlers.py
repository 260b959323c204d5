"""Receivers that keep core's cached reads in step with Wagtail's records, and
end a request's id in the logs."""

from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from .logs import forget_request_id
from .urls import SITES

request_finished.connect(forget_request_id, dispatch_uid="akhbar_forget_request_id")


@receiver([post_save, post_delete], sender=Site)
def site_changed(**kwargs):
    """A Site record changed: ``base_url()`` reads the default one again."""
    SITES.bump()
