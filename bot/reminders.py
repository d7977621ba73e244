"""Reminders before sessions: which are due, and delivering each exactly once. No Telegram here.

The database is the source of truth. A reminder is identified by (session, chat, lead time, the
session start it was planned for). Before sending, a process *claims* it by inserting that key into
``reminder_deliveries`` (the unique constraint makes the claim atomic, so two bot processes sharing one
database never both send it); right after the chat received it the row is marked ``enviado``, one
commit per chat, so a restart in the middle of a fan-out neither repeats the chats already served nor
forgets the others. While a send is in flight (the outgoing rate limiter may hold it for minutes) its
claim is renewed; a claim left behind by a process that died becomes claimable again after
``CLAIM_TIMEOUT``. (The one window left is a crash between Telegram accepting a message and that
commit: that single chat may then get it twice. Telegram has no idempotency key to close it.)

Which reminder a chat gets:
- only moments after the chat subscribed or last changed its lead times (no burst on subscribing);
- when several of its moments have passed (the bot was down), only the nearest one;
- a reminder whose moment passed while the bot was down is sent at once if the session has not started;
  one for a session already under way is dropped.
A rescheduled session gets new reminders (its planned start changed) and a notice; a cancelled one gets
a notice and nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError

from bot.calendar import scheduled_sessions
from bot.clock import Clock, as_utc
from bot.leads import LeadError, check_leads, decode_leads
from bot.threads import store
from db.database import session_scope
from db.models import CommissionSession, ReminderDelivery, ReminderSubscription
from db.queries import calendar as calendar_rows
from db.queries import deliveries
from db.queries import subscriptions as subscription_rows
from lang.vocabulary import SessionStatus

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(minutes=2)
RENEW_SECONDS = 20.0  # real seconds between renewals of a claim whose send is still in flight
NOTICE_RESCHEDULED = -1
NOTICE_CANCELLED = -2
DEFAULT_LEADS = (24 * 3600, 3600)


class ChatBlocked(Exception):
    """The chat blocked the bot (or it was removed): stop writing to it."""


class TemporaryFailure(Exception):
    """Sending failed for a reason that may pass: try again later."""


@dataclass(frozen=True)
class Batch:
    """All the chats' reminders (or notices) for one session, lead time and planned start."""

    session_id: int
    lead_seconds: int
    planned_start: dt.datetime

    @property
    def due_at(self) -> dt.datetime:
        return self.planned_start - dt.timedelta(seconds=max(self.lead_seconds, 0))

    @property
    def is_notice(self) -> bool:
        return self.lead_seconds < 0


@dataclass(frozen=True)
class Subscriber:
    """An enabled chat: its lead times and since when it has them."""

    chat_id: int
    leads: tuple[int, ...]
    since: dt.datetime

    def wants(self, lead: int, start: dt.datetime, now: dt.datetime) -> bool:
        """Whether this chat is to get the reminder ``lead`` before ``start``, judged at ``now``.

        Its moment must come after the chat chose its leads, and no nearer moment of the chat may have
        passed too (after downtime only the nearest passed reminder is sent).
        """
        if lead not in self.leads or start - dt.timedelta(seconds=lead) < self.since:
            return False
        return not any(
            other < lead and self.since <= start - dt.timedelta(seconds=other) <= now for other in self.leads
        )

    def nearest_passed(self, start: dt.datetime, now: dt.datetime) -> int | None:
        """The smallest lead whose moment has passed at ``now`` (and came after ``since``), if any."""
        passed = [lead for lead in self.leads if self.since <= start - dt.timedelta(seconds=lead) <= now]
        return min(passed) if passed else None


@dataclass
class Outcome:
    """What one delivery round did."""

    verdict: str  # send | stale | started | cancelled | stopped (the bot is stopping: the rest is still owed)
    sent: list[int] = field(default_factory=list)
    blocked: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


Sender = Callable[[int, CommissionSession, Batch], Awaitable[None]]


