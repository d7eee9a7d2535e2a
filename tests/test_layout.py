"""The house rules of the layout (README "Layout"): who may import whom, and no sys.path edits."""
from __future__ import annotations

import ast
import subprocess
import sys
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


PURE = ("spacy", "medspacy", "rasa", "rasa_sdk", "lingua", "tensorflow")


@pytest.mark.parametrize("module", sorted(f"triage.{p.stem}" for p in (ROOT / "triage").glob("*.py")))
def test_triage_is_pure(module: str) -> None:
    """Importing any module of triage/ loads no language stack and no Rasa (README "Layout")."""
    check = (f"import sys, {module}; loaded = [m for m in {PURE!r} if m in sys.modules]; "
             "assert not loaded, loaded")
    run = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-500:]


@pytest.mark.parametrize("path", python_files("triage"), ids=str)
def test_triage_reads_no_patient_text(path: Path) -> None:
    """Patient text is read in language/; triage/ holds no regular expressions (knowledge.py only
    checks that the knowledge file's patterns compile)."""
    if path.name != "knowledge.py":
        assert "re" not in imported_modules(path)


FINDING_CALLS = {"add_finding", "_ids"}  # their arguments are finding ids
FINDING_KEYWORDS = {"yes_finding", "unsure_finding", "members"}  # Question(...) keywords
FINDING_SETS = {"present", "findings", "story.findings", "s.findings", "f.id", "spec.id", "finding", "story.unsure"}


def _constants(node: ast.AST) -> list[ast.Constant]:
    """A string constant, or the string constants of a literal tuple, list or set."""
    items = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    return [n for n in items if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def finding_ids_named(path: Path) -> set[tuple[int, str]]:
    """String constants a module uses as finding ids: the arguments of add_finding and _ids, the
    Question keywords, and literals compared with a finding id or a set of findings."""
    named: list[ast.Constant] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in FINDING_CALLS:
                named += [c for arg in node.args for c in _constants(arg)]
            named += [c for k in node.keywords if k.arg in FINDING_KEYWORDS for c in _constants(k.value)]
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(ast.unparse(o) in FINDING_SETS for o in operands):
                named += [c for o in operands for c in _constants(o)]
    return {(c.lineno, c.value) for c in named}


def engine_reasons() -> set[str]:
    """The reason ids the engine's combination rules add (fall_at_older_age, ...): reasons.add("...", ...)."""
    tree = ast.parse((ROOT / "triage" / "engine.py").read_text(encoding="utf-8"))
    return {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == "add" and node.args
            and isinstance(node.args[0], ast.Constant)}


@pytest.mark.parametrize("path", python_files("triage", "handover"), ids=str)
def test_every_finding_id_named_in_code_is_in_the_knowledge_file(path: Path) -> None:
    from triage.knowledge import load_knowledge

    known = set(load_knowledge().findings) | engine_reasons()
    unknown = sorted((line, name) for line, name in finding_ids_named(path) if name not in known)
    assert not unknown, f"not a finding of knowledge.yml: {unknown}"


MAX_FUNCTION_LINES = 40


@pytest.mark.parametrize("path", python_files("triage", "language"), ids=str)
def test_functions_are_short(path: Path) -> None:
    """No function over 40 lines in the dialogue and the language package (issue 12)."""
    long = [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, long


def test_the_action_server_does_not_load_the_language_stack() -> None:
    """The NLU component reads findings and language on the Rasa server; the action server stays small
    (README "Measured": about 50 MB instead of about 600 MB)."""
    check = ("import sys, actions.respond; loaded = [m for m in ('spacy', 'medspacy', 'lingua', 'tensorflow') "
             "if m in sys.modules]; assert not loaded, loaded")
    run = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-500:]
