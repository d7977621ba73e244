"""Benchmark: one session's reminders fanned out to 5,000 subscribed chats through the real outgoing
rate limiter, against the fake Bot API on loopback. Telegram allows about 30 messages per second, so
the floor is 5,000 / 30 ≈ 167 s. Reports the time, its ratio to the floor, duplicates and losses.

Run from the project root: ``.venv/bin/python bench/reminders_bench.py [--chats 5000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.reminders import ReminderBook
from bot.settings import Settings
from db.database import make_engine, session_scope
from handlers.reminder_jobs import ReminderScheduler
from tests.fake_bot_api import FakeBotApi

TOKEN = "777:BENCH"
TELEGRAM_RATE = 30.0


async def fan_out(db_url: str, chats: int) -> tuple[float, int, int, int]:
    """Send one session's reminders to ``chats`` subscribers; (seconds, sent, duplicates, lost)."""
    api = FakeBotApi(TOKEN)
    await api.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = make_engine(db_url)
        settings = Settings(
            bot_token=TOKEN, telegram_api_url=api.url, database_url=db_url, heartbeat_file=Path(tmp) / "beat"
        )
        application = build_application(settings, Engine(db))
        await application.initialize()
        now = dt.datetime.now(dt.UTC)
        book = ReminderBook(db, default_leads=(3600,))
        for chat in range(1, chats + 1):
            book.subscribe(10_000 + chat, now)
        with session_scope(db) as session:
            calendar.schedule(
                now + dt.timedelta(hours=2), "Primera sesión ordinaria", settings.zone, now=now, session=session
            )
        batch = book.batches(now)[0]
        assert application.job_queue is not None
        clock = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
        scheduler = ReminderScheduler(application.job_queue, application.bot, book, clock, settings.zone)
        start = time.perf_counter()
        outcome = await book.deliver(batch, scheduler.send, lambda: dt.datetime.now(dt.UTC))
        elapsed = time.perf_counter() - start
        await application.shutdown()
    await api.stop()
    received = Counter(str(params["chat_id"]) for name, params, _ in api.calls if name == "sendMessage")
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    return elapsed, len(outcome.sent), duplicates, chats - len(received)


async def main(chats: int, db_url: str) -> None:
    logging.basicConfig(level=logging.ERROR)
    elapsed, sent, duplicates, lost = await fan_out(db_url, chats)
    floor = chats / TELEGRAM_RATE
    print(f"chats: {chats}, enviados: {sent}")
    print(
        f"tiempo: {elapsed:.1f} s; mínimo a 30 mensajes/s: {floor:.1f} s; razón {elapsed / floor:.3f} "
        f"({(elapsed / floor - 1) * 100:+.1f} %)"
    )
    print(f"duplicados: {duplicates}, perdidos: {lost}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Mide el envío de recordatorios a muchos chats.")
    parser.add_argument("--chats", type=int, default=5000)
    parser.add_argument("--database", default="", help="DATABASE_URL (por omisión, SQLite temporal)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(main(arguments.chats, arguments.database or f"sqlite:///{folder}/bench.db"))
