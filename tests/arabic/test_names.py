"""Avatar initials: a family name's article skipped, compound names one letter."""

import pytest

from akhbar.arabic.names import initials
from akhbar.news.models import AuthorPage


def test_the_article_of_a_family_name_is_skipped():
    # Before: "كا" and "يا", the article's alif on every such name.
    assert initials("كريم العطار") == "ك\u200cع"
    assert initials("يوسف الخطيب") == "ي\u200cخ"
    assert initials("محمد عبد الله") == "م\u200cع"


@pytest.mark.django_db
def test_the_author_page_avatar_uses_the_same_letters():
    assert AuthorPage(title="كريم العطار").initials == "ك\u200cع"
