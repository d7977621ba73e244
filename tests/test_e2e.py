"""End to end over loopback HTTP: the bot's real networking against a fake Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import sys
import time
from asyncio.subprocess import PIPE, STDOUT
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from tests.conftest import fresh_url
from tests.fake_bot_api import FakeBotApi

TOKEN = "424242:E2E-TOKEN"
MX = ZoneInfo("America/Mexico_City")
STAFF, STRANGER = 1, 66


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(TOKEN)
    await server.start()
    yield server
    await server.stop()


async def test_the_fake_api_answers_a_waiting_long_poll_when_it_stops() -> None:
    """A long poll left by a bot that is gone must not hold the fake server's shutdown until its timeout."""
    server = FakeBotApi(TOKEN)
    url = await server.start()
    async with aiohttp.ClientSession() as client:
        poll = asyncio.create_task(client.get(f"{url}/bot{TOKEN}/getUpdates", params={"timeout": "30"}))
        await asyncio.sleep(0.3)  # the poll is waiting for updates
        started = time.perf_counter()
        await server.stop()
        assert time.perf_counter() - started < 5
        assert (await (await poll).json())["result"] == []


def e2e_settings(api: FakeBotApi) -> Settings:
    return Settings(
        bot_token=TOKEN,
        telegram_api_url=api.url,
        database_url="sqlite://",
        allowed_user_ids=frozenset({STAFF}),
        admin_user_ids=frozenset(),
        flood_burst=100,
    )


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in params.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def test_a_staff_conversation_over_real_polling(api: FakeBotApi, shipped_engine: Engine) -> None:
    application: Application = build_application(e2e_settings(api), shipped_engine)  # type: ignore[type-arg]
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    try:
        await api.wait_for("setMyCommands")
        mark = len(api.calls)
        await api.say("/start")
        welcome, _ = await api.wait_for("sendMessage", after=mark)
        assert "Comisión Permanente" in welcome["text"] and len(buttons(welcome)) == 3

        mark = len(api.calls)
        await api.say("¿Qué acuerdos se aprobaron en noviembre?")
        await api.wait_for("sendChatAction", after=mark)
        answer, _ = await api.wait_for("sendMessage", lambda p: "CVOE/050/20" in p["text"], after=mark)
        assert all(f"CVOE/0{n}/20" in answer["text"] for n in range(46, 51))

        mark = len(api.calls)
        await api.press(buttons(welcome)[1]["callback_data"])
        await api.wait_for("answerCallbackQuery", after=mark)
        pressed, _ = await api.wait_for("sendMessage", after=mark)
        assert "Encuentro Solidario" in pressed["text"]

        mark = len(api.calls)
        await api.say("/resumen")
        summary, _ = await api.wait_for("sendMessage", after=mark)
        assert "11" in summary["text"] and "Contraloría" in summary["text"]

        mark = len(api.calls)
        await api.say("¿Qué acuerdos se aprobaron en noviembre?", user_id=STRANGER)
        refusal, _ = await api.wait_for("sendMessage", after=mark)
        assert "solo para el personal" in refusal["text"] and "CVOE" not in refusal["text"]

        # Round-trip time of a question: pushed to getUpdates → answer received by the server.
        trips = []
        for _ in range(10):
            mark = len(api.calls)
            pushed = await api.say("acuerdo 46")
            _, arrived = await api.wait_for("sendMessage", after=mark)
            trips.append(arrived - pushed)
        assert statistics.median(trips) < 2.0

        # sendDocument goes out as multipart.
        await application.bot.send_document(STAFF, document=b"hola", filename="prueba.txt")
        assert api.documents[-1] == ("prueba.txt", b"hola")
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_round_trip(api: FakeBotApi, shipped_engine: Engine) -> None:
    application: Application = build_application(e2e_settings(api), shipped_engine)  # type: ignore[type-arg]
    port = free_port()
    await application.initialize()
    assert application.updater is not None
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram",
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        secret_token="s3creto",
    )
    await application.start()
    try:
        assert api.webhook is not None and api.webhook["url"].endswith("/telegram")
        update = {
            "update_id": 77,
            "message": {
                "message_id": 5,
                "date": int(time.time()),
                "chat": {"id": STAFF, "type": "private"},
                "from": {"id": STAFF, "is_bot": False, "first_name": "Ana"},
                "text": "acuerdo 49",
            },
        }
        async with aiohttp.ClientSession() as http:
            refused = await http.post(f"http://127.0.0.1:{port}/telegram", json=update)
            assert refused.status == 403  # no secret token
            accepted = await http.post(
                f"http://127.0.0.1:{port}/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3creto"}
            )
            assert accepted.status == 200
        answer, _ = await api.wait_for("sendMessage")
        assert "CVOE/049/20" in answer["text"] and "universidades" in answer["text"]
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def test_comisionbot_run_answers_staff_and_refuses_strangers(api: FakeBotApi, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.url,
        "ALLOWED_USER_IDS": str(STAFF),
        "DATABASE_URL": fresh_url(tmp_path, "run"),
        "HEARTBEAT_FILE": str(tmp_path / "latido"),
    }
    env.pop("WEBHOOK_URL", None)

    async def health() -> tuple[int | None, str]:
        checked = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "health", env=env, cwd=tmp_path, stdout=PIPE, stderr=STDOUT
        )
        said, _ = await checked.communicate()
        return checked.returncode, said.decode()

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await api.wait_for("setMyCommands", timeout=60)
        mark = len(api.calls)
        await api.say("¿Qué acuerdos se aprobaron en noviembre?")
        answer, _ = await api.wait_for("sendMessage", after=mark, timeout=30)
        assert all(f"CVOE/0{n}/20" in answer["text"] for n in range(46, 51))
        mark = len(api.calls)
        await api.say("¿Qué acuerdos se aprobaron en noviembre?", user_id=STRANGER)
        refusal, _ = await api.wait_for("sendMessage", after=mark, timeout=30)
        assert "solo para el personal" in refusal["text"]
        code, said = await health()
        assert code == 0 and said.startswith("ok"), said
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
    assert "listo" in output.decode()
    code, said = await health()  # stopped: no heartbeat left behind to look alive
    assert code == 1 and "Sin latido" in said, said


