"""The demo's live story: open, a dozen entries, one pinned, one key event,
linked from the home page; written once."""

import pytest

from akhbar.demo.live import ENTRIES, TITLE, add_demo_live_story
from akhbar.live.models import LiveStoryPage
from tests.news.factories import make_section

pytestmark = pytest.mark.django_db


def test_the_demo_live_story_is_open_and_linked_from_home(client, home):
    make_section(home, "شؤون محلية")
    assert add_demo_live_story() == len(ENTRIES) == 12
    assert add_demo_live_story() == 0
    story = LiveStoryPage.objects.get(title=TITLE)
    assert story.live and story.is_open()
    entries = story.entries.visible()
    assert entries.count() == 12
    assert entries.filter(is_pinned=True).count() == 1
    assert entries.filter(is_key_event=True).count() == 1
    assert entries.exclude(correction="").count() == 1
    assert story.url in client.get("/").content.decode()
    page = client.get(story.url).content.decode()
    assert "أرقام الطوارئ" in page and "تصحيح" in page
