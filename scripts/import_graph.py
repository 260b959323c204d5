"""Print the import graph between Akhbar's apps; exit 1 when it breaks the floors.

The nodes are the packages under ``src/akhbar``; an edge A -> B means a module
of A imports ``akhbar.B`` (at the top or inside a function). Exit status 1, with
the reason, when

- the graph has a cycle;
- an edge climbs a floor (STYLE.md: a module imports from its own floor or the
  floors below);
- a module uses another app's private (``_x``) name: imported by name, read as
  an attribute of one of its modules, or fetched with ``getattr``.

Run it from anywhere: ``python scripts/import_graph.py``.
"""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "akhbar"

# Ground first. Each package imports only from its own floor or the floors below.
FLOORS = {
    "arabic": 1,
    "core": 1,
    "backup": 1,
    "settings": 1,
    "testing": 1,
    "news": 2,
    "search": 3,
    "related": 3,
    "comments": 3,
    "newsroom": 3,
    "theme": 3,
    "live": 3,
    "newsletters": 3,
    "readership": 3,
    "entities": 3,
    "webhooks": 3,
    "importers": 4,
    "api": 4,
    "demo": 4,
}


def apps(package: Path = PACKAGE) -> list[str]:
    """The packages directly under ``package``."""
    return sorted(
        path.parent.name
        for path in package.glob("*/__init__.py")
        if not path.parent.name.startswith("_")
    )


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_path(dotted: str, package: Path) -> Path | None:
    """The file or package directory of ``akhbar.x.y``, if it exists."""
    parts = dotted.split(".")[1:]
    if not parts:
        return None
    base = package.joinpath(*parts)
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base
    return None


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The absolute module name of a ``from ... import`` made in ``package``."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


class _Visitor(ast.NodeVisitor):
    def __init__(self, app: str, module: str, package: Path, *, is_package: bool):
        self.app = app
        self.module = module
        # The package that relative imports start from.
        self.parent = module if is_package else module.rpartition(".")[0]
        self.package = package
        self.imported: set[str] = set()
        self.private: list[str] = []
        # Local names bound to another app's modules.
        self.foreign_modules: dict[str, str] = {}

    def _foreign(self, dotted: str) -> str | None:
        parts = dotted.split(".")
        if len(parts) < 2 or parts[0] != "akhbar":
            return None
        self.imported.add(parts[1])
        return parts[1] if parts[1] != self.app else None

    def _private(self, line: int, what: str) -> None:
        self.private.append("%s:%d uses %s" % (self.module, line, what))

    def visit_Import(self, node):
        for alias in node.names:
            other = self._foreign(alias.name)
            if other is None:
                continue
            if any(_is_private(part) for part in alias.name.split(".")):
                self._private(node.lineno, alias.name)
            if alias.asname:
                self.foreign_modules[alias.asname] = alias.name

    def visit_ImportFrom(self, node):
        source = _absolute(node, self.parent)
        for alias in node.names:
            dotted = "%s.%s" % (source, alias.name) if source else alias.name
            if source == "akhbar":
                other = self._foreign(dotted)
            else:
                other = self._foreign(source)
            if other is None:
                continue
            if any(_is_private(part) for part in dotted.split(".")[1:]):
                self._private(node.lineno, dotted)
            if _module_path(dotted, self.package) is not None:
                self.foreign_modules[alias.asname or alias.name] = dotted

    def visit_Attribute(self, node):
        if (
            isinstance(node.value, ast.Name)
            and node.value.id in self.foreign_modules
            and _is_private(node.attr)
        ):
            self._private(
                node.lineno, "%s.%s" % (self.foreign_modules[node.value.id], node.attr)
            )
        self.generic_visit(node)

    def visit_Call(self, node):
        if (
            isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in self.foreign_modules
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _is_private(node.args[1].value)
        ):
            self._private(
                node.lineno,
                "%s.%s" % (self.foreign_modules[node.args[0].id], node.args[1].value),
            )
        self.generic_visit(node)


def scan(package: Path = PACKAGE):
    """Return (edges {app: {imported apps}}, private uses across apps)."""
    edges: dict[str, set[str]] = {app: set() for app in apps(package)}
    private: list[str] = []
    for app in edges:
        for path in sorted((package / app).rglob("*.py")):
            relative = path.relative_to(package).with_suffix("")
            parts = ["akhbar", *relative.parts]
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            module = ".".join(parts)
            visitor = _Visitor(app, module, package, is_package=is_package)
            visitor.visit(ast.parse(path.read_text(), str(path)))
            edges[app] |= {other for other in visitor.imported if other != app}
            private += visitor.private
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by a depth-first walk, each listed once."""
    found: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()

    def walk(start, node, path):
        for target in sorted(edges.get(node, ())):
            if target == start:
                cycle = path + [start]
                key = tuple(sorted(path))
                if key not in seen:
                    seen.add(key)
                    found.append(cycle)
            elif target not in path and target > start:
                walk(start, target, path + [target])

    for start in sorted(edges):
        walk(start, start, [start])
    return found


def climbing(edges: dict[str, set[str]]) -> list[str]:
    """Edges that point to a higher floor, and packages with no floor."""
    problems = [
        "%s has no floor: add it to FLOORS in scripts/import_graph.py" % app
        for app in sorted(edges)
        if app not in FLOORS
    ]
    for app, targets in sorted(edges.items()):
        for target in sorted(targets):
            if FLOORS.get(target, 0) > FLOORS.get(app, 0):
                problems.append(
                    "%s (floor %s) imports %s (floor %s)"
                    % (app, FLOORS.get(app), target, FLOORS.get(target))
                )
    return problems


def main() -> int:
    edges, private = scan()
    for app in sorted(edges, key=lambda a: (FLOORS.get(a, 0), a)):
        targets = sorted(edges[app], key=lambda a: (FLOORS.get(a, 0), a))
        print("%-12s -> %s" % (app, ", ".join(targets) or "-"))
    problems = ["cycle: %s" % " -> ".join(cycle) for cycle in cycles(edges)] + climbing(
        edges
    )
    problems += ["private name across apps: %s" % use for use in private]
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("No cycle, no import up a floor, no private name across apps.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
