"""The calendar: CLI commands, iCalendar and CSV, and the Telegram commands that manage it."""

from __future__ import annotations

import datetime as dt
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
from db.database import make_engine, session_scope
from tests.conftest import fresh_url
from tests.telegram_fakes import TOKEN, OfflineRequest, callback_update, message_update

MX = ZoneInfo("America/Mexico_City")
STAFF, ADMIN = 1, 7
# The job queue stays stopped on purpose (jobs are run by hand), so /agendar's timeout is not armed.
pytestmark = pytest.mark.filterwarnings("ignore:Ignoring `conversation_timeout`")


NOW = dt.datetime(2030, 12, 1, tzinfo=dt.UTC)


def test_stored_time_is_utc_and_the_engine_shows_local_time(db: SqlEngine) -> None:
    when = calendar.parse_when("2031-01-21 10:00", MX)
    assert when == dt.datetime(2031, 1, 21, 16, 0, tzinfo=dt.UTC)
    with session_scope(db) as session:
        calendar.schedule(when, "Primera sesión ordinaria", MX, now=NOW, session=session, place="Sala de Consejo")
    engine = Engine(db)
    reply = engine.answer("¿cuándo es la próxima sesión?", today=dt.date(2031, 1, 10))
    assert "martes 21 de enero de 2031 a las 10:00 h" in reply.text and "Sala de Consejo" in reply.text


def test_ics_export_round_trips(db: SqlEngine, tmp_path: Path) -> None:
    with session_scope(db) as session:
        row, _ = calendar.schedule(
            calendar.parse_when("2031-03-05 09:30", MX),
            "Tercera sesión ordinaria",
            MX,
            now=NOW,
            session=session,
            place="Virtual",
            agenda="1. Lista de asistencia",
        )
    data = calendar.to_ics([row], now=NOW + dt.timedelta(microseconds=123))
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Tercera sesión ordinaria" and str(event["LOCATION"]) == "Virtual"
    assert event["DTSTART"].dt == dt.datetime(2031, 3, 5, 9, 30, tzinfo=MX)
    # Times in UTC ("Z"), whole minutes: no floating local time a calendar app would misread.
    assert b"DTSTART:20310305T153000Z" in data and b"DTEND:20310305T173000Z" in data
    assert b"DTSTAMP:20301201T000000Z" in data and b"TZID" not in data
    other_db = make_engine(fresh_url(tmp_path, "other"))
    with session_scope(other_db) as session:
        changes = calendar.import_calendar(data, "sesiones.ics", MX, now=NOW, session=session)
    assert [c.title for c in changes] == ["Tercera sesión ordinaria"]


def test_csv_import_is_all_or_nothing(db: SqlEngine) -> None:
    good = (
        "fecha,hora,título,lugar\n2031-04-01,10:00,Cuarta sesión ordinaria,Sala\n"
        "02/05/2031,10:00,Quinta sesión ordinaria,\n"
    )
    with session_scope(db) as session:
        assert len(calendar.import_calendar(good.encode(), "s.csv", MX, now=NOW, session=session)) == 2
    bad = "fecha,hora,título\n2031-06-01,10:00,Sexta sesión ordinaria\n2031-06-31,10:00,Séptima\n"
    past = "fecha,hora,título\n2031-06-01,10:00,Sexta sesión ordinaria\n2020-06-01,10:00,Séptima\n"
    for broken, error in ((bad, "Fila 3"), (past, "ya pasó"), ("BEGIN:VCALENDAR\nnada", "dañado")):
        with pytest.raises(calendar.CalendarError, match=error), session_scope(db) as session:
            calendar.import_calendar(
                broken.encode(), "s.ics" if "VCAL" in broken else "s.csv", MX, now=NOW, session=session
            )
    with session_scope(db) as session:
        titles = [r.title for r in calendar.upcoming(dt.datetime(2031, 1, 1, tzinfo=dt.UTC), session=session)]
    assert titles == ["Cuarta sesión ordinaria", "Quinta sesión ordinaria"]


def test_the_calendar_itself_refuses_the_past(db: SqlEngine) -> None:
    when = calendar.parse_when("2031-01-21 10:00", MX)
    with pytest.raises(calendar.CalendarError, match="ya pasó"), session_scope(db) as session:
        calendar.schedule(when, "Primera sesión ordinaria", MX, now=when + dt.timedelta(minutes=1), session=session)
    with session_scope(db) as session:
        row, _ = calendar.schedule(when, "Primera sesión ordinaria", MX, now=NOW, session=session)
    assert row.id is not None
    with pytest.raises(calendar.CalendarError, match="ya pasó"), session_scope(db) as session:
        calendar.reschedule(row.id, NOW - dt.timedelta(days=1), MX, now=NOW, session=session)


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("mañana a las 10", (2026, 11, 26, 10, 0)),
        ("mañana a las 10:30", (2026, 11, 26, 10, 30)),
        ("pasado mañana a las 9", (2026, 11, 27, 9, 0)),
        ("hoy a las 17:45", (2026, 11, 25, 17, 45)),
        ("el viernes a las 5 de la tarde", (2026, 11, 27, 17, 0)),
        ("el próximo lunes a las 12 h", (2026, 11, 30, 12, 0)),
        ("21 de enero de 2027 a las 10:00", (2027, 1, 21, 10, 0)),
        ("2027-01-21 10:00", (2027, 1, 21, 10, 0)),
    ],
)
def test_relative_dates_keep_the_local_hour(text: str, local: tuple[int, int, int, int, int]) -> None:
    # 07:46 in Mexico City (13:46 UTC) on Wednesday 25 November 2026.
    now = dt.datetime(2026, 11, 25, 13, 46, tzinfo=dt.UTC)
    assert calendar.parse_when(text, MX, now=now) == dt.datetime(*local, tzinfo=MX)


