"""Benchmark: the bot with 100,000 subscribed chats (varied lead times), against the fake Bot API on loopback.

Measures (issue 11's bar: no handler waits more than 50 ms, start-up under 5 s):
- start-up of ``comisionbot run`` as a process, from launch until it polls Telegram (median of 3);
- how long the event loop is held while staff toggle reminders, change lead times, an admin schedules,
  reschedules and cancels sessions, and others ask questions: a probe task asks to wake every 5 ms and
  records how late it wakes (the wait any handler would have had), max and median;
- the round trip of a reminder toggle (button press → message edited), median and max.

Run from the project root: ``.venv/bin/python bench/scale_bench.py [--chats 100000] [--database URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from db.database import make_engine, session_scope
from db.models import ReminderSubscription
from seed.importer import import_file, shipped_informes
from tests.fake_bot_api import FakeBotApi

TOKEN = "888:SCALE-BENCH"
AGENDAR_EVERY = 20
ADMIN = 7
LEAD_CHOICES = (
    [m * 60 for m in (5, 10, 15, 30, 45)] + [h * 3600 for h in range(1, 73)] + [d * 86400 for d in range(4, 31)]
)


def fill(url: str, chats: int) -> None:
    """The shipped informe, three sessions 40–50 days ahead (no reminder due yet) and ``chats`` subscribers."""
    db = make_engine(url)
    import_file(db, shipped_informes()[0])
    now = dt.datetime.now(dt.UTC)
    zone = Settings().zone
    with session_scope(db) as session:
        for days, title in (
            (40, "Primera sesión ordinaria"),
            (45, "Segunda sesión ordinaria"),
            (50, "Tercera sesión ordinaria"),
        ):
            calendar.schedule(now + dt.timedelta(days=days), f"{title} de 2099", zone, now=now, session=session)
    rng = random.Random(11)
    rows = [
        {
            "chat_id": 1_000_000 + n,
            "enabled": True,
            "blocked": False,
            "leads": ",".join(str(x) for x in sorted(rng.sample(LEAD_CHOICES, rng.randint(1, 3)), reverse=True)),
            "updated_at": now,
        }
        for n in range(chats)
    ]
    with db.begin() as connection:
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(ReminderSubscription), rows[start : start + 10_000])
    db.dispose()


async def process_start(url: str, api: FakeBotApi, tmp: str) -> float:
    """Seconds from launching ``comisionbot run`` until it polls the fake Bot API."""
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.url,
        "DATABASE_URL": url,
        "ALLOWED_USER_IDS": "*",
        "HEARTBEAT_FILE": f"{tmp}/latido",
    }
    mark = len(api.calls)
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await api.wait_for("deleteWebhook", after=mark, timeout=120)  # the last call before polling starts
    elapsed = time.perf_counter() - started
    process.send_signal(signal.SIGINT)
    await asyncio.wait_for(process.wait(), 60)
    return elapsed


class LoopProbe:
    """Wakes every ``period`` seconds and records how late: what any handler would have waited."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.lags: list[float] = []
        self.running = True

    async def run(self) -> None:
        while self.running:
            asked = time.perf_counter()
            await asyncio.sleep(self.period)
            self.lags.append(time.perf_counter() - asked - self.period)


async def handler_waits(url: str, api: FakeBotApi, chats: int) -> tuple[list[float], list[float], float]:
    """(loop lags, toggle round trips, in-process start-up seconds) while staff and an admin use the bot."""
    settings = Settings(
        bot_token=TOKEN,
        telegram_api_url=api.url,
        database_url=url,
        allowed_user_ids="*",
        admin_user_ids=str(ADMIN),
        flood_burst=1000,
    )
    started = time.perf_counter()
    db = make_engine(url)
    application = build_application(settings, Engine(db))
    await application.initialize()
    assert application.post_init is not None and application.updater is not None
    await application.post_init(application)
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    startup = time.perf_counter() - started
    probe = LoopProbe()
    probing = asyncio.create_task(probe.run())
    trips: list[float] = []
    rng = random.Random(5)
    try:
        for n in range(60):
            chat = 1_000_000 + rng.randrange(chats)
            mark = len(api.calls)
            pressed = time.perf_counter()
            await api.press("rec:off" if n % 2 else "rec:on", user_id=chat)
            await api.wait_for("editMessageText", lambda p, c=chat: int(p["chat_id"]) == c, after=mark, timeout=30)
            trips.append(time.perf_counter() - pressed)
            if n % 10 == 0:
                await api.say("/recordatorios 48h,2h,30m", user_id=chat)
                await api.say("¿Qué acuerdos se aprobaron en noviembre?", user_id=chat + 1)
            if n % AGENDAR_EVERY == 0:
                mark = len(api.calls)
                day = dt.date.today() + dt.timedelta(days=20 + n)
                await api.say(f"/agendar {day:%Y-%m-%d} 10:00 Sesión de prueba {n}", user_id=ADMIN)
                await api.wait_for("sendMessage", lambda p: int(p["chat_id"]) == ADMIN, after=mark, timeout=30)
            await asyncio.sleep(0.05)
        mark = len(api.calls)
        await api.say("/reprogramar 1 2099-01-05 10:00", user_id=ADMIN)
        await api.say("/cancelar 2", user_id=ADMIN)
        await asyncio.sleep(1.0)
    finally:
        probe.running = False
        await probing
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
    return probe.lags, trips, startup


async def main(chats: int, database: str) -> None:
    logging.basicConfig(level=logging.ERROR)
    if os.environ.get("BENCH_DEBUG"):  # name any callback that holds the loop over 30 ms
        loop = asyncio.get_running_loop()
        loop.set_debug(True)
        loop.slow_callback_duration = 0.03
        logging.getLogger("asyncio").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = database or f"sqlite:///{tmp}/escala.db"
        filling = time.perf_counter()
        fill(url, chats)
        print(f"Base con {chats} chats suscritos preparada en {time.perf_counter() - filling:.1f} s")
        api = FakeBotApi(TOKEN)
        await api.start()
        try:
            starts = [await process_start(url, api, tmp) for _ in range(3)]
            lags, trips, startup = await handler_waits(url, api, chats)
        finally:
            await api.stop()
    ms = 1000
    p99 = sorted(lags)[int(0.99 * len(lags))]
    print(
        f"Arranque de «comisionbot run» hasta sondear Telegram: mediana {statistics.median(starts):.2f} s, "
        f"máximo {max(starts):.2f} s (3 arranques)"
    )
    print(f"Arranque dentro del proceso (Application y recordatorios): {startup:.2f} s")
    print(
        f"Espera del bucle de eventos (lo que esperaría un handler): máximo {max(lags) * ms:.1f} ms, "
        f"mediana {statistics.median(lags) * ms:.2f} ms, p99 {p99 * ms:.1f} ms ({len(lags)} muestras)"
    )
    print(
        f"Activar/desactivar recordatorios, ida y vuelta: mediana {statistics.median(trips) * ms:.1f} ms, "
        f"máximo {max(trips) * ms:.1f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Mide esperas y arranque con muchos chats suscritos.")
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--database", default="", help="DATABASE_URL (por omisión, SQLite temporal)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.chats, arguments.database))
