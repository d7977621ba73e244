"""The guided /agendar: a question, a request or a command meanwhile is answered and the scheduling stays open."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from db.database import make_engine
from handlers.calendar import names_a_session
from seed.importer import import_file
from tests.conftest import SHIPPED, fresh_url
from tests.telegram_fakes import TOKEN, OfflineRequest, message_update

pytestmark = pytest.mark.filterwarnings("ignore:Ignoring `conversation_timeout`")  # the job queue stays stopped
ADMIN = 7
STILL_DATE = "Sigo agendando una sesión: espero la fecha y hora de la sesión"
STILL_TITLE = "Sigo agendando una sesión: espero el nombre de la sesión"


@pytest.fixture
async def admin(tmp_path: Path) -> AsyncIterator[tuple[Application, OfflineRequest]]:  # type: ignore[type-arg]
    db = make_engine(fresh_url(tmp_path, "agendar"))
    import_file(db, SHIPPED)
    settings = Settings(bot_token=TOKEN, database_url="sqlite://", admin_user_ids=frozenset({ADMIN}), flood_burst=100)
    request = OfflineRequest()
    now = dt.datetime(2030, 12, 1, 18, 0, tzinfo=dt.UTC)
    application = build_application(settings, Engine(db), request=request, clock=lambda: now)
    await application.initialize()
    yield application, request
    await application.shutdown()


class Chat:
    def __init__(self, application: Application, request: OfflineRequest) -> None:  # type: ignore[type-arg]
        self.application, self.request, self.message_id = application, request, 0

    async def say(self, text: str) -> list[str]:
        """What the bot answers to ``text``, message by message."""
        before = len(self.request.texts())
        self.message_id += 1
        update = message_update(self.application.bot, text, user_id=ADMIN, message_id=self.message_id)
        await self.application.process_update(update)
        return self.request.texts()[before:]


async def test_a_request_is_no_title_and_no_date(admin: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    chat = Chat(*admin)
    await chat.say("/agendar")
    answer, hint = await chat.say("acuerdos de noviembre")
    assert "CVOE/046/20" in answer and STILL_DATE in hint
    await chat.say("2031-01-05 10:00")
    for request, said in (("convenios firmados", "Contraloría"), ("resumen del trimestre", "Resumen")):
        answer, hint = await chat.say(request)
        assert said in answer and STILL_TITLE in hint and "Agendé" not in answer
    [done] = await chat.say("Reunión de trabajo con partidos")  # a session's name, though about activities
    assert "Agendé <b>Reunión de trabajo con partidos</b> para el 05/01/2031 a las 10:00 h" in done


async def test_a_command_meanwhile_is_answered_and_the_scheduling_stays_open(
    admin: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
) -> None:
    chat = Chat(*admin)
    await chat.say("/agendar")
    usage, hint = await chat.say("/cancelar")  # the command, as always: not a way out of /agendar
    assert usage.startswith("Uso: /cancelar NÚMERO") and STILL_DATE in hint
    await chat.say("2031-01-05 10:00")
    answer, hint = await chat.say("/acuerdos noviembre")
    assert "CVOE/046/20" in answer and STILL_TITLE in hint
    unknown, hint = await chat.say("/foo")
    assert "No conozco el comando" in unknown and STILL_TITLE in hint
    [done] = await chat.say("Primera sesión ordinaria")
    assert done.startswith("Agendé <b>Primera sesión ordinaria</b> para el 05/01/2031")
    [not_scheduling] = await chat.say("/salir")
    assert "No estoy agendando nada" in not_scheduling and "No conozco" not in not_scheduling


async def test_agendar_again_starts_over_and_salir_leaves(admin: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    chat = Chat(*admin)
    await chat.say("/agendar")
    await chat.say("2031-01-05 10:00")
    [again] = await chat.say("/agendar")
    assert again.startswith("¿Qué día y a qué hora es la sesión?")
    [error] = await chat.say("Primera sesión ordinaria")  # a date is awaited again, not a title
    assert "Inténtalo de nuevo" in error
    [left] = await chat.say("/salir")
    assert left == "Listo, no agendé nada."


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Primera sesión ordinaria", True),
        ("Décima segunda sesión ordinaria de 2031", True),
        ("3ª sesión extraordinaria", True),
        ("Sesión sobre convenios con universidades", True),
        ("Reunión de trabajo", True),
        ("acuerdos de la sesión 12", False),
        ("convenios firmados", False),
    ],
)
def test_what_reads_as_a_sessions_name(text: str, named: bool) -> None:
    assert names_a_session(text) is named
