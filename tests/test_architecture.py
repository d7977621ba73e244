"""The layers declared in ``pyproject.toml`` hold, and a forbidden import breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_no_hand_written_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