class ReminderBook:
    """Subscriptions, due reminders and the durable record of deliveries (each call its own transaction)."""

    def __init__(
        self, db: SqlEngine, *, default_leads: tuple[int, ...] = DEFAULT_LEADS, renew_seconds: float = RENEW_SECONDS
    ) -> None:
        self.db = db
        self.default_leads = check_leads(default_leads)
        self.renew_seconds = renew_seconds

    # -- subscriptions
    def subscribe(self, chat_id: int, now: dt.datetime, leads: tuple[int, ...] | None = None) -> ReminderSubscription:
        """Turn a chat's reminders on (with ``leads``, or those it had, or the defaults)."""
        stored = ",".join(str(x) for x in check_leads(leads)) if leads is not None else None
        with session_scope(self.db) as session:
            row = subscription_rows.get(chat_id, session=session)
            if row is None:
                row = ReminderSubscription(chat_id=chat_id, leads="", updated_at=now)
            if stored is None:
                try:
                    stored = ",".join(str(x) for x in decode_leads(row.leads))
                except LeadError:
                    stored = ",".join(str(x) for x in self.default_leads)
            if not row.enabled or row.blocked or row.leads != stored:
                row.updated_at = now  # reminders count from now: none whose moment already passed
            row.enabled, row.blocked, row.leads = True, False, stored
            subscription_rows.put(row, session=session)
            return row

    def unsubscribe(self, chat_id: int, now: dt.datetime, *, blocked: bool = False) -> None:
        """Turn a chat's reminders off."""
        with session_scope(self.db) as session:
            subscription_rows.disable(chat_id, now, blocked=blocked, session=session)

    def subscription(self, chat_id: int) -> ReminderSubscription | None:
        """The chat's subscription row, if it ever had one."""
        with session_scope(self.db) as session:
            return subscription_rows.get(chat_id, session=session)

    def subscribers(self) -> dict[int, Subscriber]:
        """Enabled chats with valid lead times; a bad stored row is logged and skipped."""
        return {s.chat_id: s for s in self._each_subscriber()}

    def _each_subscriber(self) -> Iterator[Subscriber]:
        """The enabled chats one by one, streamed from the database.

        With 100 000 chats, holding them all at once (a subscriber, its lead tuple, its row) made the garbage
        collector's full passes, in whichever thread tripped them, hold the event loop for 50–100 ms while
        a reminder or a notice went out (bench/scale_bench.py): each is dropped as soon as it is judged, and
        the few distinct lead lists are decoded once."""
        decoded: dict[str, tuple[int, ...] | None] = {}
        with session_scope(self.db) as session:
            for chat_id, stored, since in subscription_rows.enabled_rows(session=session):
                if stored not in decoded:
                    try:
                        decoded[stored] = decode_leads(stored)
                    except LeadError as error:
                        decoded[stored] = None
                        log.warning("Anticipaciones guardadas no válidas ignoradas: «%s» (%s)", stored[:80], error)
                leads = decoded[stored]
                if leads is not None:
                    yield Subscriber(chat_id, leads, as_utc(since))

    def subscriber(self, chat_id: int) -> Subscriber | None:
        """The chat as a subscriber, if its reminders are on (and its stored leads valid)."""
        row = self.subscription(chat_id)
        if row is None or not row.enabled:
            return None
        try:
            return Subscriber(chat_id, decode_leads(row.leads), as_utc(row.updated_at))
        except LeadError:
            log.warning("Suscripción del chat %s ignorada: anticipaciones «%s» no válidas", chat_id, row.leads[:80])
            return None

    def lead_set(self) -> set[int]:
        """Every lead time some enabled chat uses (bad stored lists are skipped)."""
        leads: set[int] = set()
        with session_scope(self.db) as session:
            stored_lists = subscription_rows.distinct_leads(session=session)
        for stored in stored_lists:
            try:
                leads.update(decode_leads(stored))
            except LeadError:
                log.warning("Anticipaciones guardadas no válidas ignoradas: «%s»", stored[:80])
        return leads

    # -- planning
    def upcoming_starts(self, now: dt.datetime) -> list[tuple[int, dt.datetime]]:
        """(session, start) of every scheduled session that has not started, soonest first."""
        with session_scope(self.db) as session:
            rows = scheduled_sessions(session=session)
        starts = [(r.id, as_utc(r.starts_at)) for r in rows if r.id is not None and r.starts_at]
        return [(sid, start) for sid, start in starts if start > now]

    def start_of(self, session_id: int) -> dt.datetime | None:
        """The start of session ``session_id`` (UTC), if it has one."""
        with session_scope(self.db) as session:
            row = calendar_rows.get(session_id, session=session)
            return as_utc(row.starts_at) if row is not None and row.starts_at else None

    def batches(self, now: dt.datetime) -> list[Batch]:
        """Every reminder moment of every scheduled session that has not started, soonest first."""
        leads = self.lead_set()
        batches = [Batch(sid, lead, start) for sid, start in self.upcoming_starts(now) for lead in leads]
        return sorted(batches, key=lambda b: (b.due_at, b.session_id))

    def due(self, session_id: int, start: dt.datetime, now: dt.datetime) -> list[tuple[Batch, list[int]]]:
        """What is to be sent now for one session start: each chat's nearest passed reminder, not yet taken."""
        with session_scope(self.db) as session:
            rows = deliveries.of_start(session_id, start, session=session)
            taken = {(r.chat_id, r.lead_seconds) for r in rows if self._holds(r.status, r.claimed_at, now)}
        groups: dict[int, list[int]] = defaultdict(list)
        for subscriber in self._each_subscriber():
            lead = subscriber.nearest_passed(start, now)
            if lead is not None and (subscriber.chat_id, lead) not in taken:
                groups[lead].append(subscriber.chat_id)
        return [(Batch(session_id, lead, start), sorted(chats)) for lead, chats in sorted(groups.items(), reverse=True)]

    @staticmethod
    def _holds(status: str, claimed_at: dt.datetime, now: dt.datetime) -> bool:
        """Whether a delivery row keeps others off: delivered, blocked, or a claim still alive."""
        return status != deliveries.CLAIMED or as_utc(claimed_at) > now - CLAIM_TIMEOUT

    def pending_chats(self, batch: Batch, now: dt.datetime) -> list[int]:
        """Chats that should get ``batch`` and have not got it, nor are being sent it by a live process."""
        if batch.is_notice:
            wanted = [s.chat_id for s in self._each_subscriber()]
        else:
            lead, start = batch.lead_seconds, batch.planned_start
            wanted = [s.chat_id for s in self._each_subscriber() if s.wants(lead, start, now)]
        with session_scope(self.db) as session:
            rows = deliveries.of_batch(batch.session_id, batch.lead_seconds, batch.planned_start, session=session)
            taken = {r.chat_id for r in rows if self._holds(r.status, r.claimed_at, now)}
        return sorted(c for c in wanted if c not in taken)

    # -- claims
    def claim(self, batch: Batch, chat_id: int, now: dt.datetime) -> bool:
        """Take ``batch`` for ``chat_id``: False when another process has it or it was delivered."""
        key = (batch.session_id, chat_id, batch.lead_seconds, batch.planned_start)
        try:
            with session_scope(self.db) as session:
                deliveries.insert_claim(*key, now, session=session)
            return True
        except IntegrityError:
            pass
        # Someone holds it: take it over only if that claim is stale (its process died).
        with session_scope(self.db) as session:
            return deliveries.refresh_claim(*key, now, older_than=now - CLAIM_TIMEOUT, session=session)

    def renew(self, batch: Batch, chat_id: int, now: dt.datetime) -> bool:
        """Keep our claim alive while its send is in flight; False if it is no longer ours to renew."""
        with session_scope(self.db) as session:
            return deliveries.refresh_claim(
                batch.session_id,
                chat_id,
                batch.lead_seconds,
                batch.planned_start,
                now,
                older_than=None,
                session=session,
            )

    def _finish(self, batch: Batch, chat_id: int, now: dt.datetime, status: str | None) -> None:
        key = (batch.session_id, chat_id, batch.lead_seconds, batch.planned_start)
        with session_scope(self.db) as session:
            if status is None:  # give the claim back: another attempt may take it
                deliveries.release(*key, session=session)
            else:
                deliveries.finish(*key, status, now, session=session)

    def verdict(self, batch: Batch, now: dt.datetime) -> tuple[str, CommissionSession | None]:
        """Whether ``batch`` is still to be sent: ``send``, ``stale`` (moved), ``cancelled`` or ``started``."""
        with session_scope(self.db) as session:
            row = calendar_rows.get(batch.session_id, session=session)
        if row is None or row.starts_at is None:
            return "stale", row
        start = as_utc(row.starts_at)
        cancelled = row.status == SessionStatus.CANCELADA
        if batch.lead_seconds == NOTICE_CANCELLED:
            return ("send" if cancelled else "stale"), row
        if cancelled:
            return "cancelled", row
        if start != batch.planned_start:
            return "stale", row
        if now >= start:
            return "started", row
        return "send", row

    # -- change notices, whose fan-out outlives a restart
    def open_notice(self, batch: Batch, now: dt.datetime) -> None:
        """Record that ``batch`` (a change notice) is to reach every subscriber."""
        try:
            with session_scope(self.db) as session:
                deliveries.open_notice(batch.session_id, batch.lead_seconds, batch.planned_start, now, session=session)
        except IntegrityError:
            pass  # another process recorded it at the same moment

    def close_notice(self, batch: Batch, now: dt.datetime) -> None:
        """Every subscriber has had ``batch`` (or it no longer applies)."""
        with session_scope(self.db) as session:
            key = (batch.session_id, deliveries.NOTICE_CHAT, batch.lead_seconds, batch.planned_start)
            deliveries.finish(*key, deliveries.NOTICE_DONE, now, session=session)

    def open_notices(self) -> list[Batch]:
        """Change notices whose fan-out was cut short (the bot stopped): to be taken up on start."""
        with session_scope(self.db) as session:
            rows = deliveries.open_notices(session=session)
            return [Batch(r.session_id, r.lead_seconds, as_utc(r.planned_start)) for r in rows]

    def delivered(self, session_id: int | None = None) -> list[ReminderDelivery]:
        """Deliveries that reached their chat."""
        with session_scope(self.db) as session:
            return deliveries.delivered(session_id, session=session)

    # -- delivering
    async def deliver(
        self,
        batch: Batch,
        send: Sender,
        clock: Clock,
        chats: list[int] | None = None,
        *,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> Outcome:
        """Send ``batch`` to every chat still waiting for it (or to ``chats``), recording each delivery at once.

        When ``keep_going`` turns false (the bot is stopping) no further chat is claimed: the rest stay
        unclaimed, owed to whichever process starts next."""
        # Store calls run in worker threads: a database round trip must not stall the bot's event loop.
        verdict, row = await store(self.verdict, batch, clock())
        outcome = Outcome(verdict)
        if verdict != "send" or row is None:
            if verdict == "started":
                log.info("Recordatorio descartado: la sesión %s ya empezó", batch.session_id)
            return outcome
        if chats is None:
            chats = await store(self.pending_chats, batch, clock())
        for chat_id in chats:
            if not keep_going():
                outcome.verdict = "stopped"
                break
            if not batch.is_notice and clock() >= batch.planned_start:
                outcome.verdict = "started"
                break
            if not await store(self.claim, batch, chat_id, clock()):
                continue  # another process is sending it, or just did
            try:
                await self._send_holding_claim(send, chat_id, row, batch, clock)
            except ChatBlocked:
                log.warning("El chat %s bloqueó al bot: se da de baja de los recordatorios", chat_id)
                await store(self._finish, batch, chat_id, clock(), deliveries.BLOCKED)
                await store(self.unsubscribe, chat_id, clock(), blocked=True)
                outcome.blocked.append(chat_id)
                continue
            except TemporaryFailure as error:
                log.warning("No pude enviar el recordatorio al chat %s: %s", chat_id, error)
                await store(self._finish, batch, chat_id, clock(), None)
                outcome.failed.append(chat_id)
                continue
            await store(self._finish, batch, chat_id, clock(), deliveries.SENT)
            outcome.sent.append(chat_id)
        return outcome

    async def _send_holding_claim(
        self, send: Sender, chat_id: int, row: CommissionSession, batch: Batch, clock: Clock
    ) -> None:
        """``send``, renewing the claim every ``renew_seconds`` until it returns (retries may take minutes)."""

        async def keep_claim() -> None:
            while True:
                await asyncio.sleep(self.renew_seconds)
                if not await store(self.renew, batch, chat_id, clock()):
                    log.warning("El reclamo del recordatorio al chat %s ya no era nuestro", chat_id)
                    return

        keeper = asyncio.create_task(keep_claim())
        try:
            await send(chat_id, row, batch)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
