"""Stories that name one person in three spellings, and a hostile entity."""

import pytest

from akhbar.arabic import Gazetteer
from akhbar.entities import catalogue
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom, make_user

PUTIN = "/شخصيات/فلاديمير-بوتين/"


def paragraphs(*texts):
    return [{"type": "paragraph", "value": "<p>%s</p>" % t} for t in texts]


@pytest.fixture
def stories(home, publish_commits):
    """بوتين, بوتن and فلاديمير بوتين in three live stories, plus a story that
    names him once in passing, an unpublished one and a draft."""
    world = publish_commits(make_section, home, "العالم")

    def story(title, *texts, **fields):
        return publish_commits(
            make_article, world, title, body=paragraphs(*texts), **fields
        )

    stories = {
        "headline": story("بوتين يستقبل وفداً في الكرملين", "بدأ اللقاء ظهراً."),
        "body": story(
            "قمة في موسكو",
            "قال فلاديمير بوتين إن المحادثات مثمرة.",
            "وأضاف بوتين أن الاتفاق قريب.",
        ),
        "standfirst": story(
            "اتصال هاتفي طويل",
            "جرى الاتصال مساء أمس.",
            standfirst="تحدث بوتن مع نظيره عن التجارة.",
        ),
        "passing": story(
            "أسعار القمح ترتفع",
            "ارتفعت الأسعار في الأسواق العالمية.",
            "وكان بوتين قد تحدث عن المحاصيل.",
        ),
        "unpublished": story("بوتين في خبر سُحب", "قال بوتين كلاماً."),
        "draft": publish_commits(
            make_article,
            world,
            "بوتين في مسودة",
            body=paragraphs("قال بوتين كلاماً."),
            publish_now=False,
        ),
    }
    publish_commits(stories["unpublished"].unpublish)
    return stories


@pytest.fixture
def hostile_entity():
    """A listed person whose canonical name is markup, removed afterwards."""
    gazetteer = Gazetteer.default()
    entries, aliases = dict(gazetteer.entries), dict(gazetteer.aliases)
    name = 'سمير </script><img src=x onerror="alert(1)"> & <!--'
    gazetteer.add_alias(name, name, "PER")
    gazetteer.add_alias(name, "سمير الهاجم <b>", "PER")
    catalogue.cache_clear()
    yield name
    gazetteer.entries, gazetteer.aliases = entries, aliases
    catalogue.cache_clear()


@pytest.fixture
def editor_client(client, stories):
    """A client signed in as an Editor, with the stories published."""
    ensure_newsroom()
    client.force_login(make_user("editor", "entities-editor"))
    return client


@pytest.fixture
def more(stories, publish_commits):
    """A story that spells Putin in a way no list knows, and one about Lavrov."""
    world = stories["headline"].get_parent()

    def story(title, *texts):
        return publish_commits(make_article, world, title, body=paragraphs(*texts))

    return {
        "misspelt": story(
            "تصريح جديد", "قال بوطين إن المحادثات مثمرة.", "وأضاف بوطين أنه متفائل."
        ),
        "lavrov": story(
            "لافروف في جولة", "قال سيرغي لافروف إن الحوار مستمر.", "ووصل لافروف."
        ),
    }