@pytest.mark.parametrize(
    "text", ["mañana", "a las 10", "mañana a las 25", "el día de la sesión a las 10", "10:00 11:00"]
)
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(calendar.CalendarError):
        calendar.parse_when(text, MX, now=NOW)


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
        allowed_user_ids=frozenset({STAFF, 42}),
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


def jobs(application: Application, prefix: str) -> list[Any]:  # type: ignore[type-arg]
    assert application.job_queue is not None
    return [j for j in application.job_queue.jobs() if j.name and j.name.startswith(prefix) and not j.removed]


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


async def test_guided_agendar_answers_questions_and_stays_open(
    cal_app: tuple[Application, OfflineRequest, Clock],
) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    await say(application, "/agendar", user_id=ADMIN)
    await say(application, "¿cuándo es la próxima sesión?", user_id=ADMIN, message_id=2)
    answer, hint = request.texts()[-2:]
    assert "No hay sesiones programadas" in answer or "próxima" in answer.lower()
    assert "Sigo agendando" in hint and "/salir" in hint and "fecha y hora" in hint
    await say(application, "2031-02-04 12:00", user_id=ADMIN, message_id=3)
    await say(application, "qué convenios se firmaron", user_id=ADMIN, message_id=4)
    assert "nombre de la sesión" in request.texts()[-1]
    await say(application, "Segunda sesión extraordinaria", user_id=ADMIN, message_id=5)
    assert "Agendé <b>Segunda sesión extraordinaria</b> para el 04/02/2031 a las 12:00 h" in request.texts()[-1]


