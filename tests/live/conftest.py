"""Fixtures of the live stories' tests."""

import pytest

from tests.live.factories import make_story
from tests.news.factories import make_section
from tests.newsroom.factories import ensure_newsroom, make_user


@pytest.fixture
def newsroom(home):
    return ensure_newsroom()


@pytest.fixture
def section(newsroom):
    return make_section(newsroom, "أخبار سياسية")


@pytest.fixture
def story(section):
    return make_story(section)


@pytest.fixture
def editor(newsroom):
    return make_user("editor", "editor1")


@pytest.fixture
def author(newsroom):
    return make_user("author", "author1")


@pytest.fixture
def contributor(newsroom):
    return make_user("contributor", "contributor1")
