"""Posting the admin's entry form as a browser does."""

from django.urls import reverse

from akhbar.live.models import LiveEntry


def story_url(story) -> str:
    return reverse("akhbar_live_admin:story", args=[story.pk])


def post_entry(client, story, **fields):
    """POST the compact "add entry" form; return the response and the entry
    written (None when nothing was)."""
    before = set(LiveEntry.objects.filter(page=story).values_list("pk", flat=True))
    data = {"title": "", "text": "", "quote": "", "embed_url": "", "correction": ""}
    data.update(fields)
    response = client.post(story_url(story), data)
    written = LiveEntry.objects.filter(page=story).exclude(pk__in=before).first()
    return response, written
