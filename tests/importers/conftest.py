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
