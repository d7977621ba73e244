"""The migrations produce exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from bot.cli import main
from db.database import make_engine
from db.migrate import current_revision, differences, head_revision, upgrade
from tests.conftest import fresh_url


def test_migrations_match_the_models(tmp_path: Path) -> None:
    engine = make_engine(fresh_url(tmp_path, "migrated"))
    assert current_revision(engine) == head_revision(engine)
    assert differences(engine) == []
    assert set(inspect(engine).get_table_names()) >= set(SQLModel.metadata.tables)


def test_full_text_search_uses_the_database(tmp_path: Path) -> None:
    from pathlib import Path as _Path

    from sqlmodel import Session

    from db.queries.search import search_passages
    from seed.importer import import_file, shipped_informes

    engine = make_engine(fresh_url(tmp_path, "fts"))
    import_file(engine, _Path(shipped_informes()[0]))
    with Session(engine) as session:
        found = search_passages(["misiones", "observacion", "electoral"], session=session)
        also = search_passages(["MISIONES", "observación"], session=session)  # case and accents do not matter
        from db.models import Passage

        top = session.get(Passage, found[0][0])
    assert top is not None and "cancelación" in top.text
    assert also and also[0][0] == found[0][0]
    assert search_passages(["🙂"], session=session) == []


def test_a_database_made_before_migrations_is_completed_and_stamped(tmp_path: Path) -> None:
    engine = create_engine(fresh_url(tmp_path, "legacy"))
    tables = [t for name, t in SQLModel.metadata.tables.items() if not name.startswith("reminder_")]
    SQLModel.metadata.create_all(engine, tables=tables)  # an older release, before reminders existed
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert differences(engine) == []


def test_cli_db_upgrade_and_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = fresh_url(tmp_path, "cli")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    assert main(["db", "upgrade"]) == 0
    head = head_revision(make_engine(url, migrate=False))
    assert f"versión {head}" in capsys.readouterr().out
    assert main(["db", "check"]) == 0
    assert "coincide" in capsys.readouterr().out


def test_a_populated_sqlite_database_upgrades_although_its_tables_are_referenced(tmp_path: Path) -> None:
    """SQLite alters a table by copying it and dropping the original: with rows pointing at ``sessions``
    (attendance, acuerdos), the drop must not trip the foreign keys, and they are enforced again after."""
    import sqlite3

    from sqlalchemy import text

    from seed.importer import import_file, shipped_informes

    path = tmp_path / "populated.db"
    engine = make_engine(f"sqlite:///{path}")
    import_file(engine, shipped_informes()[0])
    engine.dispose()
    raw = sqlite3.connect(path)  # the schema of release 0007: no sessions.urgent yet
    raw.execute("ALTER TABLE sessions DROP COLUMN urgent")
    raw.execute("UPDATE alembic_version SET version_num = '0007'")
    raw.commit()
    attendance = raw.execute("SELECT count(*) FROM attendance").fetchone()
    raw.close()

    engine = make_engine(f"sqlite:///{path}")
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM attendance")).one() == attendance
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
