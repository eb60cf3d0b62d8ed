"""The shape of the code: core is headless, packaging lists every folder, ruff is clean."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_no_ui():
    modules = sorted(
        "rung.core." + ".".join(p.relative_to(ROOT / "core").with_suffix("").parts)
        for p in (ROOT / "core").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'core', 'tui')"
        " or m.startswith('rung.tui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd="/", check=True
    )
    assert out.stdout.strip() == "", f"core pulled in: {out.stdout}"


def test_packages_list_matches_folders():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapping = config["package-dir"]
    on_disk = set()
    for package, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            on_disk.add(".".join([package, *rel.parts]))
    assert listed == on_disk


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        import pytest

        pytest.skip("ruff is not installed")
    result = subprocess.run(
        [ruff, "check", "--quiet", str(ROOT)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        import pytest

        pytest.skip("ruff is not installed")
    folders = [str(ROOT / name) for name in ("core", "tui", "schemas", "tests")]
    result = subprocess.run(
        [ruff, "format", "--check", *folders], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, "run `ruff format core tui tests`:\n" + result.stdout


_SQL = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)"
    r"|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)\b",
    re.IGNORECASE | re.DOTALL,
)
_STORE_SQL_CALLS = {"query", "query_one", "scalar", "execute", "executemany", "conn"}


def sql_in_ui(root: Path, base: Path = ROOT) -> list[str]:
    """Where a module under ``root`` holds SQL text or reaches into the store's SQL API
    (``store.query/query_one/scalar/execute/conn``): ``path:line what``. Textual's own
    ``self.query_one("#id")`` is no store call: only receivers named ``store`` count."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(owner.body[0].value)
            for owner in ast.walk(tree)
            if isinstance(owner, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and owner.body
            and isinstance(owner.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue  # prose may name SQL ("once PRAGMA quick_check passed")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if _SQL.search(node.value):
                    found.append(f"{path.relative_to(base)}:{node.lineno} SQL {node.value[:40]!r}")
            elif isinstance(node, ast.Attribute) and node.attr in _STORE_SQL_CALLS:
                owner = node.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
                if name == "store":
                    found.append(f"{path.relative_to(base)}:{node.lineno} store.{node.attr}")
    return found


def test_no_sql_in_tui():
    """Every query lives in core, behind a function named for what it returns (the CLI
    included): the UI reads dataclasses, never rows."""
    assert sql_in_ui(ROOT / "tui") == []


def test_the_sql_check_can_fail(tmp_path):
    (tmp_path / "screen.py").write_text(
        "def load(self):\n"
        "    self.query_one('#list')\n"  # Textual's DOM query: fine
        "    rows = self.store.query('SELECT id FROM gaps')\n"
        "    return store.scalar('select count(*) from feedback')\n"
    )
    found = sorted(f.split(" ", 1)[1] for f in sql_in_ui(tmp_path, tmp_path))
    assert found == [
        "SQL 'SELECT id FROM gaps'",
        "SQL 'select count(*) from feedback'",
        "store.query",
        "store.scalar",
    ]
