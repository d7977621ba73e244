"""Benchmark the Telegram side: updates per second through the Application with an offline bot, and
the median round trip of a question through real polling against the fake Bot API on loopback.

Run from the project root: ``.venv/bin/python bench/telegram_bench.py``.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_application
from bot.engine import Engine
from bot.settings import Settings
from db.database import make_engine
from seed.importer import import_file, shipped_informes
from tests.fake_bot_api import FakeBotApi
from tests.telegram_fakes import TOKEN, OfflineRequest, message_update

QUESTIONS = [
    "¿Qué acuerdos se aprobaron en noviembre?",
    "acuerdo 46",
    "¿Quién faltó a la décima segunda sesión?",
    "¿Qué convenios se firmaron?",
    "¿Cuándo es la próxima sesión?",
]


async def offline_throughput(engine: Engine, updates: int) -> float:
    settings = Settings(bot_token=TOKEN, database_url="sqlite://", flood_burst=10**6)
    application = build_application(settings, engine, request=OfflineRequest(), rate_limited=False)
    await application.initialize()
    batch = [
        message_update(application.bot, QUESTIONS[n % len(QUESTIONS)], user_id=n % 50 + 1, message_id=n)
        for n in range(updates)
    ]
    start = time.perf_counter()
    for update in batch:
        await application.process_update(update)
    elapsed = time.perf_counter() - start
    await application.shutdown()
    return updates / elapsed


async def round_trips(engine: Engine, count: int, *, rate_limited: bool) -> list[float]:
    api = FakeBotApi(TOKEN)
    await api.start()
    settings = Settings(bot_token=TOKEN, telegram_api_url=api.url, database_url="sqlite://", flood_burst=10**6)
    application = build_application(settings, engine, rate_limited=rate_limited)
    await application.initialize()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=5)
    await application.start()
    trips = []
    for n in range(count):
        mark = len(api.calls)
        pushed = await api.say(QUESTIONS[n % len(QUESTIONS)], user_id=n % 20 + 1)
        _, arrived = await api.wait_for("sendMessage", after=mark)
        trips.append(arrived - pushed)
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    await api.stop()
    return trips


async def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        db = make_engine(f"sqlite:///{tmp}/bench.db")
        import_file(db, shipped_informes()[0])
        engine = Engine(db)
        rates = [await offline_throughput(engine, 2000) for _ in range(3)]
        print(
            f"Application con bot sin red: {statistics.median(rates):.0f} actualizaciones/s "
            f"(mediana de 3 corridas de 2000; sin limitador de salida)"
        )
        ms = 1000
        for limited in (True, False):
            trips = await round_trips(engine, 60, rate_limited=limited)
            label = "con limitador de 30 llamadas/s" if limited else "sin limitador"
            print(
                f"Ida y vuelta por HTTP local ({label}): mediana {statistics.median(trips) * ms:.1f} ms, "
                f"p95 {sorted(trips)[int(0.95 * len(trips))] * ms:.1f} ms (60 preguntas)"
            )


if __name__ == "__main__":
    asyncio.run(main())
