"""Benchmark: the bot with 100,000 subscribed chats (varied lead times), against the fake Bot API on loopback.

Measures (issue 11's bar: no handler waits more than 50 ms, start-up under 5 s):
- start-up of ``comisionbot run`` as a process, from launch until it polls Telegram (median of 3);
- how long the event loop is held while staff toggle reminders, change lead times, an admin schedules,
  reschedules and cancels sessions (each change a notice to every subscriber) and others ask questions,
  while the 5-minute reminders of a session about to start are sent: a probe task asks to wake every 5 ms
  and records how late it wakes (the wait any handler would have had), max and median;
- the round trip of a reminder toggle (button press → message edited), median and max;
- how long stopping takes with those fan-outs in flight, in process and for ``comisionbot run`` on SIGTERM,
  and that what was not sent is left unclaimed for the next start.

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
from sqlmodel import select

from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from db.database import make_engine, session_scope
from db.models import ReminderDelivery, ReminderSubscription
from db.queries import deliveries
from seed.importer import import_file, shipped_informes
from tests.fake_bot_api import FakeBotApi

TOKEN = "888:SCALE-BENCH"
AGENDAR_EVERY = 20
ADMIN = 7
LEAD_CHOICES = (
    [m * 60 for m in (5, 10, 15, 30, 45)] + [h * 3600 for h in range(1, 73)] + [d * 86400 for d in range(4, 31)]
)


def fill(url: str, chats: int) -> list[int]:
    """The shipped informe, three sessions 40–50 days ahead (no reminder due yet) and ``chats`` subscribers;
    returns the numbers of the scheduled sessions (the informe's held sessions come first)."""
    db = make_engine(url)
    import_file(db, shipped_informes()[0])
    now = dt.datetime.now(dt.UTC)
    zone = Settings().zone
    scheduled = []
    with session_scope(db) as session:
        for days, title in (
            (40, "Primera sesión ordinaria"),
            (45, "Segunda sesión ordinaria"),
            (50, "Tercera sesión ordinaria"),
        ):
            row, _ = calendar.schedule(
                now + dt.timedelta(days=days), f"{title} de 2099", zone, now=now, session=session
            )
            assert row.id is not None
            scheduled.append(row.id)
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
    return scheduled


def soon(url: str, seconds: float) -> int:
    """A session whose 5-minute reminders come due in ``seconds`` (to the chats that chose that lead)."""
    db = make_engine(url)
    now = dt.datetime.now(dt.UTC)
    with session_scope(db) as session:
        start = now + dt.timedelta(seconds=5 * 60 + seconds)
        row, _ = calendar.schedule(
            start, "Sesión de 2099 a punto de empezar", Settings().zone, now=now, session=session
        )
    db.dispose()
    assert row.id is not None
    return row.id


def left_owed(url: str) -> tuple[int, int]:
    """(claims still held, change notices still open) in the database after a stop."""
    db = make_engine(url, migrate=False)
    with session_scope(db) as session:
        rows = session.exec(select(ReminderDelivery.chat_id, ReminderDelivery.status)).all()
    db.dispose()
    held = sum(1 for chat, status in rows if status == deliveries.CLAIMED)
    open_notices = sum(
        1 for chat, status in rows if chat == deliveries.NOTICE_CHAT and status == deliveries.NOTICE_OPEN
    )
    return held, open_notices


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


def sent(api: FakeBotApi, words: str, after: int = 0) -> int:
    """Messages sent (after call number ``after``) whose text says ``words``."""
    return sum(1 for name, params, _ in api.calls[after:] if name == "sendMessage" and words in params.get("text", ""))


async def admin_says(api: FakeBotApi, text: str, expected: str) -> None:
    """An admin command, and the bot's confirmation (the bench fails loudly if the command did not work)."""
    mark = len(api.calls)
    await api.say(text, user_id=ADMIN)
    reply, _ = await api.wait_for("sendMessage", lambda p: int(p["chat_id"]) == ADMIN, after=mark, timeout=30)
    assert expected in reply["text"], reply["text"]


async def handler_waits(
    url: str, api: FakeBotApi, chats: int, scheduled: list[int]
) -> tuple[list[float], list[float], float, float, dict[str, int]]:
    """(loop lags, toggle round trips, in-process start-up seconds, seconds to stop, messages sent) while staff
    and an admin use the bot, reminders are due and change notices go out."""
    settings = Settings(
        bot_token=TOKEN,
        telegram_api_url=api.url,
        database_url=url,
        allowed_user_ids="*",
        admin_user_ids=str(ADMIN),
        flood_burst=1000,
    )
    soon(url, 4.0)  # its reminders come due a few seconds into the measurement
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
    begun = len(api.calls)
    stop_seconds = 0.0
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
        await admin_says(api, f"/reprogramar {scheduled[0]} 2099-01-05 10:00", "Reprogramé")
        await admin_says(api, f"/cancelar {scheduled[1]}", "Cancelé")
        await asyncio.sleep(3.0)  # both notices on their way to every subscriber
    finally:
        probe.running = False
        await probing
        await application.updater.stop()
        stopping = time.perf_counter()
        await application.stop()
        stop_seconds = time.perf_counter() - stopping
        await application.shutdown()
    counts = {
        "recordatorios": sent(api, "Recordatorio", begun),
        "avisos": sent(api, "reprogramada", begun) + sent(api, "cancelada", begun),
    }
    return probe.lags, trips, startup, stop_seconds, counts


async def process_stop(url: str, api: FakeBotApi, tmp: str, session_id: int) -> tuple[float, int]:
    """Seconds from SIGTERM to exit of ``comisionbot run`` while it sends a notice to every subscriber, and how
    many it sent before."""
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.url,
        "DATABASE_URL": url,
        "ALLOWED_USER_IDS": "*",
        "ADMIN_USER_IDS": str(ADMIN),
        "HEARTBEAT_FILE": f"{tmp}/latido",
    }
    mark = len(api.calls)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await api.wait_for("deleteWebhook", after=mark, timeout=120)
    await admin_says(api, f"/reprogramar {session_id} 2099-02-05 10:00", "Reprogramé")
    await api.wait_for("sendMessage", lambda p: "reprogramada" in p.get("text", ""), after=mark, timeout=60)
    await asyncio.sleep(2.0)
    stopping = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 600)
    return time.perf_counter() - stopping, sent(api, "reprogramada", mark)


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
        scheduled = fill(url, chats)
        print(f"Base con {chats} chats suscritos preparada en {time.perf_counter() - filling:.1f} s")
        api = FakeBotApi(TOKEN)
        await api.start()
        try:
            starts = [await process_start(url, api, tmp) for _ in range(3)]
            lags, trips, startup, stop_seconds, counts = await handler_waits(url, api, chats, scheduled)
            held, open_notices = left_owed(url)
            sigterm, before_sigterm = await process_stop(url, api, tmp, scheduled[2])
            held_after, open_after = left_owed(url)
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
    print(
        f"Enviados durante la medición: {counts['recordatorios']} recordatorios de 5 minutos y "
        f"{counts['avisos']} avisos de cambio (de {2 * chats})"
    )
    print(
        f"Detener la Application con los envíos en curso: {stop_seconds:.2f} s; después, reclamos retenidos: "
        f"{held}, avisos pendientes para el siguiente arranque: {open_notices}"
    )
    print(
        f"SIGTERM a «comisionbot run» a mitad de un aviso a todos ({before_sigterm} enviados): terminó en "
        f"{sigterm:.2f} s; reclamos retenidos: {held_after}, avisos pendientes: {open_after}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Mide esperas y arranque con muchos chats suscritos.")
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--database", default="", help="DATABASE_URL (por omisión, SQLite temporal)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.chats, arguments.database))
