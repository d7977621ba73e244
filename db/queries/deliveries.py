"""The durable record of reminders delivered (or being delivered) to each chat. The caller owns the transaction.

A delivery is keyed by (session, chat, lead, planned start); inserting that key is the claim.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from db.models import ReminderDelivery

CLAIMED, SENT, BLOCKED = "enviando", "enviado", "bloqueado"
# A change notice's fan-out is itself recorded, under chat 0 (no Telegram chat has that id): "pendiente" until
# every subscriber has been served, so that a fan-out cut short by a restart is taken up again.
NOTICE_CHAT, NOTICE_OPEN, NOTICE_DONE = 0, "pendiente", "completo"


def _key(session_id: int, lead_seconds: int, planned_start: dt.datetime, chat_id: int | None = None) -> list[Any]:
    conditions = [
        col(ReminderDelivery.session_id) == session_id,
        col(ReminderDelivery.lead_seconds) == lead_seconds,
        col(ReminderDelivery.planned_start) == planned_start,
    ]
    if chat_id is not None:
        conditions.append(col(ReminderDelivery.chat_id) == chat_id)
    return conditions


def of_batch(
    session_id: int, lead_seconds: int, planned_start: dt.datetime, *, session: Session
) -> list[ReminderDelivery]:
    """Every delivery row of one batch."""
    return list(session.exec(select(ReminderDelivery).where(*_key(session_id, lead_seconds, planned_start))).all())


def of_start(session_id: int, planned_start: dt.datetime, *, session: Session) -> list[ReminderDelivery]:
    """Every delivery row of one session start, whatever the lead."""
    query = select(ReminderDelivery).where(
        col(ReminderDelivery.session_id) == session_id, col(ReminderDelivery.planned_start) == planned_start
    )
    return list(session.exec(query).all())


def insert_claim(
    session_id: int, chat_id: int, lead_seconds: int, planned_start: dt.datetime, now: dt.datetime, *, session: Session
) -> None:
    """Insert the claim row (the unique key makes it fail when someone holds it)."""
    session.add(
        ReminderDelivery(
            session_id=session_id,
            chat_id=chat_id,
            lead_seconds=lead_seconds,
            planned_start=planned_start,
            status=CLAIMED,
            claimed_at=now,
        )
    )
    session.flush()


def refresh_claim(
    session_id: int,
    chat_id: int,
    lead_seconds: int,
    planned_start: dt.datetime,
    now: dt.datetime,
    *,
    older_than: dt.datetime | None,
    session: Session,
) -> bool:
    """Set a claim's time to ``now``: a stale claim's (taken over) or one's own (renewed); whether it matched."""
    conditions = [*_key(session_id, lead_seconds, planned_start, chat_id), col(ReminderDelivery.status) == CLAIMED]
    if older_than is not None:
        conditions.append(col(ReminderDelivery.claimed_at) < older_than)
    result = session.execute(update(ReminderDelivery).where(*conditions).values(claimed_at=now))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release(session_id: int, chat_id: int, lead_seconds: int, planned_start: dt.datetime, *, session: Session) -> None:
    """Give a claim back, so that another attempt may take it."""
    session.execute(
        delete(ReminderDelivery).where(
            *_key(session_id, lead_seconds, planned_start, chat_id), col(ReminderDelivery.status) == CLAIMED
        )
    )


def finish(
    session_id: int,
    chat_id: int,
    lead_seconds: int,
    planned_start: dt.datetime,
    status: str,
    now: dt.datetime,
    *,
    session: Session,
) -> None:
    """Mark a claimed delivery as ``enviado`` or ``bloqueado``."""
    session.execute(
        update(ReminderDelivery)
        .where(*_key(session_id, lead_seconds, planned_start, chat_id))
        .values(status=status, delivered_at=now)
    )


def open_notice(
    session_id: int, lead_seconds: int, planned_start: dt.datetime, now: dt.datetime, *, session: Session
) -> bool:
    """Record a change notice's fan-out as begun (False when it already was)."""
    if session.exec(
        select(ReminderDelivery).where(*_key(session_id, lead_seconds, planned_start, NOTICE_CHAT))
    ).first():
        return False
    session.add(
        ReminderDelivery(
            session_id=session_id,
            chat_id=NOTICE_CHAT,
            lead_seconds=lead_seconds,
            planned_start=planned_start,
            status=NOTICE_OPEN,
            claimed_at=now,
        )
    )
    session.flush()
    return True


def open_notices(*, session: Session) -> list[ReminderDelivery]:
    """Change notices whose fan-out has not served every subscriber yet."""
    query = select(ReminderDelivery).where(
        col(ReminderDelivery.chat_id) == NOTICE_CHAT, col(ReminderDelivery.status) == NOTICE_OPEN
    )
    return list(session.exec(query).all())


def delivered(session_id: int | None = None, *, session: Session) -> list[ReminderDelivery]:
    """Deliveries that reached their chat (of one session, or all)."""
    query = select(ReminderDelivery).where(col(ReminderDelivery.status) == SENT)
    if session_id is not None:
        query = query.where(col(ReminderDelivery.session_id) == session_id)
    return list(session.exec(query).all())
