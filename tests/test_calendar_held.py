"""The calendar never takes over a session an informe holds, or names on its cover as the one that approved it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, select

from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from db.database import session_scope
from db.models import CommissionSession
from seed.importer import import_file
from tests.conftest import SHIPPED
from tests.telegram_fakes import TOKEN, OfflineRequest, message_update

MX = ZoneInfo("America/Mexico_City")
NOW = dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC)
ADMIN = 7
pytestmark = pytest.mark.filterwarnings("ignore:Ignoring `conversation_timeout`")  # the job queue stays stopped
APPROVAL = "Fue aprobado en la primera sesión ordinaria (jueves 21 de enero de 2021)"


def _sessions(db: SqlEngine) -> dict[tuple[int, str, int], tuple[str, dt.date | None, dt.datetime | None]]:
    with Session(db) as session:
        rows = session.exec(select(CommissionSession)).all()
        return {(r.year, r.kind, r.number): (r.status, r.date, r.starts_at) for r in rows}


def test_scheduling_a_held_or_approving_session_is_refused_and_changes_nothing(db: SqlEngine) -> None:
    import_file(db, SHIPPED)  # 2020-T4: holds the tenth to twelfth sessions; its cover names 2021's first
    before = _sessions(db)
    when = calendar.parse_when("2027-02-01 10:00", MX)
    for title in ("Primera sesión ordinaria de 2021", "Décima sesión ordinaria de 2020"):
        with pytest.raises(calendar.CalendarError, match="ya se celebró") as refused, session_scope(db) as session:
            calendar.schedule(when, title, MX, now=NOW, session=session)
        assert "«Primera sesión ordinaria de 2027»" in str(refused.value)  # what to write instead
    assert _sessions(db) == before
    assert APPROVAL in Engine(db).answer("¿cuándo se aprobó el informe?", today=NOW.date()).text
    # A title that names no held session is a new calendar entry, as always.
    with session_scope(db) as session:
        row, _ = calendar.schedule(when, "Primera sesión ordinaria", MX, now=NOW, session=session)
    assert (row.year, row.number, row.status) == (2027, 1, "programada")


def test_a_held_session_is_neither_moved_nor_cancelled_even_when_the_calendar_had_it(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    with session_scope(db) as session:  # scheduled before its informe reported it as held
        held = session.exec(select(CommissionSession).where(CommissionSession.number == 10)).one()
        held.starts_at = dt.datetime(2020, 10, 26, 17, tzinfo=dt.UTC)
        session.add(held)
    assert held.id is not None
    before = _sessions(db)
    with pytest.raises(calendar.CalendarError, match="ya se celebró"), session_scope(db) as session:
        calendar.reschedule(held.id, dt.datetime(2031, 1, 1, 16, tzinfo=dt.UTC), MX, now=NOW, session=session)
    with pytest.raises(calendar.CalendarError, match="ya se celebró"), session_scope(db) as session:
        calendar.cancel(held.id, session=session)
    assert _sessions(db) == before


def test_the_cli_refuses_in_one_spanish_line(
    db: SqlEngine, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    import_file(db, SHIPPED)
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.chdir(tmp_path)
    before = _sessions(db)
    assert main(["sessions", "add", "2027-02-01 10:00", "Primera sesión ordinaria de 2021"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: La primera sesión ordinaria de 2021 ya se celebró el 21/01/2021")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _sessions(db) == before


async def test_agendar_refuses_a_held_session(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    settings = Settings(bot_token=TOKEN, database_url="sqlite://", admin_user_ids=frozenset({ADMIN}))
    request = OfflineRequest()
    application = build_application(settings, Engine(db), request=request, clock=lambda: NOW)
    await application.initialize()
    before = _sessions(db)
    try:
        text = "/agendar 2027-02-01 10:00 Primera sesión ordinaria de 2021"
        await application.process_update(message_update(application.bot, text, user_id=ADMIN))
    finally:
        await application.shutdown()
    assert "ya se celebró" in request.texts()[-1] and "Agendé" not in request.texts()[-1]
    assert _sessions(db) == before
