"""Keep the JobQueue's reminder jobs in step with the database, and send reminders through Telegram.

python-telegram-bot's JobQueue forgets its jobs on every restart, so jobs are only a cache of what
the database says: they are rebuilt at start-up, after every calendar or subscription change, and
every few minutes (to pick up changes made from the CLI by another process).
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.calendar import CalendarChange, as_utc
from bot.reminders import NOTICE_CANCELLED, NOTICE_RESCHEDULED, Batch, ChatBlocked, ReminderBook, TemporaryFailure
from bot.render import render
from db.models import CommissionSession
from handlers.common import Clock

log = logging.getLogger(__name__)

JOB_PREFIX = "recordatorio:"
NOTICE_PREFIX = "aviso:"  # change notices are not rebuilt from the calendar: they run once
RETRY_DELAYS = (30.0, 120.0, 600.0)  # seconds between attempts for chats whose send failed
RESYNC_SECONDS = 300.0


class ReminderScheduler:
    """Schedules and sends the reminders of one Application."""

    def __init__(self, application: Application, book: ReminderBook, clock: Clock) -> None:
        self.application = application
        self.book = book
        self.clock = clock

    def start(self) -> None:
        """Build the jobs from the database and resynchronise them periodically."""
        self.rebuild()
        if self.application.job_queue is not None:
            self.application.job_queue.run_repeating(
                self._resync, interval=RESYNC_SECONDS, first=RESYNC_SECONDS, name="recordatorios:resincronizar"
            )

    def rebuild(self) -> int:
        """Replace every reminder job with those the database calls for; return how many."""
        queue = self.application.job_queue
        if queue is None:
            return 0
        for job in queue.jobs():
            # First attempts are rebuilt; retries of failed sends stay until they run.
            if job.name and job.name.startswith(JOB_PREFIX) and isinstance(job.data, tuple) and job.data[1] == 0:
                job.schedule_removal()
        now = self.clock()
        batches = self.book.batches(now)
        for batch in batches:
            delay = max(0.0, (batch.due_at - now).total_seconds())
            queue.run_once(self._run, when=delay, data=(batch, 0), name=self._name(batch))
        log.info("Recordatorios programados: %d", len(batches))
        return len(batches)

    def announce(self, change: CalendarChange) -> None:
        """Tell subscribers about a rescheduled or cancelled session (once each), then rebuild."""
        if change.action in ("reprogramada", "cancelada") and self.application.job_queue is not None:
            with_start = self._start_of(change.session_id)
            if with_start is not None:
                lead = NOTICE_RESCHEDULED if change.action == "reprogramada" else NOTICE_CANCELLED
                batch = Batch(change.session_id, lead, with_start)
                self.application.job_queue.run_once(self._run, when=0, data=(batch, 0), name=self._name(batch))
        self.rebuild()

    def _start_of(self, session_id: int) -> dt.datetime | None:
        _, row = self.book.verdict(Batch(session_id, 0, self.clock()), self.clock())
        return as_utc(row.starts_at) if row is not None and row.starts_at else None

    @staticmethod
    def _name(batch: Batch) -> str:
        prefix = NOTICE_PREFIX if batch.is_notice else JOB_PREFIX
        return f"{prefix}{batch.session_id}:{batch.lead_seconds}:{batch.planned_start.isoformat()}"

    async def _resync(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        self.rebuild()

    async def _run(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.job is not None
        batch: Batch = context.job.data[0]  # type: ignore[index]
        attempt: int = context.job.data[1]  # type: ignore[index]
        outcome = await self.book.deliver(batch, self.send, self.clock)
        if outcome.sent or outcome.blocked:
            log.info(
                "Recordatorio %s: %d enviados, %d chats bloqueados",
                self._name(batch),
                len(outcome.sent),
                len(outcome.blocked),
            )
        if outcome.failed and attempt < len(RETRY_DELAYS) and context.job_queue is not None:
            context.job_queue.run_once(
                self._run, when=RETRY_DELAYS[attempt], data=(batch, attempt + 1), name=self._name(batch)
            )

    async def send(self, chat_id: int, session: CommissionSession, batch: Batch) -> None:
        """Send one reminder or notice to one chat, mapping Telegram errors to the book's."""
        markup, _ = render("recordatorio.j2", session=session, batch=batch, now=self.clock())
        button = InlineKeyboardMarkup(
            [[InlineKeyboardButton("📅 Agregar a mi calendario", callback_data=f"ics:{session.id}")]]
        )
        try:
            await self.application.bot.send_message(
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
