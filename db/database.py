"""Database engine creation, schema set-up, sessions and the store's write lock."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from db import models

log = logging.getLogger(__name__)


ASYNC_DRIVERS = ("postgresql+asyncpg://", "postgresql+psycopg_async://")


def make_engine(url: str, *, migrate: bool = True) -> Engine:
    """Create the engine for ``url`` (making the SQLite folder if needed, enforcing foreign keys) and bring
    its schema up to date with the migrations, unless ``migrate`` is False."""
    if url.startswith(ASYNC_DRIVERS):
        # psycopg 3 speaks both ways; the store runs it synchronously in worker threads.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
        log.info("DATABASE_URL con controlador asíncrono: se usa psycopg 3")
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    if url.startswith("sqlite:///") and not in_memory:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if in_memory:
        # One shared connection: the bot writes from worker threads, and each thread would
        # otherwise get its own empty in-memory database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    _ = models  # the tables are registered on import
    if migrate:
        # Alembic takes about 130 ms to import: the commands that never open the store (``--help``,
        # ``health``) import this module without paying for it.
        from db.migrate import upgrade

        upgrade(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class StoreBusy(RuntimeError):
    """Another import holds the store for longer than we wait."""


STORE_LOCK_KEY = 0x434F4D49  # "COMI": the advisory lock that serialises imports on PostgreSQL
STORE_WAIT_SECONDS = 30


@contextmanager
def store_lock(engine: Engine, wait_seconds: float | None = None) -> Iterator[Session]:
    """A session holding the store's write lock for its whole transaction: imports (and first-use seeding)
    run one after another. SQLite takes its write lock at once (``BEGIN IMMEDIATE``, waiting up to
    ``wait_seconds``); PostgreSQL takes an advisory lock. Commits on success, rolls back on any error; raises
    :class:`StoreBusy` when the lock does not come in time (``STORE_WAIT_SECONDS`` unless given)."""
    wait_seconds = STORE_WAIT_SECONDS if wait_seconds is None else wait_seconds
    with engine.connect() as connection:
        try:
            if engine.dialect.name == "sqlite":
                raw = connection.connection.dbapi_connection
                if raw is not None and not raw.in_transaction:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_seconds * 1000)}ms'")
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({STORE_LOCK_KEY})")
        except OperationalError as error:
            connection.rollback()
            raise StoreBusy(str(error)) from error
        with Session(bind=connection, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
                connection.commit()
            except BaseException:
                session.rollback()
                connection.rollback()
                raise
