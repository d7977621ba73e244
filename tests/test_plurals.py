"""A count of one reads in the singular, through the real templates and the real log lines."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.engine.contexts import Context, DatabaseConversations
from bot.engine.frame import Items
from bot.render import render
from bot.settings import Settings
from db.database import session_scope
from db.models import CommissionSession
from seed.importer import import_file
from tests.conftest import SHIPPED
from tests.telegram_fakes import TOKEN, OfflineRequest

pytestmark = pytest.mark.filterwarnings("ignore:Ignoring `conversation_timeout`")
STAFF = 1
PLURAL_OF_ONE = ("1 informes", "1 sesiones", "1 enviados", "1 contextos", "1 convenios", "1 faltas", "1 personas")


def no_plural_of_one(text: str) -> None:
    assert not [wrong for wrong in PLURAL_OF_ONE if wrong in text], text


SESSION = CommissionSession(
    id=11, year=2020, kind="ordinaria", number=11, ordinal="décima primera", date=dt.date(2020, 11, 26)
)
PT = SimpleNamespace(body="Partido del Trabajo", person=None)
MORENA = SimpleNamespace(body="Partido MORENA", person=None)


def attendance(**context: Any) -> str:
    values: dict[str, Any] = dict(
        verdict=None,
        count=False,
        label="",
        table=[(SESSION, [MORENA], [PT])],
        want_absent=True,
        want_present=False,
        groups=[],
        feminine=False,
        notes={},
        unrecorded=[],
        many_years=False,
    )
    values.update(context)
    return render("asistencia_sesiones.j2", **values)[1]


def test_attendance_of_one_in_the_singular() -> None:
    assert "Faltó (1):\n• Partido del Trabajo" in attendance()
    assert "Faltó 1:" in attendance(count=True)
    assert "Asistió 1 de 2" in attendance(want_absent=False, want_present=True, count=True)
    plain = attendance(want_absent=False)
    assert "1 presente y 1 ausente. Faltó: Partido del Trabajo." in plain
    stood_in = SimpleNamespace(body="Secretaría Ejecutiva", person="Ana", representative=None)
    noted = attendance(notes={11: [(stood_in, SimpleNamespace(body="Encargada del despacho", person="Ana"))]})
    assert "No figura en la lista, pero no faltó:" in noted
    assert "Nadie faltó: asistió la única persona registrada." in attendance(table=[(SESSION, [MORENA], [])])
    total = attendance(count=True, table=[(SESSION, [MORENA], [PT]), (SESSION, [MORENA, PT], [])])
    assert "En total: 1 falta en 2 sesiones." in total


def test_other_templates_with_a_count_of_one() -> None:
    informe = SimpleNamespace(
        convenios_total=1, convenios_vigentes=1, convenios_since_year=2019, title="INFORME", quarter=1, year=2021
    )
    convenio = SimpleNamespace(instrument_type="Convenio", counterpart="UNAM", signed_on=None, object=None)
    listed = render(
        "convenios_lista.j2", yesno=False, signed=[], label="el trimestre", type_label="", followed=[convenio],
        informe=informe, count=False,
    )[1]  # fmt: skip
    assert "se reportaron avances en 1 convenio:" in listed and "1 instrumento suscrito, 1 vigente." in listed
    totals = render("convenios_totales.j2", informe=informe, signed=[], followed=[])[1]
    assert "<b>" not in totals and "1 instrumento jurídico suscrito, que está vigente." in totals
    people = render(
        "actividades_personas.j2", total=1, items=[SimpleNamespace(date=None, title="Foro", participants=1)]
    )
    assert "En total participó 1 persona en 1 actividad:" in people[1]
    rate = render("asistencia_tasa.j2", possible=1, who="", sessions=[SESSION], rate=100, present=1)[1]
    assert "en 1 sesión registrada fue de 100 %: 1 de 1 asistencia posible." in rate
    ranking = render(
        "asistencia_ranking.j2", want_absent=True, absences=1, sessions=[SESSION], leaders=[SimpleNamespace(label="PT")]
    )[1]
    assert ranking.startswith("Faltó a 1 de 1 sesión (1 participante):")
    outline = render("informe_apartados.j2", informe=informe, outline=[("Presentación", [])])[1]
    for text in (listed, totals, people[1], rate, ranking, outline):
        no_plural_of_one(text)


def test_a_real_answer_with_one_absentee(both_engine: Engine) -> None:
    text = both_engine.answer("¿quién faltó a la primera sesión ordinaria de 2021?", today=dt.date(2021, 6, 1)).text
    assert "Faltó (1):\n• Partido del Trabajo" in text


async def test_log_lines_of_one(db: SqlEngine, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import_file(db, SHIPPED)  # one informe
    now = dt.datetime(2031, 1, 10, 18, 0, tzinfo=dt.UTC)
    clock = SimpleNamespace(now=now)
    settings = Settings(
        bot_token=TOKEN, database_url="sqlite://", allowed_user_ids=frozenset({STAFF}), heartbeat_file=tmp_path / "b"
    )
    application = build_application(settings, Engine(db), request=OfflineRequest(), clock=lambda: clock.now)
    services = application.bot_data.services
    with session_scope(db) as session:  # one session with a reminder to come, for one chat
        calendar.schedule(
            dt.datetime(2031, 1, 21, 16, tzinfo=dt.UTC), "Sesión", settings.zone, now=now, session=session
        )
    services.book.subscribe(STAFF, now)
    caplog.set_level(logging.INFO)
    await application.initialize()
    try:
        assert application.post_init is not None and application.job_queue is not None
        await application.post_init(application)
        [timer] = [j for j in application.job_queue.jobs() if (j.name or "").startswith("recordatorio:")]
        clock.now = timer.data.moment
        await timer.run(application)
    finally:
        await application.shutdown()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "listo: 1 informe cargado," in logged
    assert "Recordatorios: 1 sesión con avisos pendientes" in logged
    assert ": 1 enviado, 0 chats bloqueados" in logged
    no_plural_of_one(logged)


def _context() -> Context:
    from bot.engine.frame import Question
    from lang.vocabulary import Subject

    question = Question(text="acuerdos", today=dt.date(2021, 1, 15), subject=Subject.ACUERDOS)
    return Context(question, Items(), dt.datetime.now(dt.UTC))


def test_a_context_that_cannot_be_saved_is_logged_in_the_singular(
    db: SqlEngine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from db.queries import conversations

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(conversations, "save", broken)
    store = DatabaseConversations(db)
    store.put("9", _context())
    store.flush()
    messages = [r.getMessage() for r in caplog.records if "No pude guardar" in r.getMessage()]
    assert messages and all(m == "No pude guardar 1 contexto de conversación" for m in messages)


def test_the_writer_thread_and_the_exit_flush_never_write_a_chat_twice(
    db: SqlEngine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The flush at exit and the writer thread's flush both took the same pending chat and both inserted its row:
    the second failed on ``conversation_contexts.chat`` with a traceback. They take turns now."""
    from db.queries import conversations

    together = threading.Barrier(2, timeout=1)  # two writers inside save() at once, if anything lets them
    save = conversations.save

    def meeting(*args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):  # alone, as it should be
            together.wait()
        save(*args, **kwargs)

    monkeypatch.setattr(conversations, "save", meeting)
    store = DatabaseConversations(db)
    store.put("7", _context())  # wakes the writer thread…
    store.flush()  # …while the process's exit flushes too
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert store.get("7", dt.datetime.now(dt.UTC)) is not None
