"""Fixtures of the importer tests: the test files and an import helper."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

FILES = Path(__file__).parent / "files"
WORDPRESS = FILES / "wordpress"
# Attack payloads are read where they are kept, never copied into the repository.
ATTACKS = Path("/work/shared/data/attack-payloads/xml")


@pytest.fixture
def site(home):
    """The home page of a site with a default Site (as the importers expect)."""
    return home


def run_import(path, *extra) -> dict:
    """``akhbar import-wordpress PATH --json``; the report from stdout's last line."""
    out = io.StringIO()
    call_command(
        "import-wordpress", str(path), "--json", *extra, stdout=out, verbosity=0
    )
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture(params=[False, True], ids=["one-process", "read-ahead"])
def ahead(request, monkeypatch):
    """A WordPress import's second pass in one process, or with a forked process
    reading and converting ahead (whatever the file's size)."""
    import multiprocessing

    from akhbar.importers.wordpress import importer

    if request.param and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    forked = []

    def spy(entries, prepare, *, fork):
        forked.append(fork)
        return read_ahead(entries, prepare, fork=fork)

    read_ahead = importer.read_ahead
    monkeypatch.setattr(importer, "read_ahead", spy)
    monkeypatch.setattr(importer, "can_fork", lambda: True)
    monkeypatch.setattr(
        importer.WordPressImporter, "READ_AHEAD_FROM", 0 if request.param else 10**9
    )
    yield request.param
    assert forked and set(forked) == {request.param}
