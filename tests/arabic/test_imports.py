"""The Arabic core's imports: pure Python, one way, public names only."""

import ast
import subprocess
import sys
from pathlib import Path

import akhbar.arabic

PACKAGE = "akhbar.arabic"
ROOT = Path(akhbar.arabic.__file__).parent


def modules():
    """Return module name -> path for every module of akhbar.arabic."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((PACKAGE, *parts))] = path
    return found


def imports(name, path, known):
    """Yield (imported module, names taken from it) for each import in ``path``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            taken = []
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    # "from . import resources": the submodule itself.
                    yield f"{base}.{alias.name}", ()
                else:
                    taken.append(alias.name)
            if taken:
                yield base, tuple(taken)


def graph():
    known = modules()
    return known, {
        name: list(imports(name, path, known)) for name, path in known.items()
    }


def test_no_other_app_and_no_django():
    """akhbar.arabic is the ground floor: it imports no other app, nor Django."""
    _known, edges = graph()
    for name, targets in edges.items():
        for target, _names in targets:
            top = target.split(".")[0]
            assert top != "django", (name, target)
            if top == "akhbar":
                assert target.startswith(PACKAGE), (name, target)


def test_no_private_name_crosses_modules():
    """A name another module needs is public: no "from x import _y"."""
    known, edges = graph()
    for name, targets in edges.items():
        for target, names in targets:
            if target in known and target != name:
                assert not [n for n in names if n.startswith("_")], (name, target)


def test_no_import_cycle():
    """Imports between the modules of akhbar.arabic point one way."""
    known, edges = graph()
    inner = {
        name: {t for t, _names in targets if t in known and t != name}
        for name, targets in edges.items()
    }
    done, path = set(), []

    def visit(name):
        if name in path:
            cycle = path[path.index(name) :] + [name]
            raise AssertionError(" -> ".join(cycle))
        if name in done:
            return
        path.append(name)
        for target in sorted(inner[name]):
            visit(target)
        path.pop()
        done.add(name)

    for name in sorted(inner):
        visit(name)


def test_runtime_does_not_import_the_build_scripts():
    """Analysing text and finding entities never loads akhbar.arabic.build."""
    code = (
        "import sys\n"
        "from akhbar.arabic import analyze, extract_entities\n"
        "analyze('قال الرئيس')\n"
        "assert extract_entities('وقال بوتين في دمشق')\n"
        "print(sorted(m for m in sys.modules if m.startswith('akhbar.arabic.build')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
