"""Shared fixtures: databases seeded with the shipped informe, and with both informes.

Databases are SQLite files, or, when ``TEST_DATABASE_URL`` names a PostgreSQL server, a fresh schema of
it per database (so the whole suite runs on either; ``.ci/run`` runs it on both).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine as SqlEngine

from bot.engine import Engine
from db.database import make_engine
from seed.importer import import_file, shipped_informes

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = shipped_informes()[0]
SECOND = FIXTURES / "cvoe_2021_t1_primer_informe_trimestral.md"


SERVER = os.environ.get("TEST_DATABASE_URL", "")
_schemas: list[str] = []


def fresh_url(folder: Path, name: str = "test") -> str:
    """The URL of a new, empty database: a SQLite file in ``folder`` or a new PostgreSQL schema."""
    if not SERVER:
        return f"sqlite:///{folder / (name + '.db')}"
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    _schemas.append(schema)
    separator = "&" if "?" in SERVER else "?"
    return f"{SERVER}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", autouse=True)
def _drop_schemas() -> Iterator[None]:
    yield
    if SERVER and _schemas:
        admin = create_engine(SERVER)
        for schema in _schemas:  # one transaction each: all at once outgrows the server's lock table
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[SqlEngine]:
    """An empty database (SQLite, or PostgreSQL when ``TEST_DATABASE_URL`` is set)."""
    engine = make_engine(fresh_url(tmp_path))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def shipped_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The answer engine over the shipped fourth-quarter 2020 informe (read-only, shared)."""
    db = make_engine(fresh_url(tmp_path_factory.mktemp("shipped")))
    import_file(db, SHIPPED)
    return Engine(db)


@pytest.fixture(scope="session")
def both_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The answer engine over the shipped informe and the first-quarter 2021 fixture."""
    db = make_engine(fresh_url(tmp_path_factory.mktemp("both")))
    import_file(db, SHIPPED)
    import_file(db, SECOND)
    return Engine(db)
