"""Reminders before sessions: which are due, and delivering each exactly once. No Telegram here.

The database is the source of truth. A reminder is identified by (session, chat, lead time, the
session start it was planned for). Before sending, a process *claims* it by inserting that key into
``reminder_deliveries`` (the unique constraint makes the claim atomic, so two bot processes sharing one
database never both send it); right after the chat received it the row is marked ``enviado``, one
commit per chat, so a restart in the middle of a fan-out neither repeats the chats already served nor
forgets the others. A claim left behind by a process that died becomes claimable again after
``CLAIM_TIMEOUT``. (The one window left is a crash between Telegram accepting a message and that
commit: that single chat may then get it twice. Telegram has no idempotency key to close it.)

A reminder whose moment passed while the bot was down is sent at once if the session has not
started; one for a session already under way is dropped. A rescheduled session gets new
reminders (its planned start changed) and a notice; a cancelled one gets a notice and nothing more.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.calendar import SCHEDULED, as_utc
from db.models import CommissionSession, ReminderDelivery, ReminderSubscription

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(minutes=2)
NOTICE_RESCHEDULED = -1
NOTICE_CANCELLED = -2
DEFAULT_LEADS = (24 * 3600, 3600)


class ChatBlocked(Exception):
    """The chat blocked the bot (or it was removed): stop writing to it."""


class TemporaryFailure(Exception):
    """Sending failed for a reason that may pass: try again later."""


def parse_leads(text: str) -> tuple[int, ...]:
    """ "24h,1h" → (86400, 3600); accepts d, h, m, s (and "min", "seg") so tests can use seconds."""
    units = {"d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1, "seg": 1, "": 1}
    leads = []
    for part in re.split(r"[,\s;]+", text.strip().lower()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+)\s*(d|h|min|m|seg|s)?", part)
        if not match or int(match.group(1)) <= 0:
            raise ValueError(f"Anticipación no válida: «{part}» (usa por ejemplo 24h, 1h, 30m o 90s).")
        leads.append(int(match.group(1)) * units[match.group(2) or ""])
    if not leads:
        raise ValueError("Indica al menos una anticipación, por ejemplo 24h,1h.")
    return tuple(sorted(set(leads), reverse=True))


def describe_lead(seconds: int) -> str:
    """86400 → "24 horas"; 3600 → "1 hora"; 90 → "90 segundos"."""
    for size, one, many in ((86400, "día", "días"), (3600, "hora", "horas"), (60, "minuto", "minutos")):
        if seconds % size == 0 and seconds >= size:
            n = seconds // size
            if size == 86400 and n == 1:
                return "24 horas"
            return f"{n} {one if n == 1 else many}"
    return f"{seconds} segundos"


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


@dataclass
class Outcome:
    """What one delivery round did."""

    verdict: str  # send | stale | started | cancelled
    sent: list[int] = field(default_factory=list)
    blocked: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


Sender = Callable[[int, CommissionSession, Batch], Awaitable[None]]


class ReminderBook:
    """Subscriptions, due reminders and the durable record of deliveries."""

    def __init__(self, db: SqlEngine, *, default_leads: tuple[int, ...] = DEFAULT_LEADS) -> None:
        self.db = db
        self.default_leads = default_leads

    # -- subscriptions
    def subscribe(self, chat_id: int, now: dt.datetime, leads: tuple[int, ...] | None = None) -> ReminderSubscription:
        with Session(self.db, expire_on_commit=False) as session:
            row = session.get(ReminderSubscription, chat_id)
            if row is None:
                row = ReminderSubscription(chat_id=chat_id, leads="", updated_at=now)
            row.enabled, row.blocked, row.updated_at = True, False, now
            if leads is not None or not row.leads:
                row.leads = ",".join(str(x) for x in (leads or self.default_leads))
            session.add(row)
            session.commit()
            return row

    def unsubscribe(self, chat_id: int, now: dt.datetime, *, blocked: bool = False) -> None:
        with Session(self.db) as session:
            row = session.get(ReminderSubscription, chat_id)
            if row is None:
                return
            row.enabled, row.blocked, row.updated_at = False, blocked, now
            session.add(row)
            session.commit()

    def subscription(self, chat_id: int) -> ReminderSubscription | None:
        with Session(self.db, expire_on_commit=False) as session:
            return session.get(ReminderSubscription, chat_id)

    def subscribers(self) -> dict[int, tuple[int, ...]]:
        """Enabled chats and their lead times."""
        with Session(self.db) as session:
            rows = session.exec(select(ReminderSubscription).where(col(ReminderSubscription.enabled))).all()
            return {r.chat_id: tuple(int(x) for x in r.leads.split(",") if x) or self.default_leads for r in rows}

    # -- planning
    def batches(self, now: dt.datetime) -> list[Batch]:
        """Every reminder moment of every scheduled session that has not started, soonest first."""
        leads = {lead for chat_leads in self.subscribers().values() for lead in chat_leads}
        with Session(self.db) as session:
            rows = session.exec(
                select(CommissionSession).where(
                    col(CommissionSession.starts_at).is_not(None), col(CommissionSession.status).in_(SCHEDULED)
                )
            ).all()
            starts = [(r.id, as_utc(r.starts_at)) for r in rows if r.id is not None and r.starts_at]
        batches = [Batch(sid, lead, start) for sid, start in starts if start > now for lead in leads]
        return sorted(batches, key=lambda b: (b.due_at, b.session_id))

    def pending_chats(self, batch: Batch, now: dt.datetime) -> list[int]:
        """Chats that should get ``batch`` and have not got it, nor are being sent it by a live process."""
        subscribers = self.subscribers()
        wanted = [c for c, leads in subscribers.items() if batch.is_notice or batch.lead_seconds in leads]
        with Session(self.db) as session:
            rows = session.exec(select(ReminderDelivery).where(*self._key(batch))).all()
            taken = {r.chat_id for r in rows if r.status != "enviando" or as_utc(r.claimed_at) > now - CLAIM_TIMEOUT}
        return sorted(c for c in wanted if c not in taken)

    @staticmethod
    def _key(batch: Batch, chat_id: int | None = None) -> list[Any]:
        conditions = [
            col(ReminderDelivery.session_id) == batch.session_id,
            col(ReminderDelivery.lead_seconds) == batch.lead_seconds,
            col(ReminderDelivery.planned_start) == batch.planned_start,
        ]
        if chat_id is not None:
            conditions.append(col(ReminderDelivery.chat_id) == chat_id)
        return conditions

    def claim(self, batch: Batch, chat_id: int, now: dt.datetime) -> bool:
        """Take ``batch`` for ``chat_id``: False when another process has it or it was delivered."""
        with Session(self.db) as session:
            session.add(
                ReminderDelivery(
                    session_id=batch.session_id,
                    chat_id=chat_id,
                    lead_seconds=batch.lead_seconds,
                    planned_start=batch.planned_start,
                    status="enviando",
                    claimed_at=now,
                )
            )
            try:
                session.commit()
                return True
            except IntegrityError:
                session.rollback()
            # Someone holds it: take it over only if that claim is stale (its process died).
            result = session.execute(
                update(ReminderDelivery)
                .where(
                    *self._key(batch, chat_id),
                    col(ReminderDelivery.status) == "enviando",
                    col(ReminderDelivery.claimed_at) < now - CLAIM_TIMEOUT,
                )
                .values(claimed_at=now)
            )
            session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def _finish(self, batch: Batch, chat_id: int, now: dt.datetime, status: str | None) -> None:
        with Session(self.db) as session:
            if status is None:  # give the claim back: another attempt may take it
                session.execute(
                    delete(ReminderDelivery).where(
                        *self._key(batch, chat_id), col(ReminderDelivery.status) == "enviando"
                    )
                )
            else:
                session.execute(
                    update(ReminderDelivery).where(*self._key(batch, chat_id)).values(status=status, delivered_at=now)
                )
            session.commit()

    def verdict(self, batch: Batch, now: dt.datetime) -> tuple[str, CommissionSession | None]:
        """Whether ``batch`` is still to be sent: ``send``, ``stale`` (moved), ``cancelled`` or ``started``."""
        with Session(self.db, expire_on_commit=False) as session:
            row = session.get(CommissionSession, batch.session_id)
        if row is None or row.starts_at is None:
            return "stale", row
        start = as_utc(row.starts_at)
        if batch.lead_seconds == NOTICE_CANCELLED:
            return ("send" if row.status == "cancelada" else "stale"), row
        if row.status == "cancelada":
            return "cancelled", row
        if start != batch.planned_start:
            return "stale", row
        if now >= start:
            return "started", row
        return "send", row

    def delivered(self, session_id: int | None = None) -> list[ReminderDelivery]:
        """Deliveries that reached their chat."""
        with Session(self.db) as session:
            query = select(ReminderDelivery).where(col(ReminderDelivery.status) == "enviado")
            if session_id is not None:
                query = query.where(col(ReminderDelivery.session_id) == session_id)
            return list(session.exec(query).all())

    # -- delivering
    async def deliver(self, batch: Batch, send: Sender, clock: Callable[[], dt.datetime]) -> Outcome:
        """Send ``batch`` to every chat still waiting for it, recording each delivery at once."""
        # Store calls run in worker threads: a database round trip must not stall the bot's event loop.
        verdict, row = await asyncio.to_thread(self.verdict, batch, clock())
        outcome = Outcome(verdict)
        if verdict != "send" or row is None:
            if verdict == "started":
                log.info("Recordatorio descartado: la sesión %s ya empezó", batch.session_id)
            return outcome
        for chat_id in await asyncio.to_thread(self.pending_chats, batch, clock()):
            if not batch.is_notice and clock() >= batch.planned_start:
                outcome.verdict = "started"
                break
            if not await asyncio.to_thread(self.claim, batch, chat_id, clock()):
                continue  # another process is sending it, or just did
            try:
                await send(chat_id, row, batch)
            except ChatBlocked:
                log.warning("El chat %s bloqueó al bot: se da de baja de los recordatorios", chat_id)
                await asyncio.to_thread(self._finish, batch, chat_id, clock(), "bloqueado")
                await asyncio.to_thread(self.unsubscribe, chat_id, clock(), blocked=True)
                outcome.blocked.append(chat_id)
                continue
            except TemporaryFailure as error:
                log.warning("No pude enviar el recordatorio al chat %s: %s", chat_id, error)
                await asyncio.to_thread(self._finish, batch, chat_id, clock(), None)
                outcome.failed.append(chat_id)
                continue
            await asyncio.to_thread(self._finish, batch, chat_id, clock(), "enviado")
            outcome.sent.append(chat_id)
        return outcome
