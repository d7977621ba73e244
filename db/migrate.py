"""Schema migrations with Alembic: upgrade a database to the models' schema, or check it matches."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"  # the schema databases had before the project used migrations


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at this project's migrations and ``engine``'s database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def upgrade(engine: Engine) -> None:
    """Bring the database to the latest schema.

    A database created before the project had migrations (tables, no ``alembic_version``) gets the
    tables it lacks, is stamped at the baseline its tables match, and then upgraded from there.
    """
    config = alembic_config(engine)
    existing = set(inspect(engine).get_table_names())
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite alters a table by copying it and dropping the original; with foreign keys enforced,
            # dropping a table other rows point at fails. The pragma only changes outside a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                if existing and "alembic_version" not in existing:
                    log.info("Base de datos sin historial de migraciones: se completa y se marca como actual")
                    SQLModel.metadata.create_all(connection)
                    command.stamp(config, BASELINE)
                command.upgrade(config, "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("La migración dejó referencias rotas entre tablas; la base no cambió.")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def differences(engine: Engine) -> list[object]:
    """What differs between the database's schema and the models' (empty when they match)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": _models_own})
        return list(compare_metadata(context, SQLModel.metadata))


def _models_own(name: str | None, type_: str, parent_names: object) -> bool:
    """Full-text search objects belong to migration 0002, not to the models."""
    return not (name or "").startswith(("passages_fts", "ix_passages_fts"))
