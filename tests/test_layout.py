"""The house rules of the layout (README "Layout"): who may import whom, and no sys.path edits."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("actions", "benchmarks", "channels", "clinic", "components", "handover", "harness", "language",
            "persistence", "privacy", "scripts", "security", "server", "triage")


def python_files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("path", python_files(*(p for p in PACKAGES if p != "actions")), ids=str)
def test_nothing_outside_actions_imports_actions(path: Path) -> None:
    assert "actions" not in {top(m) for m in imported_modules(path)}


@pytest.mark.parametrize("path", python_files(*PACKAGES), ids=str)
def test_only_tests_import_tests(path: Path) -> None:
    assert "tests" not in {top(m) for m in imported_modules(path)}, "shared tools live in harness/"


@pytest.mark.parametrize("path", python_files(*PACKAGES, "tests"), ids=str)
def test_no_sys_path_edits(path: Path) -> None:
    calls = {ast.unparse(node.func) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call)}
    assert not calls & {"sys.path.insert", "sys.path.append"}, "run modules with python -m"
