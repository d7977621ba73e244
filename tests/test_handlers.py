"""Handlers with a real Application and an offline bot: no network, a controllable clock."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import COMMANDS, SWITCH_INTERVAL, build_application
from bot.engine import Engine, Reply
from bot.settings import Settings
from db.database import make_engine
from tests.conftest import SECOND, fresh_url
from tests.handler_kit import ADMIN, STAFF, STRANGER, FakeClock, buttons, say, settings
from tests.telegram_fakes import TOKEN, OfflineRequest, callback_update, edited_update


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2021, 1, 15, 18, 0, tzinfo=dt.UTC))


@pytest.fixture
async def bot_app(shipped_engine: Engine, clock: FakeClock) -> AsyncIterator[tuple[Application, OfflineRequest]]:  # type: ignore[type-arg]
    request = OfflineRequest()
    application = build_application(settings(), shipped_engine, request=request, clock=clock)
    await application.initialize()
    yield application, request
    await application.shutdown()


async def test_post_init_sets_the_spanish_command_menu(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    assert application.post_init is not None
    await application.post_init(application)
    commands = (
        json.loads(request.sent("setMyCommands")[0]["commands"])
        if isinstance(request.sent("setMyCommands")[0]["commands"], str)
        else request.sent("setMyCommands")[0]["commands"]
    )
    assert [c["command"] for c in commands] == [c.command for c in COMMANDS]
    assert all(c["description"] for c in commands)
    assert sys.getswitchinterval() == SWITCH_INTERVAL  # the loop gets the interpreter lock back quickly


async def test_start_welcomes_with_three_example_buttons(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "/start")
    sent = request.sent("sendMessage")[-1]
    assert "Comisión Permanente de Vinculación" in sent["text"] and sent["parse_mode"] == "HTML"
    assert len(buttons(sent)) == 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(sent))


async def test_a_free_question_gets_the_engine_answer(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "¿Qué acuerdos se aprobaron en noviembre?")
    assert request.sent("sendChatAction")[-1]["action"] == "typing"
    text = request.sent("sendMessage")[-1]["text"]
    assert all(f"CVOE/0{n}/20" in text for n in range(46, 51)) and "CVOE/045/20" not in text


async def test_commands_with_and_without_arguments(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "/acuerdos diciembre")
    assert "CVOE/051/20" in request.texts()[-1] and "CVOE/046/20" not in request.texts()[-1]
    await say(application, "/proxima")
    assert "jueves 21 de enero de 2021" in request.texts()[-1]
    await say(application, "/resumen")
    assert "Resumen del cuarto informe" in request.texts()[-1]
    await say(application, "/asistencia décima segunda")
    assert "Décima segunda sesión ordinaria" in request.texts()[-1]
    await say(application, "/acuerdos@comision_bot CVOE/049/20")
    assert "universidades" in request.texts()[-1]


async def test_a_stranger_is_refused_and_sees_no_data(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "¿Qué acuerdos se aprobaron en noviembre?", user_id=STRANGER)
    texts = request.texts()
    assert len(texts) == 1 and "solo para el personal" in texts[0] and "CVOE" not in texts[0]
    assert f"<code>{STRANGER}</code>" in texts[0]  # so they can ask to be added
    await application.process_update(callback_update(application.bot, "q:abc", user_id=STRANGER + 1))
    assert request.sent("answerCallbackQuery")[-1]["show_alert"] is True


async def test_a_flooding_stranger_gets_one_refusal_per_window(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
    clock: FakeClock,
) -> None:
    application, request = bot_app
    for n in range(30):
        await say(application, f"acuerdo {n}", user_id=STRANGER, message_id=300 + n)
        await application.process_update(callback_update(application.bot, "q:abc", user_id=STRANGER))
    assert [name for name, _ in request.calls if name != "getMe"] == ["sendMessage"]
    assert "solo para el personal" in request.texts()[0]
    clock.advance(601)
    await say(application, "hola", user_id=STRANGER, message_id=400)
    assert len(request.texts()) == 2


def test_empty_allowed_list_means_admins_only_and_star_means_everyone() -> None:
    closed = Settings(bot_token=TOKEN, allowed_user_ids="", admin_user_ids="7")
    assert not closed.is_allowed(STRANGER) and closed.is_allowed(ADMIN) and not closed.open_access
    listed = Settings(bot_token=TOKEN, allowed_user_ids="1, 2", admin_user_ids="7")
    assert listed.is_allowed(1) and listed.is_allowed(ADMIN) and not listed.is_allowed(STRANGER)
    everyone = Settings(bot_token=TOKEN, allowed_user_ids="*")
    assert everyone.open_access and everyone.is_allowed(STRANGER) and not everyone.is_allowed(None)


async def test_ambiguity_gets_buttons_and_pressing_one_answers(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "¿A qué sesiones faltó Rodríguez?")
    choice = buttons(request.sent("sendMessage")[-1])
    assert len(choice) == 3 and "Félix Varela Rodríguez" in choice[0]["text"]
    await application.process_update(callback_update(application.bot, choice[0]["callback_data"]))
    assert "Félix Varela Rodríguez" in request.texts()[-1] and "faltó a 2 de 3" in request.texts()[-1]


async def test_groups_answer_mentions_and_replies_only(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "acuerdo 46", chat_id=-100, chat_type="supergroup")
    assert request.texts() == []
    await say(application, "@comision_bot acuerdo 46", chat_id=-100, chat_type="supergroup", message_id=2)
    assert "CVOE/046/20" in request.texts()[-1]
    await say(application, "acuerdo 47", chat_id=-100, chat_type="supergroup", message_id=4, reply_to_bot=True)
    assert "CVOE/047/20" in request.texts()[-1]
    await say(application, "/acuerdos octubre", chat_id=-100, chat_type="supergroup", message_id=6)
    assert "CVOE/043/20" in request.texts()[-1]


async def test_editing_a_question_edits_its_answer(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "acuerdo 46", message_id=10)
    answer_id = [result for name, result in request.results if name == "sendMessage"][-1]["message_id"]
    await application.process_update(edited_update(application.bot, "acuerdo 47", message_id=10))
    edit = request.sent("editMessageText")[-1]
    assert "CVOE/047/20" in edit["text"]
    assert int(edit["message_id"]) == answer_id
    assert len(request.sent("sendMessage")) == 1  # edited in place, not answered again


@pytest.mark.parametrize("text", ["🙂🙂🙂", "x" * 5000, "\u0000\u0007 hola", "<b>¿acuerdo</b> 46?"])
async def test_odd_messages_get_a_sensible_reply(bot_app: tuple[Application, OfflineRequest], text: str) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, text)
    reply = request.texts()[-1]
    assert reply and len(reply) < 4096 and "<b>¿acuerdo" not in reply


async def test_stickers_and_photos_get_a_hint_in_private_and_silence_in_groups(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
) -> None:
    application, request = bot_app
    sticker = {
        "file_id": "s",
        "file_unique_id": "s",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    await say(application, None, sticker=sticker)
    assert "Solo entiendo preguntas escritas" in request.texts()[-1]
    await say(
        application,
        None,
        chat_id=-100,
        chat_type="group",
        message_id=3,
        photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
    )
    assert len(request.texts()) == 1


async def test_an_error_in_a_handler_is_logged_and_answered(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    application, request = bot_app

    def broken(question: str, **_: object) -> Reply:
        raise RuntimeError("falla de prueba")

    monkeypatch.setattr(application.bot_data.services.engine, "answer", broken)
    await say(application, "acuerdo 46")
    assert "algo salió mal" in request.texts()[-1]
    assert any("falla de prueba" in str(r.exc_info) for r in caplog.records if r.exc_info)


async def test_a_steady_question_every_two_seconds_is_never_throttled(shipped_engine: Engine, clock: FakeClock) -> None:
    request = OfflineRequest()
    application = build_application(
        Settings(bot_token=TOKEN, allowed_user_ids="1"), shipped_engine, request=request, clock=clock
    )
    await application.initialize()
    try:
        for n in range(40):  # a person asking at an ordinary pace, after a quick burst of five
            await say(application, "acuerdo 46", message_id=500 + n)
            clock.advance(0.2 if n < 5 else 2.0)
        assert not any("muy rápido" in t for t in request.texts()) and len(request.texts()) == 40
        for n in range(30):  # a script: 30 in three seconds
            await say(application, "acuerdo 46", message_id=600 + n)
            clock.advance(0.1)
        script = request.texts()[40:]
        assert 1 <= sum("muy rápido" in t for t in script) <= 2 and sum("CVOE/046/20" in t for t in script) <= 12
    finally:
        await application.shutdown()


async def test_button_presses_over_the_flood_limit_are_still_answered(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
) -> None:
    application, request = bot_app
    for _ in range(16):
        await application.process_update(callback_update(application.bot, "q:desconocido"))
    answers = request.sent("answerCallbackQuery")
    assert len(answers) == 16 and all(a["show_alert"] for a in answers[5:])
    assert "muy rápido" in answers[-1]["text"] or "Vas muy rápido" in answers[-1]["text"]


async def test_floods_are_throttled_until_the_window_passes(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
    clock: FakeClock,
) -> None:
    application, request = bot_app
    for n in range(8):
        await say(application, "acuerdo 46", message_id=100 + n)
    texts = request.texts()
    assert sum("CVOE/046/20" in t for t in texts) == 5
    assert sum("muy rápido" in t for t in texts) == 1
    clock.advance(31)
    await say(application, "acuerdo 47", message_id=200)
    assert "CVOE/047/20" in request.texts()[-1]


@pytest.fixture
async def admin_app(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[Application, OfflineRequest]]:  # type: ignore[type-arg]
    engine = Engine(make_engine(fresh_url(tmp_path, "admin")))
    request = OfflineRequest()
    application = build_application(settings(), engine, request=request, clock=clock)
    await application.initialize()
    yield application, request
    await application.shutdown()


def document(file_id: str, name: str, size: int) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "file_unique_id": file_id,
        "file_name": name,
        "file_size": size,
        "mime_type": "text/markdown",
    }


async def test_an_admin_imports_an_informe_by_sending_it(admin_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = admin_app
    data = SECOND.read_bytes()
    request.files["informe1"] = data
    await say(application, None, user_id=ADMIN, document=document("informe1", SECOND.name, len(data)))
    reply = request.texts()[-1]
    assert "2021-T1 (nuevo)" in reply and "7 acuerdos" in reply and "CVOE/1/21" in reply
    await say(application, "acuerdo CVOE/003/21", user_id=ADMIN, message_id=2)
    assert "visitantes extranjeros" in request.texts()[-1]


async def test_bad_and_foreign_files_are_refused(admin_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = admin_app
    request.files["junk"] = "Lista del súper\n\n- leche\n".encode() * 40
    await say(application, None, user_id=ADMIN, document=document("junk", "lista.md", 1000))
    assert "No importé" in request.texts()[-1] and "no cambió" in request.texts()[-1]
    await say(application, None, user_id=STAFF, document=document("junk", "lista.md", 1000), message_id=2)
    assert "Solo las personas administradoras" in request.texts()[-1]
    calls_before = len(request.sent("getFile"))
    await say(application, None, user_id=ADMIN, document=document("big", "grande.md", 50 * 1024 * 1024), message_id=3)
    assert "el máximo es" in request.texts()[-1]
    assert len(request.sent("getFile")) == calls_before  # refused before any download


async def test_heartbeat_feeds_the_health_check(
    shipped_engine: Engine,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import main

    beat = tmp_path / "heartbeat"
    application = build_application(
        settings(heartbeat_file=beat), shipped_engine, request=OfflineRequest(), clock=clock
    )
    monkeypatch.setenv("HEARTBEAT_FILE", str(beat))
    assert main(["health"]) == 1
    await application.initialize()
    assert application.post_init is not None and application.job_queue is not None
    await application.post_init(application)
    await application.start()  # starts the job queue, not polling
    try:
        assert "heartbeat" in [job.name for job in application.job_queue.jobs()]
        capsys.readouterr()
        assert main(["health"]) == 0 and capsys.readouterr().out.startswith("ok")
    finally:
        await application.stop()
        await application.shutdown()


async def test_resumen_sends_the_message_and_the_pdf(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "/resumen")
    assert "Resumen del cuarto informe trimestral 2020" in request.texts()[-1]
    assert request.sent("sendChatAction")[-1]["action"] == "upload_document"
    document = request.sent("sendDocument")[-1]
    payload = next(iter(document["__files__"].values()))
    assert payload.startswith(b"%PDF")
    assert document["__names__"] == ["resumen-CVOE-2020-T4.pdf"]
    await say(application, "/resumen segundo trimestre de 2019", message_id=2)
    reply = request.sent("sendMessage")[-1]
    assert "No tengo el informe" in reply["text"]
    assert [b["text"] for b in buttons(reply)] == ["resumen del cuarto trimestre de 2020"]


async def test_a_button_sent_by_one_process_is_answered_by_another(tmp_path: Path, clock: FakeClock) -> None:
    from seed.importer import import_file
    from tests.conftest import SHIPPED

    db = make_engine(fresh_url(tmp_path, "shared"))
    import_file(db, SHIPPED)
    first_request, second_request = OfflineRequest(), OfflineRequest()
    first = build_application(settings(), Engine(db), request=first_request, clock=clock)
    second = build_application(settings(), Engine(db), request=second_request, clock=clock)  # another process
    await first.initialize()
    await second.initialize()
    try:
        await say(first, "¿A qué sesiones faltó Rodríguez?")
        choice = buttons(first_request.sent("sendMessage")[-1])[1]
        await second.process_update(callback_update(second.bot, choice["callback_data"]))
        assert "Oscar Alejandro Rodríguez Paz" in second_request.texts()[-1]
        await second.process_update(callback_update(second.bot, "q:desconocido"))
        assert "ya no está disponible" in second_request.sent("answerCallbackQuery")[-1]["text"]
    finally:
        await first.shutdown()
        await second.shutdown()


async def test_admins_get_their_commands_in_ayuda_and_in_their_own_menu(
    bot_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
) -> None:
    application, request = bot_app
    assert application.post_init is not None
    await application.post_init(application)
    menus = request.sent("setMyCommands")
    scoped = [m for m in menus if "scope" in m]
    assert len(scoped) == 1
    scope = json.loads(scoped[0]["scope"]) if isinstance(scoped[0]["scope"], str) else scoped[0]["scope"]
    assert scope == {"type": "chat", "chat_id": ADMIN}
    commands = scoped[0]["commands"]
    commands = json.loads(commands) if isinstance(commands, str) else commands
    assert {"agendar", "reprogramar", "cancelar", "ayuda"} <= {c["command"] for c in commands}
    await say(application, "/ayuda", user_id=ADMIN)
    assert "/agendar" in request.texts()[-1] and "/recordatorios" in request.texts()[-1]
    assert "un informe (PDF, Word .docx, .md o .txt)" in request.texts()[-1]  # every form an admin may send
    await say(application, "/ayuda", message_id=2)
    assert "/recordatorios" in request.texts()[-1] and "/agendar" not in request.texts()[-1]


async def test_unknown_commands_point_to_ayuda(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "/foo <b>")
    assert "No conozco el comando <code>/foo</code>" in request.texts()[-1] and "/ayuda" in request.texts()[-1]
    before = len(request.texts())
    await say(application, "/foo@otro_bot", chat_id=-100, chat_type="group", message_id=2)
    assert len(request.texts()) == before  # another bot's command in a group: not ours to answer


async def test_an_admin_sends_the_published_pdf_and_confirms_a_refused_informe(
    admin_app: tuple[Application, OfflineRequest],  # type: ignore[type-arg]
) -> None:
    from tests.conftest import FIXTURES

    application, request = admin_app
    pdf = (FIXTURES / "publicado" / "cvoe_2020_t4.pdf").read_bytes()
    request.files["pdf"] = pdf
    await say(application, None, user_id=ADMIN, document=document("pdf", "informe.pdf", len(pdf)))
    assert "2020-T4 (nuevo)" in request.texts()[-1] and "11 acuerdos" in request.texts()[-1]
    damaged = (FIXTURES / "danados" / "sin_seccion_de_acuerdos.md").read_bytes()
    request.files["roto"] = damaged
    await say(application, None, user_id=ADMIN, document=document("roto", "informe.md", len(damaged)), message_id=2)
    refusal = request.sent("sendMessage")[-1]
    assert "No importé" in refusal["text"] and "no leí ningún acuerdo" in refusal["text"]
    [button] = buttons(refusal)
    assert button["text"] == "Importar de todos modos"
    await application.process_update(callback_update(application.bot, button["callback_data"], user_id=STAFF))
    assert "Solo las personas administradoras" in request.sent("answerCallbackQuery")[-1]["text"]
    await application.process_update(callback_update(application.bot, button["callback_data"], user_id=ADMIN))
    assert "2020-T4 (actualizado, forzado)" in request.texts()[-1]
    await application.process_update(callback_update(application.bot, button["callback_data"], user_id=ADMIN))
    assert "ya no está pendiente" in request.sent("answerCallbackQuery")[-1]["text"]


async def test_a_conversation_in_telegram_keeps_its_context(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "acuerdos de diciembre", chat_id=501, user_id=STAFF, message_id=1)
    await say(application, "¿y de octubre?", chat_id=501, user_id=STAFF, message_id=2)
    october = request.texts()[-1]
    assert "CVOE/043/20" in october and "CVOE/051/20" not in october
    await say(application, "¿quién faltó a la décima sesión?", chat_id=501, user_id=STAFF, message_id=3)
    await say(application, "¿y a la siguiente?", chat_id=501, user_id=STAFF, message_id=4)
    assert "Partido del Trabajo" in request.texts()[-1]  # the eleventh session
    await say(application, "¿y de octubre?", chat_id=502, user_id=STAFF, message_id=5)
    assert "CVOE/043/20" not in request.texts()[-1]  # another chat has no context


async def test_slash_commands_build_frames(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "/asistencia 12")
    twelfth = request.texts()[-1]
    assert "Décima segunda sesión ordinaria" in twelfth and "Décima primera" not in twelfth
    await say(application, "/sesiones 10", message_id=2)
    assert "lunes 26 de octubre de 2020" in request.texts()[-1]
    await say(application, "/acuerdos 49", message_id=3)
    assert "universidades" in request.texts()[-1]
    await say(application, "/asistencia 12 MORENA", message_id=4)  # the session number is kept with the name
    assert "MORENA</b> asistió a la décima segunda sesión ordinaria" in request.texts()[-1]
    await say(application, "/asistencia 26 de noviembre", message_id=5)  # a day, not the 26th session
    assert "Décima primera sesión ordinaria (jueves 26 de noviembre de 2020)" in request.texts()[-1]


async def test_the_clarifying_question_asks_once(bot_app: tuple[Application, OfflineRequest]) -> None:  # type: ignore[type-arg]
    application, request = bot_app
    await say(application, "¿A qué sesiones faltó Rodríguez?")
    text = request.texts()[-1]
    assert text.splitlines()[0] == "¿A quién te refieres?" and "Quisiste decir" not in text


async def test_a_pressed_choice_is_not_asked_about_again(both_engine: Engine) -> None:
    from tests.handler_kit import press_on

    request = OfflineRequest()
    clock = FakeClock(dt.datetime(2021, 6, 1, 18, 0, tzinfo=dt.UTC))
    application = build_application(settings(flood_burst=100), both_engine, request=request, clock=clock)
    await application.initialize()
    try:
        await say(application, "¿Rodríguez faltó a la primera sesión?")
        offered = request.sent("sendMessage")[-1]
        assert offered["text"].startswith("¿A quién y a cuál sesión te refieres?")  # asked once, both together
        await press_on(application, offered, buttons(offered)[0])  # ¿Félix Varela Rodríguez faltó a la primera…?
        answer = request.sent("sendMessage")[-1]["text"]
    finally:
        await application.shutdown()
    assert "te refieres" not in answer and "Varela" in answer  # one question, and the answer keeps the person
