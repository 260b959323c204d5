"""``read_ahead``: the same results, in order, whether a child process reads."""

import multiprocessing
import os

import pytest

from akhbar.importers import readahead
from akhbar.importers.readahead import ReadAheadError, read_ahead
from akhbar.importers.xmlsafe import ImportRefused, Refusal

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="no fork on this platform",
)


def square(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@needs_fork
@pytest.mark.parametrize("count", [0, 1, readahead.BATCH, readahead.BATCH * 5 + 3])
def test_forked_results_match_in_process_results_in_order(count):
    forked = list(read_ahead(range(count), square, fork=True))
    here = list(read_ahead(range(count), square, fork=False))
    assert [(n, r[0]) for n, r in forked] == [(n, r[0]) for n, r in here]
    assert [n for n, _r in forked] == list(range(count))
    # The forked results were computed elsewhere; the others here.
    assert all(r[1] != os.getpid() for _n, r in forked)
    assert all(r[1] == os.getpid() for _n, r in here)


def refuse_at(number: int):
    def prepare(entry):
        if entry == number:
            raise ImportRefused("ملف مقطوع", kind=Refusal.TRUNCATED, line=entry)
        return entry

    return prepare


@needs_fork
def test_an_exception_in_the_child_is_raised_after_the_entries_before_it():
    seen = []
    with pytest.raises(ImportRefused) as refused:
        for entry, _result in read_ahead(range(100), refuse_at(70), fork=True):
            seen.append(entry)
    assert seen == list(range(70))
    assert refused.value.line == 70
    assert refused.value.reason == "ملف مقطوع"
    assert refused.value.kind == Refusal.TRUNCATED
    assert "70" in str(refused.value)


class Unpicklable(Exception):
    def __init__(self, handle):
        super().__init__("cannot travel")
        self.handle = handle

    def __reduce__(self):
        raise TypeError("not picklable")


def fail_unpicklably(entry):
    raise Unpicklable(lambda: entry)


@needs_fork
def test_an_exception_that_cannot_travel_arrives_as_its_traceback():
    with pytest.raises(ReadAheadError, match="cannot travel"):
        list(read_ahead(range(3), fail_unpicklably, fork=True))


def die(entry):
    if entry == 40:
        os._exit(3)
    return entry


@needs_fork
def test_a_child_that_dies_is_reported_not_waited_for():
    with pytest.raises(ReadAheadError, match="exit code 3"):
        list(read_ahead(range(100), die, fork=True))


@needs_fork
def test_stopping_early_stops_the_child():
    entries = read_ahead(range(10_000), square, fork=True)
    for entry, _result in entries:
        if entry == 5:
            break
    entries.close()
    assert multiprocessing.active_children() == []
