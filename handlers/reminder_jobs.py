"""Keep the JobQueue's reminder timers in step with the database, and send reminders through Telegram.

python-telegram-bot's JobQueue forgets its jobs on every restart, so jobs are only a cache of what the
database says. There is one timer per upcoming session, armed at its next reminder moment; when it fires
the book says who is due (each chat's nearest passed reminder) and the timer is armed again for the next
moment. Changes are incremental: a subscription change only arms earlier timers for that chat's moments,
a calendar change only re-plans that session, so neither costs more with many chats. A periodic resync
picks up changes made from the CLI by another process. Every store call runs in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import CallbackContext, JobQueue

from bot.calendar import CalendarChange
from bot.clock import Clock
from bot.reminders import NOTICE_CANCELLED, NOTICE_RESCHEDULED, Batch, ChatBlocked, ReminderBook, TemporaryFailure
from bot.render import render
from bot.threads import store
from db.models import CommissionSession
from lang.spanish import plural
from lang.vocabulary import SessionStatus

log = logging.getLogger(__name__)

TIMER_PREFIX = "recordatorio:"
RETRY_PREFIX = "reintento:"
NOTICE_PREFIX = "aviso:"  # change notices are not rebuilt from the calendar: they run once
RETRY_DELAYS = (30.0, 120.0, 600.0)  # seconds between attempts for chats whose send failed
RESYNC_SECONDS = 300.0

JobContext = CallbackContext[Any, Any, Any, Any]


@dataclass(frozen=True)
class Timer:
    """When a session's next reminders are due, for the start they were planned for."""

    session_id: int
    start: dt.datetime
    moment: dt.datetime


def next_moment(start: dt.datetime, leads: set[int], now: dt.datetime, *, catch_up: bool) -> dt.datetime | None:
    """The next reminder moment of a session starting at ``start`` after ``now``; ``now`` itself when
    ``catch_up`` and a moment already passed (the book decides whether anything is still owed)."""
    if start <= now:
        return None
    moments = [start - dt.timedelta(seconds=lead) for lead in leads]
    if catch_up and any(m <= now for m in moments):
        return now
    future = [m for m in moments if m > now]
    return min(future) if future else None


