"""Imports between apps point one way: ``scripts/import_graph.py`` passes."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_graph.py"


def test_no_cycle_no_import_up_a_floor_no_private_name_across_apps():
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False
    )
    lines = done.stdout.splitlines()
    assert "news         -> arabic, core" in lines
    assert lines[-1] == "No cycle, no import up a floor, no private name across apps."
    assert done.returncode == 0, done.stdout


def test_the_script_finds_a_cycle_a_climb_and_a_private_name(tmp_path):
    """The checks themselves, on a made-up tree of three apps."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import import_graph
    finally:
        sys.path.remove(str(SCRIPT.parent))
    files = {
        "core/__init__.py": "",
        "core/cache.py": "from akhbar.news.selectors import live\n",
        "news/__init__.py": "",
        "news/selectors.py": "from ..core import cache\nfrom . import models\n",
        "news/models.py": "",
        "search/__init__.py": "",
        "search/views.py": (
            "from akhbar.news import selectors\n"
            "from akhbar.news.models import _hidden\n"
            "selectors._cached()\n"
            "getattr(selectors, '_local', None)\n"
        ),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    edges, private = import_graph.scan(tmp_path)
    assert edges == {"core": {"news"}, "news": {"core"}, "search": {"news"}}
    assert import_graph.cycles(edges) == [["core", "news", "core"]]
    assert import_graph.climbing(edges) == ["core (floor 1) imports news (floor 2)"]
    assert private == [
        "akhbar.search.views:2 uses akhbar.news.models._hidden",
        "akhbar.search.views:3 uses akhbar.news.selectors._cached",
        "akhbar.search.views:4 uses akhbar.news.selectors._local",
    ]
