"""The import graph: tui -> core -> schemas, one way, and no module that imports itself
back at run time.

Every ``import`` counts, at the top of a module or inside a function (a lazy import is a
run-time one); only imports under ``if TYPE_CHECKING:`` are left out (never run). Modules
are named by the package they install as (``core/x.py`` is ``rung.core.x``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"core": "rung.core", "tui": "rung.tui", "schemas": "rung.schemas"}
LAYER = {"rung.tui": 2, "rung.core": 1, "rung.schemas": 0}


def module_name(path: Path) -> str:
    folder, *rest = path.relative_to(ROOT).with_suffix("").parts
    parts = [FOLDERS[folder], *rest]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(path: Path, modules: set[str]) -> set[str]:
    """The rung modules ``path`` imports when it runs."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def resolve(target: str) -> None:
        while target and target not in modules:  # `from a.b import c` where c is a name
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                resolve(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            for alias in node.names:
                resolve(f"{stem}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def graph() -> dict[str, set[str]]:
    paths = [p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")]
    modules = {module_name(p) for p in paths}
    return {module_name(p): imported(p, modules) for p in paths}


def layer(module: str) -> int:
    return next(rank for prefix, rank in LAYER.items() if module.startswith(prefix))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_layers_point_one_way_tui_core_schemas():
    wrong = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in sorted(targets)
        if layer(target) > layer(source)
    ]
    assert not wrong, "imports against the layers (tui -> core -> schemas):\n" + "\n".join(wrong)


def test_no_module_imports_itself_back_at_run_time():
    found = cycles(graph())
    assert not found, "run-time import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_the_graph_sees_lazy_imports_and_skips_type_checking_ones(tmp_path):
    edges = graph()
    assert "rung.core.store" in edges["rung.tui.app"]  # a top-level import
    assert "rung.tui.screens.base" not in edges["rung.tui.areas"]
    cyclic = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(cyclic) == [["a", "b", "c"]]


def test_every_area_has_a_screen_factory():
    from rung.tui.app import RungApp
    from rung.tui.areas import AREAS

    assert [a.mode for a in AREAS] == list(RungApp.MODES)