class ReminderScheduler:
    """Schedules and sends the reminders of one bot process."""

    def __init__(self, job_queue: JobQueue[Any], bot: Bot, book: ReminderBook, clock: Clock, zone: ZoneInfo) -> None:
        self.job_queue = job_queue
        self.bot = bot
        self.book = book
        self.clock = clock
        self.zone = zone
        self.timers: dict[int, Timer] = {}
        self.known: dict[int, dt.datetime] = {}  # every session start this process has planned
        self.running: set[int] = set()
        self.halted = False  # the bot is stopping: fan-outs end after the send in flight

    def halt(self) -> None:
        """Stop every fan-out before its next chat, so that the bot stops promptly; what was not sent stays
        unclaimed in the database (a reminder is due again, a notice's fan-out is open) for the next start."""
        self.halted = True

    # -- planning
    async def start(self) -> int:
        """Arm every session's timer from the database (catching up on moments missed while down)."""
        self.halted = False
        armed = await self.resync(catch_up=True)
        for batch in await store(self.book.open_notices):  # cut short by the last stop: take them up again
            self.job_queue.run_once(self._batch_job, when=0, data=(batch, 0), name=self._name(batch))
        self.job_queue.run_repeating(
            self._resync_job, interval=RESYNC_SECONDS, first=RESYNC_SECONDS, name="recordatorios:resincronizar"
        )
        log.info("Recordatorios: %s con avisos pendientes", plural(armed, "sesión"))
        return armed

    def _plan(self, now: dt.datetime) -> tuple[set[int], list[tuple[int, dt.datetime]]]:
        return self.book.lead_set(), self.book.upcoming_starts(now)

    async def resync(self, *, catch_up: bool = False) -> int:
        """Re-plan every session from the database; one new to this process, or moved, catches up."""
        now = self.clock()
        leads, starts = await store(self._plan, now)
        for session_id in set(self.known) - {sid for sid, _ in starts}:
            self._disarm(session_id)
            self.known.pop(session_id, None)
        for session_id, start in starts:
            fresh = catch_up or self.known.get(session_id) != start
            self.known[session_id] = start
            moment = next_moment(start, leads, now, catch_up=fresh)
            current = self.timers.get(session_id)
            if moment is None:
                if current is not None and current.start != start:
                    self._disarm(session_id)
                continue
            if current is not None and current.start == start and current.moment <= moment:
                continue  # armed already, as early or earlier
            self._arm(Timer(session_id, start, moment))
        return len(self.timers)

    async def session_changed(self, session_id: int) -> None:
        """Re-plan one session after a calendar change (catching up on moments its new start has passed)."""
        now = self.clock()
        self._disarm(session_id)
        self.known.pop(session_id, None)
        leads, starts = await store(self._plan, now)
        for sid, start in starts:
            if sid == session_id:
                self.known[sid] = start
                moment = next_moment(start, leads, now, catch_up=True)
                if moment is not None:
                    self._arm(Timer(sid, start, moment))

    def _plan_chat(self, chat_id: int, now: dt.datetime) -> list[Timer]:
        subscriber = self.book.subscriber(chat_id)
        if subscriber is None:
            return []
        timers = []
        for session_id, start in self.book.upcoming_starts(now):
            moment = next_moment(start, set(subscriber.leads), now, catch_up=False)
            if moment is not None:
                timers.append(Timer(session_id, start, moment))
        return timers

    async def subscription_changed(self, chat_id: int) -> None:
        """Arm earlier timers if this chat's lead times call for them; nothing else is touched."""
        for timer in await store(self._plan_chat, chat_id, self.clock()):
            current = self.timers.get(timer.session_id)
            if current is None or current.start != timer.start or timer.moment < current.moment:
                self._arm(timer)

    async def announce(self, change: CalendarChange) -> None:
        """Tell subscribers about a rescheduled or cancelled session (once each), then re-plan it."""
        if change.action in (SessionStatus.REPROGRAMADA, SessionStatus.CANCELADA):
            start = await store(self.book.start_of, change.session_id)
            if start is not None:
                lead = NOTICE_RESCHEDULED if change.action == SessionStatus.REPROGRAMADA else NOTICE_CANCELLED
                batch = Batch(change.session_id, lead, start)
                await store(self.book.open_notice, batch, self.clock())
                self.job_queue.run_once(self._batch_job, when=0, data=(batch, 0), name=self._name(batch))
        await self.session_changed(change.session_id)

    def _arm(self, timer: Timer) -> None:
        self._disarm(timer.session_id)
        self.timers[timer.session_id] = timer
        if timer.session_id in self.running:
            return  # the running round arms the next moment itself when it ends
        delay = max(0.0, (timer.moment - self.clock()).total_seconds())
        self.job_queue.run_once(self._timer_job, when=delay, data=timer, name=f"{TIMER_PREFIX}{timer.session_id}")

    def _disarm(self, session_id: int) -> None:
        self.timers.pop(session_id, None)
        for job in self.job_queue.get_jobs_by_name(f"{TIMER_PREFIX}{session_id}"):
            job.schedule_removal()

    @staticmethod
    def _name(batch: Batch) -> str:
        prefix = NOTICE_PREFIX if batch.is_notice else RETRY_PREFIX
        return f"{prefix}{batch.session_id}:{batch.lead_seconds}:{batch.planned_start.isoformat()}"

    # -- running
    async def _resync_job(self, _context: JobContext) -> None:
        await self.resync()

    async def _timer_job(self, context: JobContext) -> None:
        assert context.job is not None
        timer: Timer = context.job.data  # type: ignore[assignment]
        if self.timers.get(timer.session_id) == timer:
            self.timers.pop(timer.session_id)
        await self.run_timer(timer)

    async def run_timer(self, timer: Timer) -> None:
        """Send what is due for one session now, then arm its next moment."""
        self.running.add(timer.session_id)
        try:
            now = self.clock()
            for batch, chats in await store(self.book.due, timer.session_id, timer.start, now):
                await self._deliver(batch, 0, chats)
        finally:
            self.running.discard(timer.session_id)
        now = self.clock()
        later = self.timers.get(timer.session_id)
        leads = await store(self.book.lead_set)
        moment = next_moment(timer.start, leads, now, catch_up=False)
        if later is not None and later.start == timer.start and (moment is None or later.moment < moment):
            moment = max(later.moment, now)
        if moment is not None:
            self._arm(Timer(timer.session_id, timer.start, moment))
        elif later is not None:
            self._disarm(timer.session_id)

    async def _batch_job(self, context: JobContext) -> None:
        assert context.job is not None
        batch: Batch
        attempt: int
        batch, attempt = context.job.data  # type: ignore[misc]
        await self._deliver(batch, attempt, None)

    async def _deliver(self, batch: Batch, attempt: int, chats: list[int] | None) -> None:
        outcome = await self.book.deliver(batch, self.send, self.clock, chats, keep_going=lambda: not self.halted)
        if outcome.sent or outcome.blocked:
            log.info(
                "Recordatorio %s: %s, %s",
                self._name(batch),
                plural(len(outcome.sent), "enviado"),
                plural(len(outcome.blocked), "chat bloqueado", "chats bloqueados"),
            )
        retry = bool(outcome.failed) and attempt < len(RETRY_DELAYS)
        if retry:
            self.job_queue.run_once(
                self._batch_job, when=RETRY_DELAYS[attempt], data=(batch, attempt + 1), name=self._name(batch)
            )
        if batch.is_notice and outcome.verdict != "stopped" and not retry:
            await store(self.book.close_notice, batch, self.clock())  # served, or no longer applies

    async def send(self, chat_id: int, session: CommissionSession, batch: Batch) -> None:
        """Send one reminder or notice to one chat, mapping Telegram errors to the book's."""
        markup, _ = render("recordatorio.j2", session=session, batch=batch, now=self.clock(), zone=self.zone)
        button = InlineKeyboardMarkup(
            [[InlineKeyboardButton("📅 Agregar a mi calendario", callback_data=f"ics:{session.id}")]]
        )
        try:
            await self.bot.send_message(
                chat_id, markup, reply_markup=None if batch.lead_seconds == NOTICE_CANCELLED else button
            )
        except Forbidden as error:
            raise ChatBlocked(str(error)) from error
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                raise ChatBlocked(str(error)) from error
            raise TemporaryFailure(str(error)) from error
        except TelegramError as error:
            raise TemporaryFailure(str(error)) from error
