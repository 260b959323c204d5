"""Fixtures of the live stories' tests: the newsroom's roles and a story."""

import pytest

from tests.live.factories import make_story
from tests.newsroom.conftest import (  # noqa: F401 - fixtures shared with newsroom
    author,
    contributor,
    editor,
    newsroom,
    section,
)


@pytest.fixture
def story(section):  # noqa: F811 - the imported fixture
    return make_story(section)
