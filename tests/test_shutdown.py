"""Stopping the bot in the middle of a fan-out: it stops at once, and the next start serves the rest."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, select
from telegram.ext import Application

from bot import calendar
from bot.app import build_application
from bot.engine import Engine
from bot.reminders import NOTICE_RESCHEDULED
from bot.settings import Settings
from db.database import session_scope
from db.models import ReminderDelivery
from db.queries import deliveries
from tests.handler_kit import FakeClock
from tests.telegram_fakes import TOKEN, OfflineRequest, message_update

ADMIN = 7
CHATS = list(range(500, 540))
NOW = dt.datetime(2031, 1, 10, 18, 0, tzinfo=dt.UTC)


class GatedRequest(OfflineRequest):
    """Sends go through until ``open_sends`` have; the next one waits at the gate (a send Telegram is slow to
    take, or the limiter holds), and says so."""

    def __init__(self, open_sends: int) -> None:
        super().__init__()
        self.open_sends = open_sends
        self.gate = asyncio.Event()
        self.waiting = asyncio.Event()

    async def do_request(self, url: str, method: str, request_data: Any = None, **kwargs: Any) -> tuple[int, bytes]:
        text = str(request_data.parameters.get("text", "")) if request_data is not None else ""
        if "reprogramada" in text and len(notices(self)) >= self.open_sends:
            self.waiting.set()
            await self.gate.wait()
        return await super().do_request(url, method, request_data, **kwargs)


def notices(request: OfflineRequest) -> list[int]:
    return [int(p["chat_id"]) for p in request.sent("sendMessage") if "reprogramada" in p["text"]]


def rows(db: SqlEngine) -> list[ReminderDelivery]:
    with Session(db) as session:
        return list(session.exec(select(ReminderDelivery)).all())


async def started(db: SqlEngine, request: OfflineRequest) -> Application:  # type: ignore[type-arg]
    settings = Settings(
        bot_token=TOKEN, database_url="sqlite://", admin_user_ids=frozenset({ADMIN}), allowed_user_ids="*"
    )
    application = build_application(settings, Engine(db), request=request, clock=FakeClock(NOW))
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    return application


async def test_a_stop_during_a_notice_fan_out_is_prompt_and_the_next_start_serves_the_rest(db: SqlEngine) -> None:
    with session_scope(db) as session:
        row, _ = calendar.schedule(
            NOW + dt.timedelta(days=5), "Sesión", ZoneInfo("America/Mexico_City"), now=NOW, session=session
        )
    first = GatedRequest(open_sends=5)
    application = await started(db, first)
    for chat in CHATS:
        application.bot_data.services.book.subscribe(chat, NOW)
    await application.start()  # the job queue runs the notice's fan-out
    stopping: asyncio.Task[None] | None = None
    try:
        update = message_update(application.bot, f"/reprogramar {row.id} 2031-01-20 10:00", user_id=ADMIN)
        await application.process_update(update)
        await asyncio.wait_for(first.waiting.wait(), 20)  # five sent, the sixth in flight
        stopping = asyncio.create_task(application.stop())
        first.gate.set()  # the send in flight completes…
        await asyncio.wait_for(stopping, 10)  # …and the stop does not wait for the other 34 chats
    finally:
        if stopping is None:
            await application.stop()
        await application.shutdown()
    served = notices(first)
    assert len(served) == 6
    statuses = [(r.chat_id, r.status) for r in rows(db) if r.lead_seconds == NOTICE_RESCHEDULED]
    assert sorted(chat for chat, status in statuses if status == deliveries.SENT) == sorted(served)
    assert not [chat for chat, status in statuses if status == deliveries.CLAIMED]  # nothing held by the stopped bot
    assert (deliveries.NOTICE_CHAT, deliveries.NOTICE_OPEN) in statuses  # the fan-out is still owed

    second = OfflineRequest()
    restarted = await started(db, second)  # its start takes the notice up again (the jobs are run by hand)
    try:
        assert restarted.job_queue is not None
        for job in [j for j in restarted.job_queue.jobs() if (j.name or "").startswith("aviso:")]:
            await job.run(restarted)
    finally:
        await restarted.shutdown()
    assert sorted(served + notices(second)) == CHATS  # every chat once: none skipped, none twice
    statuses = [(r.chat_id, r.status) for r in rows(db) if r.lead_seconds == NOTICE_RESCHEDULED]
    assert (deliveries.NOTICE_CHAT, deliveries.NOTICE_DONE) in statuses
