"""Issue 11's bars, shown by the real bot process (``comisionbot run``) over HTTP against the fake Bot API,
as staff, admin and stranger would use it."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from db.database import make_engine
from db.models import CommissionSession, ReminderSubscription
from tests.conftest import fresh_url
from tests.fake_bot_api import FakeBotApi

TOKEN = "424242:BARS-TOKEN"
STAFF, ADMIN, STRANGER = 1, 7, 66
MX = ZoneInfo("America/Mexico_City")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(TOKEN)
    await server.start()
    yield server
    await server.stop()


class BotProcess:
    """``python -m bot.cli run`` with its own database, started and stopped like a deployment would."""

    def __init__(self, api: FakeBotApi, tmp_path: Path) -> None:
        self.api = api
        self.url = fresh_url(tmp_path, "bars")
        self.env = {
            **os.environ,
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api.url,
            "ALLOWED_USER_IDS": str(STAFF),
            "ADMIN_USER_IDS": str(ADMIN),
            "DATABASE_URL": self.url,
            "HEARTBEAT_FILE": str(tmp_path / "latido"),
        }
        self.env.pop("WEBHOOK_URL", None)
        self.cwd = tmp_path
        self.process: asyncio.subprocess.Process | None = None
        self.output = ""

    async def start(self) -> None:
        mark = len(self.api.calls)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=self.env,
            cwd=self.cwd,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        await self.api.wait_for("setMyCommands", after=mark, timeout=60)
        await self.api.wait_for("deleteWebhook", after=mark, timeout=30)  # polling has started

    async def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(self.process.communicate(), 30)
        self.output += output.decode()
        return self.process.returncode or 0

    async def ask(self, text: str, *, user_id: int = STAFF, **extra: Any) -> dict[str, Any]:
        mark = len(self.api.calls)
        await self.api.say(text, user_id=user_id, **extra)
        reply, _ = await self.api.wait_for(
            "sendMessage", lambda p: int(p["chat_id"]) == user_id, after=mark, timeout=30
        )
        return reply


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path)
    await process.start()
    yield process
    if process.process is not None and process.process.returncode is None:
        await process.stop()


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in params.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def test_bars_as_staff_admin_and_stranger(api: FakeBotApi, bot: BotProcess) -> None:
    # A stranger gets no data and sees his id; a flooding stranger gets at most 5 messages.
    refusal = await bot.ask("¿Qué acuerdos se aprobaron en noviembre?", user_id=STRANGER)
    assert "CVOE" not in refusal["text"] and str(STRANGER) in refusal["text"]
    for n in range(30):
        await api.say(f"acuerdo {n}", user_id=STRANGER)
    await bot.ask("acuerdo 46")  # the bot has worked through the flood by the time staff is answered
    to_stranger = [p for name, p, _ in api.calls if name == "sendMessage" and int(p["chat_id"]) == STRANGER]
    assert 1 <= len(to_stranger) <= 5 and not any("CVOE" in p["text"] for p in to_stranger)

    # Unknown commands are answered; echoes are escaped (Telegram, like this fake, refuses bad HTML).
    assert "/ayuda" in (await bot.ask("/foo"))["text"]
    assert "&lt;b&gt;" in (await bot.ask("/recordatorios <b>"))["text"]
    assert "&amp; luego" in (await bot.ask("/reprogramar 7 ‹mañana> & luego", user_id=ADMIN))["text"]
    assert "&lt;Sesión&gt;" in (await bot.ask("/agendar 2031-01-21 10:00 <Sesión> & <i>más", user_id=ADMIN))["text"]
    assert api.rejected == []

    # "mañana a las 10" is stored as 10:00 local.
    confirmed = await bot.ask("/agendar mañana a las 10 Sesión de prueba", user_id=ADMIN)
    tomorrow = dt.datetime.now(MX).date() + dt.timedelta(days=1)
    assert f"{tomorrow:%d/%m/%Y} a las 10:00 h" in confirmed["text"]
    with Session(make_engine(bot.url, migrate=False)) as session:
        row = session.exec(select(CommissionSession).where(CommissionSession.title == "Sesión de prueba")).one()
    assert row.starts_at is not None
    stored = row.starts_at.replace(tzinfo=dt.UTC) if row.starts_at.tzinfo is None else row.starts_at
    assert stored.astimezone(MX) == dt.datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=MX)

    # No reminder burst on subscribing: a session 70 minutes ahead, then "Activar" and new lead times.
    soon = dt.datetime.now(MX) + dt.timedelta(minutes=70)
    await bot.ask(f"/agendar {soon:%Y-%m-%d %H:%M} Sesión en una hora", user_id=ADMIN)
    state = await bot.ask("/recordatorios")
    mark = len(api.calls)
    await api.press(buttons(state)[0]["callback_data"], user_id=STAFF)
    await api.wait_for("editMessageText", lambda p: "activados" in p["text"], after=mark, timeout=30)
    assert "activados" in (await bot.ask("/recordatorios 48h,2h"))["text"]
    await asyncio.sleep(2.0)
    assert not any("Recordatorio" in text for text in api.texts())

    # Every button press is acknowledged, even past the flood limit.
    welcome = await bot.ask("/start")
    choice = buttons(welcome)[0]["callback_data"]
    mark = len(api.calls)
    for _ in range(16):
        await api.press(choice, user_id=STAFF)
    for _ in range(16):
        await api.wait_for("answerCallbackQuery", after=mark, timeout=30)
        mark = next(i for i, call in enumerate(api.calls) if i >= mark and call[0] == "answerCallbackQuery") + 1
    assert api.rejected == []

    # An absurd lead time is refused, and the bot restarts fine.
    await asyncio.sleep(2.5)  # the presses spent this person's burst: one question every 2 s is fine again
    refused = await bot.ask("/recordatorios 3000000d")
    assert "no es válida" in refused["text"]
    assert await bot.stop() == 0, bot.output
    with Session(make_engine(bot.url, migrate=False)) as session:  # what an older version let through
        session.add(ReminderSubscription(chat_id=99, leads="259200000000", updated_at=dt.datetime.now(dt.UTC)))
        session.commit()
    await bot.start()
    assert "CVOE/046/20" in (await bot.ask("acuerdo 46"))["text"]
    assert "Agendé" in (await bot.ask("/agendar 2031-02-21 10:00 Otra sesión", user_id=ADMIN))["text"]
    assert await bot.stop() == 0, bot.output
    assert "Traceback" not in bot.output and TOKEN not in bot.output


async def test_a_scheduled_session_does_not_hide_the_informe(api: FakeBotApi, bot: BotProcess) -> None:
    now = dt.datetime.now(MX)
    await bot.ask(f"/agendar {now + dt.timedelta(days=1):%Y-%m-%d} 10:00 Sesión de este mes", user_id=ADMIN)
    answer = await bot.ask("¿Qué acuerdos se aprobaron en noviembre?")
    assert "CVOE/046/20" in answer["text"]
