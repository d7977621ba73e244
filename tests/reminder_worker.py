"""A bot process that delivers every due reminder once and exits (for the several-instances test).

Reads BOT_TOKEN, TELEGRAM_API_URL and DATABASE_URL like ``comisionbot run``.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.app import build_application
from bot.engine import Engine
from bot.reminders import ReminderBook
from bot.settings import Settings
from db.database import make_engine
from handlers.reminder_jobs import ReminderScheduler


async def main() -> None:
    settings = Settings()
    db = make_engine(settings.database_url)
    application = build_application(settings, Engine(db), rate_limited=False)
    await application.initialize()
    book = ReminderBook(db)

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    assert application.job_queue is not None
    scheduler = ReminderScheduler(application.job_queue, application.bot, book, clock, settings.zone)
    sent = 0
    for batch in book.batches(clock()):
        if batch.due_at <= clock():
            sent += len((await book.deliver(batch, scheduler.send, clock)).sent)
    await application.shutdown()
    print(f"enviados {sent}")


if __name__ == "__main__":
    asyncio.run(main())
