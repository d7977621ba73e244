"""The calendar: CLI commands, iCalendar and CSV, and the Telegram commands that manage it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy.engine import Engine as SqlEngine
from telegram.ext import Application

from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from db.database import make_engine
from tests.conftest import fresh_url
from tests.telegram_fakes import TOKEN, OfflineRequest, callback_update, message_update

MX = ZoneInfo("America/Mexico_City")
STAFF, ADMIN = 1, 7
# The job queue stays stopped on purpose (jobs are run by hand), so /agendar's timeout is not armed.
pytestmark = pytest.mark.filterwarnings("ignore:Ignoring `conversation_timeout`")


def cli(args: list[str], db_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": db_url},
        timeout=60,
    )


def test_cli_sessions_add_list_move_cancel(tmp_path: Path) -> None:
    url = fresh_url(tmp_path, "cal")
    added = cli(["sessions", "add", "2031-01-21 10:00", "Primera sesión ordinaria"], url)
    assert added.returncode == 0, added.stderr
    assert "2031-01-21 10:00 (America/Mexico_City)" in added.stdout
    session_id = added.stdout.split("[")[1].split("]")[0]
    listed = cli(["sessions", "list"], url)
    assert "2031-01-21 10:00  Primera sesión ordinaria" in listed.stdout
    moved = cli(["sessions", "move", session_id, "28/01/2031 11:30"], url)
    assert moved.returncode == 0 and "Reprogramada" in moved.stdout
    assert "2031-01-28 11:30" in cli(["sessions", "list"], url).stdout
    assert cli(["sessions", "cancel", session_id], url).returncode == 0
    assert "No hay sesiones programadas" in cli(["sessions", "list"], url).stdout
    bad = cli(["sessions", "add", "2031-02-30 10:00", "Otra"], url)
    assert bad.returncode == 1 and "no existe" in bad.stderr
    answer = cli(["ask", "--today", "2031-01-01", "¿cuándo es la próxima sesión?"], url)
    assert "no hay sesiones programadas" in answer.stdout.lower()


def test_stored_time_is_utc_and_the_engine_shows_local_time(db: SqlEngine) -> None:
    when = calendar.parse_when("2031-01-21 10:00", MX)
    assert when == dt.datetime(2031, 1, 21, 16, 0, tzinfo=dt.UTC)
    calendar.schedule(db, when, "Primera sesión ordinaria", MX, place="Sala de Consejo")
    engine = Engine(db)
    reply = engine.answer("¿cuándo es la próxima sesión?", today=dt.date(2031, 1, 10))
    assert "martes 21 de enero de 2031 a las 10:00 h" in reply.text and "Sala de Consejo" in reply.text


def test_ics_export_round_trips(db: SqlEngine, tmp_path: Path) -> None:
    row, _ = calendar.schedule(
        db,
        calendar.parse_when("2031-03-05 09:30", MX),
        "Tercera sesión ordinaria",
        MX,
        place="Virtual",
        agenda="1. Lista de asistencia",
    )
    data = calendar.to_ics([row], MX)
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Tercera sesión ordinaria" and str(event["LOCATION"]) == "Virtual"
    assert event["DTSTART"].dt == dt.datetime(2031, 3, 5, 9, 30, tzinfo=MX)
    other_db = make_engine(fresh_url(tmp_path, "other"))
    changes = calendar.import_calendar(other_db, data, "sesiones.ics", MX)
    assert [c.title for c in changes] == ["Tercera sesión ordinaria"]


def test_csv_import_is_all_or_nothing(db: SqlEngine) -> None:
    good = (
        "fecha,hora,título,lugar\n2031-04-01,10:00,Cuarta sesión ordinaria,Sala\n"
        "02/05/2031,10:00,Quinta sesión ordinaria,\n"
    )
    assert len(calendar.import_calendar(db, good.encode(), "s.csv", MX)) == 2
    bad = "fecha,hora,título\n2031-06-01,10:00,Sexta sesión ordinaria\n2031-06-31,10:00,Séptima\n"
    with pytest.raises(calendar.CalendarError, match="Fila 3"):
        calendar.import_calendar(db, bad.encode(), "s.csv", MX)
    titles = [r.title for r in calendar.upcoming(db, dt.datetime(2031, 1, 1, tzinfo=dt.UTC))]
    assert titles == ["Cuarta sesión ordinaria", "Quinta sesión ordinaria"]
    with pytest.raises(calendar.CalendarError):
        calendar.import_calendar(db, b"BEGIN:VCALENDAR\nnada", "roto.ics", MX)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2031, 1, 10, 18, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
async def cal_app(tmp_path: Path) -> AsyncIterator[tuple[Application, OfflineRequest, Clock]]:  # type: ignore[type-arg]
    engine = Engine(make_engine(fresh_url(tmp_path, "bot")))
    request = OfflineRequest()
    clock = Clock()
    settings = Settings(
        bot_token=TOKEN,
        database_url="sqlite://",
        allowed_user_ids=frozenset({STAFF}),
        admin_user_ids=frozenset({ADMIN}),
        heartbeat_file=tmp_path / "beat",
        reminder_leads="24h,1h",
    )
    application = build_application(settings, engine, request=request, clock=clock)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    # The job queue is left stopped: tests run the due jobs by hand, at the time the fake clock says.
    yield application, request, clock
    await application.shutdown()


async def say(application: Application, text: str | None, user_id: int = STAFF, **kw: Any) -> None:  # type: ignore[type-arg]
    await application.process_update(message_update(application.bot, text, user_id=user_id, **kw))


def reminder_jobs(application: Application) -> list[Any]:  # type: ignore[type-arg]
    assert application.job_queue is not None
    return [j for j in application.job_queue.jobs() if j.name and j.name.startswith(("recordatorio:", "aviso:"))]


async def test_agendar_one_line_and_guided(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    await say(application, "/agendar 2031-01-21 10:00 Primera sesión ordinaria", user_id=STAFF)
    assert "Solo las personas administradoras" in request.texts()[-1]
    await say(application, "/agendar 2031-01-21 10:00 Primera sesión ordinaria", user_id=ADMIN)
    assert "Agendé <b>Primera sesión ordinaria</b> para el 21/01/2031 a las 10:00 h" in request.texts()[-1]
    await say(application, "/agendar", user_id=ADMIN, message_id=2)
    await say(application, "el 30 de febrero", user_id=ADMIN, message_id=3)
    assert "Inténtalo de nuevo" in request.texts()[-1]
    await say(application, "4 de febrero de 2031 a las 12:00", user_id=ADMIN, message_id=4)
    await say(application, "Primera sesión extraordinaria", user_id=ADMIN, message_id=5)
    assert "Agendé <b>Primera sesión extraordinaria</b> para el 04/02/2031 a las 12:00 h" in request.texts()[-1]
    await say(application, "¿cuándo es la próxima sesión?", message_id=6)
    assert "21 de enero de 2031 a las 10:00 h" in request.texts()[-1]


async def test_reminders_subscription_buttons_and_notices(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, clock = cal_app
    await say(application, "/recordatorios")
    assert "desactivados" in request.texts()[-1]
    await application.process_update(callback_update(application.bot, "rec:on"))
    assert "activados" in request.texts()[-1] and "24 horas, 1 hora" in request.texts()[-1]
    await say(application, "/agendar 2031-01-21 10:00 Primera sesión ordinaria", user_id=ADMIN, message_id=2)
    jobs = reminder_jobs(application)
    assert len(jobs) == 2  # 24 h and 1 h before
    # The day-before reminder comes due: run its job now (the clock says so), no sleeping.
    day_before = next(j for j in jobs if j.data[0].lead_seconds == 86400)
    clock.now = day_before.data[0].due_at
    await day_before.run(application)
    reminder = request.sent("sendMessage")[-1]
    assert reminder["chat_id"] == STAFF and "es mañana" in reminder["text"] and "10:00 h" in reminder["text"]
    await day_before.run(application)  # a second run (say, after a restart) sends nothing
    assert sum("Recordatorio" in t for t in request.texts()) == 1
    # Rescheduling tells the subscriber and moves the remaining reminder.
    session_id = day_before.data[0].session_id
    await say(application, f"/reprogramar {session_id} 2031-01-28 10:00", user_id=ADMIN, message_id=3)
    notice_job = next(j for j in reminder_jobs(application) if j.data[0].lead_seconds == -1)
    await notice_job.run(application)
    assert "Sesión reprogramada" in request.texts()[-1] and "28 de enero de 2031" in request.texts()[-1]
    assert {j.data[0].planned_start for j in reminder_jobs(application) if j.data[0].lead_seconds > 0} == {
        dt.datetime(2031, 1, 28, 16, 0, tzinfo=dt.UTC)
    }
    await say(application, f"/cancelar {session_id}", user_id=ADMIN, message_id=4)
    cancel_job = next(j for j in reminder_jobs(application) if j.data[0].lead_seconds == -2)
    await cancel_job.run(application)
    assert "Sesión cancelada" in request.texts()[-1]
    assert [j for j in reminder_jobs(application) if j.data[0].lead_seconds > 0] == []


async def test_calendario_sends_an_ics_file(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    await say(application, "/calendario")
    assert "No hay sesiones programadas" in request.texts()[-1]
    await say(application, "/agendar 2031-01-21 10:00 Primera sesión ordinaria", user_id=ADMIN, message_id=2)
    await say(application, "/calendario", message_id=3)
    assert request.sent("sendChatAction")[-1]["action"] == "upload_document"
    sent = request.sent("sendDocument")[-1]
    files = sent["__files__"]
    payload = next(iter(files.values()))
    assert b"BEGIN:VCALENDAR" in payload and b"Primera sesi" in payload


async def test_an_admin_imports_a_calendar_file(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    request.files["cal"] = b"fecha,hora,titulo\n2031-02-11,10:00,Segunda sesion ordinaria\n"
    doc = {"file_id": "cal", "file_unique_id": "cal", "file_name": "sesiones.csv", "file_size": 60}
    await say(application, None, user_id=ADMIN, document=doc)
    assert "Importé 1 sesiones" in request.texts()[-1] and "Segunda sesion ordinaria" in request.texts()[-1]
