"""Alembic environment: the models' metadata, run on the connection the caller passes (or the URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from db import models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Full-text search objects belong to migration 0002, not to the models: autogenerate leaves them be."""
    return not (name or "").startswith(("passages_fts", "ix_passages_fts"))


def migrate(connection: Connection) -> None:
    """Run the migrations on ``connection`` (batch mode, so that SQLite can alter tables)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """On the connection ``db.migrate`` passes in, or on the configured URL (the alembic command line)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        migrate(connection)
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        migrate(connection)


run()
