"""Database engine creation, schema set-up and first-use seeding."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine, select

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


def has_informes(engine: Engine) -> bool:
    """Whether any informe has been imported."""
    with Session(engine) as session:
        return session.exec(select(models.Informe.id).limit(1)).first() is not None


def ensure_seeded(engine: Engine) -> None:
    """Import the shipped informes when the database holds none, and re-read stale ones.

    An informe imported by an older importer is parsed again from its stored source text, so
    upgrades of the importer reach existing databases without losing anything.
    """
    from seed.importer import PARSER_VERSION, import_text, shipped_informes

    if not has_informes(engine):
        for path in shipped_informes():
            report = import_text(engine, path.read_text(encoding="utf-8"), source_name=path.name)
            log.info("Informe de ejemplo importado: %s", report.summary())
        return
    with Session(engine) as session:
        stale = session.exec(select(models.Informe).where(models.Informe.parser_version != PARSER_VERSION)).all()
        for informe in stale:
            session.expunge(informe)
    for informe in stale:
        import_text(engine, informe.source_text, source_name=informe.source_name, force=True)
        log.info(
            "Informe %s %sT%s leído de nuevo con el importador actual",
            informe.commission,
            informe.year,
            informe.quarter,
        )