async def test_a_reminder_reaches_a_subscriber_once_across_a_restart(api: FakeBotApi, tmp_path: Path) -> None:
    import datetime as dt

    from bot import calendar
    from db.database import make_engine, session_scope

    url = fresh_url(tmp_path, "reminders")
    db = make_engine(url)
    settings = Settings(
        bot_token=TOKEN,
        telegram_api_url=api.url,
        database_url=url,
        reminder_leads="1m",
        allowed_user_ids=frozenset({STAFF}),
        heartbeat_file=tmp_path / "beat",
        flood_burst=100,
    )

    async def start_bot() -> Application:  # type: ignore[type-arg]
        application: Application = build_application(settings, Engine(db))  # type: ignore[type-arg]
        await application.initialize()
        assert application.post_init is not None and application.updater is not None
        await application.post_init(application)
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        await application.start()
        return application

    async def stop_bot(application: Application) -> None:  # type: ignore[type-arg]
        assert application.updater is not None
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    first = await start_bot()
    mark = len(api.calls)
    await api.say("/recordatorios on")
    await api.wait_for("sendMessage", lambda p: "activados" in p["text"], after=mark)
    # A session a minute ahead, added as the CLI would (another process, straight to the database).
    now = dt.datetime.now(dt.UTC)
    starts = now.replace(microsecond=0) + dt.timedelta(seconds=63)
    with session_scope(db) as session:
        calendar.schedule(starts, "Sesión de prueba", settings.zone, now=now, session=session)
    await stop_bot(first)  # the bot restarts before the reminder (due 60 s before the start) is due

    second = await start_bot()
    reminder, _ = await api.wait_for("sendMessage", lambda p: "Recordatorio" in p["text"], timeout=20)
    assert str(reminder["chat_id"]) == str(STAFF) and "Sesión de prueba" in reminder["text"]
    await stop_bot(second)

    third = await start_bot()  # and again after it was sent: nothing is repeated
    await asyncio.sleep(1.0)
    await stop_bot(third)
    assert sum("Recordatorio" in text for text in api.texts()) == 1


async def test_two_processes_share_one_database_and_send_each_reminder_once(api: FakeBotApi, tmp_path: Path) -> None:
    import datetime as dt
    from collections import Counter

    from bot import calendar
    from bot.reminders import ReminderBook
    from db.database import make_engine, session_scope

    url = fresh_url(tmp_path, "instances")
    db = make_engine(url)
    now = dt.datetime.now(dt.UTC)
    book = ReminderBook(db, default_leads=(3600,))
    chats = list(range(20_001, 21_001))
    for chat in chats:
        book.subscribe(chat, now - dt.timedelta(hours=2))
    with session_scope(db) as session:  # the 1 h reminder is already due
        calendar.schedule(now + dt.timedelta(minutes=30), "Sesión con mil recordatorios", MX, now=now, session=session)
    env = {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "DATABASE_URL": url}
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.reminder_worker",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    outputs = [(await asyncio.wait_for(w.communicate(), 240))[0].decode() for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    received = Counter(int(params["chat_id"]) for name, params, _ in api.calls if name == "sendMessage")
    assert set(received) == set(chats) and set(received.values()) == {1}
    per_worker = [int(out.split("enviados")[-1]) for out in outputs]
    assert sum(per_worker) == 1000 and all(n > 0 for n in per_worker), per_worker
    assert len(book.delivered()) == 1000
