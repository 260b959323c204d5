"""The shipped entity lists hold names: no stray punctuation around them, no
dates classed as entities; the rules that keep them so apply when a list is
built and again when any list (an editor's file too) is loaded."""

import pytest

from akhbar.arabic import Gazetteer, resources
from akhbar.arabic.build.build_data import clean_entity_rows
from akhbar.arabic.entities.gazetteer import CURATED_FILES
from akhbar.arabic.entities.listed import (
    clean_listed_name,
    is_date_name,
    is_stray_punctuation,
)
from akhbar.entities.catalogue import catalogue

SHIPPED = ("newsfane_entities.tsv", *CURATED_FILES)


def shipped_names():
    """(file, line number, name) of every canonical name and alias shipped."""
    for file in SHIPPED:
        path = resources.DATA_DIR / file
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            fields = line.split("\t")
            if line.startswith("#") or len(fields) < 2:
                continue
            aliases = [a for column in fields[2:4] for a in column.split("|")]
            for name in [fields[1], *aliases]:
                if name.strip():
                    yield file, number, name


def odd(name: str) -> bool:
    name = name.strip()
    return (
        is_stray_punctuation(name[0])
        or is_stray_punctuation(name[-1])
        or is_date_name(name)
    )


def test_no_shipped_name_has_stray_punctuation_or_is_a_date():
    names = list(shipped_names())
    assert len(names) > 5000
    assert [entry for entry in names if odd(entry[2])] == []


def test_no_loaded_or_catalogued_name_has_stray_punctuation_or_is_a_date():
    gazetteer = Gazetteer.load()
    loaded = [
        spelling
        for canonical, spellings in gazetteer.aliases.items()
        for spelling in (canonical, *spellings)
    ]
    assert len(loaded) > 5000
    assert [name for name in loaded if odd(name)] == []


@pytest.mark.django_db
def test_the_catalogue_has_no_date_and_keeps_cleaned_names():
    known = catalogue().by_name
    assert [name for name in known if odd(name)] == []
    assert "فور سيزونس" in known and "صحيفة المستقبل" in known
    assert "14 اذار" not in known
    assert "قوى الرابع عشر من اذار" in known  # An alliance, not a date.


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('" فور سيزونس', "فور سيزونس"),
        ('صحيفة " المستقبل "', "صحيفة المستقبل"),
        ("«الأهرام»", "الأهرام"),
        ("GOL )", "GOL"),
        ("محمود عباس ( ابومازن )", "محمود عباس"),
        ("مسجد ( تشينغ جين سي )", "مسجد تشينغ جين سي"),
        ("ا سرائيل ( 1128", "ا سرائيل"),
        ("14 اذار %", "14 اذار"),
        ("أوبك+", "أوبك+"),
        ('" ، "', ""),
    ],
)
def test_stray_punctuation_is_dropped(raw, clean):
    assert clean_listed_name(raw) == clean


@pytest.mark.parametrize(
    "name",
    [
        "14 اذار",
        "14 آذار",
        "١٤ آذار",
        "الرابع عشر من آذار",
        "3 كانون الثاني",
        "كانون الأول 2020",
        "6 أكتوبر",
        "25 يناير",
        "6 أوت",
    ],
)
def test_a_day_and_a_month_is_a_date(name):
    assert is_date_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "قوى 14 آذار",
        "مدينة 6 أكتوبر",
        "نيسان",
        "نيسان موتور",
        "روفر 25",
        "تشرين",
        "2020",
        "كانون",
    ],
)
def test_a_name_with_a_number_or_a_month_is_still_a_name(name):
    assert not is_date_name(name)


def test_a_loaded_list_follows_the_rules(tmp_path):
    odd_list = tmp_path / "editors.tsv"
    odd_list.write_text(
        'ORG\t14 آذار\t\t\nORG\t" نادي الرواد\tالرواد "|٢٥ يناير\t\nLOC\t( \t\t\n',
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load([odd_list], include_derived=False, derived_path=None)
    assert "14 آذار" not in gazetteer.aliases
    assert set(gazetteer.aliases["نادي الرواد"]) == {"نادي الرواد", "الرواد"}
    assert gazetteer.entries[("الرواد",)][0] == "نادي الرواد"
    assert ("25", "يناير") not in gazetteer.entries


def test_a_rebuilt_list_follows_the_rules():
    rows = [
        ("ORG", "14 اذار", 6),
        ("ORG", "14 اذار %", 1),
        ("ORG", "GOL", 1),
        ("ORG", "GOL )", 1),
        ("LOC", '" فور سيزونس', 1),
    ]
    assert clean_entity_rows(rows) == [("LOC", "فور سيزونس", 1), ("ORG", "GOL", 2)]
