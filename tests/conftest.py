"""Shared fixtures: databases seeded with the shipped informe, and with both informes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from bot.engine import Engine
from db.database import make_engine
from seed.importer import import_file, shipped_informes

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = shipped_informes()[0]
SECOND = FIXTURES / "cvoe_2021_t1_primer_informe_trimestral.md"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[SqlEngine]:
    """An empty SQLite database in a temporary file."""
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def shipped_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The answer engine over the shipped fourth-quarter 2020 informe (read-only, shared)."""
    db = make_engine(f"sqlite:///{tmp_path_factory.mktemp('shipped') / 'db.sqlite'}")
    import_file(db, SHIPPED)
    return Engine(db)


@pytest.fixture(scope="session")
def both_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The answer engine over the shipped informe and the first-quarter 2021 fixture."""
    db = make_engine(f"sqlite:///{tmp_path_factory.mktemp('both') / 'db.sqlite'}")
    import_file(db, SHIPPED)
    import_file(db, SECOND)
    return Engine(db)
