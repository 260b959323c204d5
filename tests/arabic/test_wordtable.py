"""The shipped word lists as tables of hashed words: read like the dicts they
replaced, in a fraction of the memory."""

import sys

import pytest

from akhbar.arabic import resources
from akhbar.arabic.wordtable import WordTable


def test_a_table_reads_like_a_dict():
    table = WordTable([("سوريا", 3), ("سورية", 5), ("احمد", 0), ("سوريا", 7)])
    assert len(table) == 3
    assert table.get("سوريا") == 7  # Given twice: the last value, as in a dict.
    assert table["سورية"] == 5
    assert table.get("احمد", 9) == 0
    assert "احمد" in table
    assert "أحمد" not in table
    assert table.get("أحمد") is None
    assert table.get("أحمد", 0) == 0
    with pytest.raises(KeyError):
        table["أحمد"]
    assert WordTable([]).get("سوريا", 1) == 1


def test_values_that_are_not_counts_are_kept_as_given():
    pair = ("12", "1203")
    table = WordTable([("دمشق", pair), ("باريس", pair), ("لندن", None)])
    assert table["دمشق"] is table["باريس"] is pair
    assert "لندن" in table and table["لندن"] is None


def test_the_lexicon_is_the_shipped_file_in_a_fifth_of_a_dicts_memory():
    rows = [
        line.partition("\t")
        for line in resources.read_lines(resources.DATA_DIR / "lexicon.tsv")
    ]
    table = resources.lexicon()
    assert len(table) == len(rows) > 30_000
    assert all(table.get(word) == int(count) for word, _, count in rows)
    as_dict = {word: int(count) for word, _, count in rows}
    dict_bytes = sys.getsizeof(as_dict) + sum(map(sys.getsizeof, as_dict))
    table_bytes = sum(
        sys.getsizeof(part)
        for part in (table._keys, table._values)  # noqa: SLF001
    )
    assert table_bytes * 5 < dict_bytes, (table_bytes, dict_bytes)
