import copy

import pytest

from akhbar.testing.rows import rows_fixture

from .content import build_site

site_rows = rows_fixture(build_site)


@pytest.fixture
def site(site_rows, db):
    return copy.deepcopy(site_rows)


def get(client, path, **params):
    """A GET of the API, checked to be JSON."""
    response = client.get("/api/v1" + path, params)
    if response.status_code != 304:
        assert response["Content-Type"] == "application/json"
    return response


@pytest.fixture
def desk(home):
    """A section and one user of each newsroom role."""
    from tests.news.factories import make_section
    from tests.newsroom.factories import ensure_newsroom, make_user

    newsroom = ensure_newsroom()
    return {
        "section": make_section(newsroom, "اقتصاد"),
        "editor": make_user("editor"),
        "author": make_user("author"),
        "contributor": make_user("contributor"),
    }
