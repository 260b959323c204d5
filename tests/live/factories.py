"""Live stories and entries for tests, written through ``live.services``."""

import datetime

from django.utils import timezone

from akhbar.live import services
from akhbar.live.models import LiveEntry, LiveStoryPage, LiveStoryVersion
from akhbar.live.text import paragraph_blocks
from tests.news.factories import publish


def make_story(section, title="تغطية مباشرة للانتخابات", **fields) -> LiveStoryPage:
    story = LiveStoryPage(title=title, standfirst="آخر التطورات لحظة بلحظة", **fields)
    section.add_child(instance=story)
    return publish(story)


def make_entry(story, text="تحديث من الميدان", *, by=None, **fields) -> LiveEntry:
    """An entry as ``by`` may write it (published when ``by`` is None, unless
    ``is_published=False``)."""
    publish_now = fields.pop("is_published", None if by is not None else True)
    entry = LiveEntry(page=story, body=paragraph_blocks(text), **fields)
    return services.entry_save(entry=entry, by=by, publish=publish_now)


def bulk_entries(story, count: int) -> list[LiveEntry]:
    """``count`` published entries, a minute apart, oldest first, in one insert."""
    start = timezone.now() - datetime.timedelta(minutes=count)
    rows = [
        LiveEntry(
            page=story,
            posted_at=start + datetime.timedelta(minutes=number),
            title="تحديث رقم %d" % number,
            body=paragraph_blocks("نص التحديث رقم %d" % number),
            is_published=True,
            sequence=number + 1,
        )
        for number in range(count)
    ]
    LiveEntry.objects.bulk_create(rows, batch_size=500)
    LiveStoryVersion.objects.update_or_create(page=story, defaults={"value": count})
    return rows
