"""The layers declared in ``pyproject.toml`` hold, and a forbidden import breaks them."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from tests.source_scan import modules

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lang", "db", "seed", "bot", "handlers")
LINT = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 500


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on the packages in ``folder``."""
    return subprocess.run(
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": str(LINT.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's packages that a test may break."""
    folder = tmp_path_factory.mktemp("arbol")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_the_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("module", "forbidden", "broken"),
    [
        ("db/queries/acuerdos.py", "from bot import engine", "Capas"),
        ("seed/importer.py", "import handlers", "Capas"),
        ("bot/engine/__init__.py", "import telegram", "Telegram"),
        ("lang/spanish.py", "import db.models", "hoja"),
        ("bot/summary.py", "from bot.app import HEARTBEAT_SECONDS", "Nadie importa el cableado"),
        ("bot/engine/skills/base.py", "import bot.cli", "Nadie importa el cableado"),
        ("handlers/common.py", "from bot import app", "Nadie importa el cableado"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tree: Path, module: str, forbidden: str, broken: str) -> None:
    path = tree / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{forbidden}  # noqa\n", encoding="utf-8")
    try:
        result = lint(tree)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert broken in result.stdout.split("Broken contracts", 1)[-1]


HAND_WRITTEN = (*PACKAGES, "tests", "bench")
GENERATED = ("migrations", "fixtures")  # Alembic's revisions; the test fixtures' generated informes and models


def test_no_hand_written_module_is_over_500_lines() -> None:
    """The packages, the tests and the benchmarks alike: a longer module is split by topic."""
    long = {
        str(path.relative_to(ROOT)): n
        for folder in HAND_WRITTEN
        for path in (ROOT / folder).rglob("*.py")
        if not set(GENERATED) & set(path.relative_to(ROOT).parts)
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


SQL_BUILDERS = {"select", "delete", "update", "insert", "union", "text"}
STORE_CALLS = {"exec", "execute", "exec_driver_sql", "scalar", "scalars"}  # on a session or a connection
SESSION_CALLS = {"add", "add_all", "delete", "get", "merge"}  # on a name ``session``
SQL_ALLOWED: dict[str, str] = {}  # module -> why it may talk SQL outside db/ (none does today)


def sql_outside_queries(tree: ast.Module) -> list[str]:
    """The statements a module builds or runs itself: SQL builders imported, store calls made."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("sqlmodel", "sqlalchemy"):
            found += [
                f"{node.lineno}: from {node.module} import {a.name}" for a in node.names if a.name in SQL_BUILDERS
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, receiver = node.func.attr, node.func.value
            if name in STORE_CALLS or (
                name in SESSION_CALLS and isinstance(receiver, ast.Name) and receiver.id == "session"
            ):
                found.append(f"{node.lineno}: .{name}(")
    return found


def test_all_sql_goes_through_db_queries() -> None:
    """Outside ``db/``, nothing builds a statement or runs one: every read and write is a query function of
    ``db/queries`` (the caller only opens and commits the transaction)."""
    offending = {
        path: found
        for path, tree in modules("lang", "seed", "bot", "handlers")
        if path not in SQL_ALLOWED and (found := sql_outside_queries(tree))
    }
    assert offending == {}


@pytest.mark.parametrize(
    "source",
    [
        "from sqlmodel import select",
        "from sqlalchemy import delete as remove",
        "from sqlalchemy.sql import update",
        "rows = session.exec(query).all()",
        "connection.execute(statement)",
        "session.add(row)",
    ],
)
def test_the_sql_scan_sees_a_statement(source: str) -> None:
    assert sql_outside_queries(ast.parse(source))


LAZY_IMPORTS = {  # module -> why it imports project modules inside functions: startup cost, never a cycle
    "bot/cli.py": "each command loads the engine, Telegram, Alembic or the importer only when it runs",
    "bot/cli_sessions.py": "imported by bot.cli at start: the importer only when a sessions command runs",
    "seed/readers/__init__.py": "pdfplumber and python-docx only for a PDF or a Word file",
    "db/database.py": "Alembic only when an engine migrates",
}


def late_project_imports(tree: ast.Module) -> list[str]:
    """Imports of project modules inside a function or under ``if TYPE_CHECKING``: how cycles are dodged."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.If):
            if isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                continue
            for inner in ast.walk(node):
                names = [inner.module or ""] if isinstance(inner, ast.ImportFrom) else []
                names += [a.name for a in inner.names] if isinstance(inner, ast.Import) else []
                found += [f"{inner.lineno}: {n}" for n in names if n.split(".")[0] in PACKAGES]
    return found


def test_no_module_imports_the_project_late_without_a_reason() -> None:
    late = {
        path: found
        for path, tree in modules(*PACKAGES)
        if path not in LAZY_IMPORTS and (found := late_project_imports(tree))
    }
    assert late == {}


def test_no_import_cycles_between_modules() -> None:
    """No module imports, even inside a function or for type checking only, one that imports it back."""
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    cycles = sorted(
        {
            tuple(sorted((a, b)))
            for a in graph.modules
            for b in graph.find_modules_directly_imported_by(a)
            if graph.chain_exists(importer=b, imported=a)
        }
    )
    assert cycles == []
