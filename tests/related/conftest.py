import pytest

from tests.news.factories import make_article, make_section

from .texts import ECONOMY, FOOTBALL, WEATHER


def paragraphs(text):
    return [{"type": "paragraph", "value": "<p>%s</p>" % text}]


@pytest.fixture
def newsroom(home, publish_commits):
    """Two sections of stories on three subjects, published one by one."""
    sport = publish_commits(make_section, home, "رياضة")
    national = publish_commits(make_section, home, "وطني")
    articles = {}
    for section, stories in ((sport, FOOTBALL), (national, ECONOMY + WEATHER)):
        for title, text in stories:
            articles[title] = publish_commits(
                make_article, section, title, body=paragraphs(text)
            )
    return {"sport": sport, "national": national, "articles": articles}
