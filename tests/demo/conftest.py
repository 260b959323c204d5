"""Fixtures of the demo tests."""

import pytest

from tests.news.factories import make_section
from tests.newsroom.factories import ensure_newsroom


@pytest.fixture
def section(home):
    return make_section(home, "أخبار سياسية")


@pytest.fixture
def newsroom(home):
    """The home page, the roles and the review workflow."""
    return ensure_newsroom()
