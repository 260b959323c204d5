"""Fixtures of the newsroom tests."""

import pytest

from tests.news.factories import make_section
from tests.newsroom.factories import ensure_newsroom, make_user


@pytest.fixture
def newsroom(home):
    """The home page, the roles and the review workflow."""
    return ensure_newsroom()


@pytest.fixture
def section(newsroom):
    return make_section(newsroom, "أخبار سياسية")


@pytest.fixture
def editor(newsroom):
    return make_user("editor", "editor1")


@pytest.fixture
def author(newsroom):
    return make_user("author", "author1")


@pytest.fixture
def contributor(newsroom):
    return make_user("contributor", "contributor1")
