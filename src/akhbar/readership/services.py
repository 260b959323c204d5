"""Writes of the readership app: counting one view."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import HourlyViews


def view_record(*, article_id: int, at: datetime.datetime | None = None) -> None:
    """Add one view of ``article_id`` to its row of the hour of ``at`` (now)."""
    hour = (at or timezone.now()).replace(minute=0, second=0, microsecond=0)
    rows = HourlyViews.objects.filter(article_id=article_id, hour=hour)
    if rows.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            HourlyViews.objects.create(article_id=article_id, hour=hour, views=1)
    except IntegrityError:  # Another request created the row first.
        rows.update(views=F("views") + 1)