async def test_echoed_input_is_escaped(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    await say(application, "/recordatorios <b>")
    assert "&lt;b&gt;" in request.texts()[-1] and "<b>»" not in request.texts()[-1]
    await say(application, "/reprogramar 7 ‹mañana> & luego", user_id=ADMIN, message_id=2)
    assert "&gt; &amp; luego" in request.texts()[-1]
    await say(application, "/agendar", user_id=ADMIN, message_id=3)
    await say(application, "<i>el día & la hora</i>", user_id=ADMIN, message_id=4)
    assert "&lt;i&gt;el día &amp; la hora&lt;/i&gt;" in request.texts()[-1]
    await say(application, "/salir", user_id=ADMIN, message_id=5)
    await say(application, "/agendar 2031-01-21 10:00 <Sesión> & más", user_id=ADMIN, message_id=6)
    assert "<b>&lt;Sesión&gt; &amp; más</b>" in request.texts()[-1]
    for text in request.texts():  # every message the bot sent parses as Telegram HTML
        assert_telegram_html(text)


def assert_telegram_html(text: str) -> None:
    from html.parser import HTMLParser

    allowed = {"b", "i", "u", "s", "code", "pre", "a", "strong", "em", "tg-spoiler", "blockquote"}
    stack: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            assert tag in allowed, (tag, text)
            stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert stack and stack.pop() == tag, (tag, text)

    Checker(convert_charrefs=True).feed(text)
    assert not stack, text
    assert "<" not in __import__("re").sub(r"</?(?:b|i|u|s|code|pre|a|strong|em)(?: [^>]*)?>", "", text), text


async def test_lead_times_are_bounded_and_refused_in_spanish(
    cal_app: tuple[Application, OfflineRequest, Clock],
) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    for n, poison in enumerate(["3000000d", "30s", "1h,2h,3h,4h,5h,6h", "pronto"]):
        await say(application, f"/recordatorios {poison}", message_id=10 + n)
        assert "Uso: /recordatorios" in request.texts()[-1]
    await say(application, "/recordatorios", message_id=20)
    assert "desactivados" in request.texts()[-1]
    await say(application, "/recordatorios 48h,2h", message_id=21)
    assert "2 días y 2 horas" in request.texts()[-1]


async def test_reminders_subscription_buttons_and_notices(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, clock = cal_app
    await say(application, "/recordatorios")
    assert "desactivados" in request.texts()[-1]
    await application.process_update(callback_update(application.bot, "rec:on"))
    assert "activados" in request.texts()[-1] and "24 horas y 1 hora" in request.texts()[-1]
    await say(application, "/agendar 2031-01-21 10:00 Primera sesión ordinaria", user_id=ADMIN, message_id=2)
    start = dt.datetime(2031, 1, 21, 16, 0, tzinfo=dt.UTC)
    [timer] = jobs(application, "recordatorio:")  # one timer per session, at its next moment
    assert timer.data.moment == start - dt.timedelta(days=1)
    # The day-before reminder comes due: run its timer now (the clock says so), no sleeping.
    clock.now = timer.data.moment
    await timer.run(application)
    reminder = request.sent("sendMessage")[-1]
    assert reminder["chat_id"] == STAFF and "es mañana" in reminder["text"] and "10:00 h" in reminder["text"]
    [next_timer] = jobs(application, "recordatorio:")  # armed again for the hour before
    assert next_timer.data.moment == start - dt.timedelta(hours=1)
    await timer.run(application)  # a second run (say, after a restart) sends nothing
    assert sum("Recordatorio" in t for t in request.texts()) == 1
    # Rescheduling tells the subscriber and moves the remaining reminder.
    session_id = timer.data.session_id
    await say(application, f"/reprogramar {session_id} 2031-01-28 10:00", user_id=ADMIN, message_id=3)
    assert "28/01/2031 a las 10:00 h" in request.texts()[-1]
    notice_job = next(j for j in jobs(application, "aviso:") if j.data[0].lead_seconds == -1)
    await notice_job.run(application)
    assert "Sesión reprogramada" in request.texts()[-1] and "28 de enero de 2031" in request.texts()[-1]
    [moved] = jobs(application, "recordatorio:")
    assert moved.data.start == dt.datetime(2031, 1, 28, 16, 0, tzinfo=dt.UTC)
    await say(application, f"/cancelar {session_id}", user_id=ADMIN, message_id=4)
    cancel_job = next(j for j in jobs(application, "aviso:") if j.data[0].lead_seconds == -2)
    await cancel_job.run(application)
    assert "Sesión cancelada" in request.texts()[-1]
    assert jobs(application, "recordatorio:") == []


async def test_no_reminder_burst_on_subscribing(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, clock = cal_app
    await say(application, "/agendar 2031-01-21 10:00 Primera sesión ordinaria", user_id=ADMIN)
    start = dt.datetime(2031, 1, 21, 16, 0, tzinfo=dt.UTC)
    clock.now = start - dt.timedelta(minutes=70)
    await application.process_update(callback_update(application.bot, "rec:on"))
    await say(application, "/recordatorios 48h,2h", message_id=2)
    await say(application, "/recordatorios 24h,1h", message_id=3)
    for job in jobs(application, "recordatorio:"):
        if job.data.moment <= clock.now:
            await job.run(application)
    assert not any("Recordatorio" in t for t in request.texts())
    [timer] = jobs(application, "recordatorio:")
    assert timer.data.moment == start - dt.timedelta(hours=1)
    clock.now = timer.data.moment
    await timer.run(application)
    assert sum("Recordatorio" in t for t in request.texts()) == 1 and "empieza en 1 hora" in request.texts()[-1]


async def test_group_reminders_need_a_group_admin(cal_app: tuple[Application, OfflineRequest, Clock]) -> None:  # type: ignore[type-arg]
    application, request, _ = cal_app
    group = dict(chat_id=-500, chat_type="group")
    request.chat_admins[-500] = {42}
    await say(application, "/recordatorios on", **group)
    assert "solo quienes lo administran" in request.texts()[-1]
    await say(application, "/recordatorios", message_id=2, **group)
    assert "desactivados" in request.texts()[-1]  # anyone may look
    await say(application, "/recordatorios on", user_id=42, message_id=3, **group)
    assert "activados" in request.texts()[-1]
    await say(application, "/recordatorios off", user_id=ADMIN, message_id=4, **group)  # a bot admin may too
    assert "desactivados" in request.texts()[-1]


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
    assert (
        "Importé 1 sesión del calendario" in request.texts()[-1] and "Segunda sesion ordinaria" in request.texts()[-1]
    )


async def test_a_stored_lead_list_out_of_bounds_is_not_shown_as_working(
    cal_app: tuple[Application, OfflineRequest, Clock],  # type: ignore[type-arg]
) -> None:
    from db.models import ReminderSubscription

    application, request, clock = cal_app
    with session_scope(application.bot_data.services.engine.db_engine) as session:  # left by an older version
        session.add(ReminderSubscription(chat_id=STAFF, leads="259200000000", updated_at=clock.now))
    await say(application, "/recordatorios")
    assert "no se envían" in request.texts()[-1] and "3000000 días" not in request.texts()[-1]
    await say(application, "/recordatorios on", message_id=2)  # subscribing again repairs it
    assert "<b>activados</b> en este chat: 24 horas y 1 hora" in request.texts()[-1]
