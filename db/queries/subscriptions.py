"""Chats subscribed to reminders, with their lead times. The caller owns the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from db.models import ReminderSubscription


def get(chat_id: int, *, session: Session) -> ReminderSubscription | None:
    """The subscription row of ``chat_id``, enabled or not."""
    return session.get(ReminderSubscription, chat_id)


def put(row: ReminderSubscription, *, session: Session) -> None:
    """Add or update a subscription row."""
    session.add(row)


def disable(chat_id: int, now: dt.datetime, *, blocked: bool, session: Session) -> bool:
    """Turn a chat's reminders off (``blocked`` when the chat blocked the bot); whether it had a row."""
    result = session.execute(
        update(ReminderSubscription)
        .where(col(ReminderSubscription.chat_id) == chat_id)
        .values(enabled=False, blocked=blocked, updated_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def enabled_rows(*, session: Session, batch_size: int = 5000) -> Iterator[tuple[int, str, dt.datetime]]:
    """(chat, stored leads, since when) of every enabled chat, streamed in batches."""
    query = (
        select(ReminderSubscription.chat_id, ReminderSubscription.leads, ReminderSubscription.updated_at)
        .where(col(ReminderSubscription.enabled))
        .execution_options(yield_per=batch_size)
    )
    for chat_id, leads, since in session.exec(query):
        yield int(chat_id), leads, since


def distinct_leads(*, session: Session) -> list[str]:
    """Every distinct stored lead list of the enabled chats (few, however many chats there are)."""
    query = select(ReminderSubscription.leads).where(col(ReminderSubscription.enabled)).distinct()
    return [str(value) for value in session.exec(query)]


def count_enabled(*, session: Session) -> int:
    """How many chats receive reminders."""
    query = select(func.count()).select_from(ReminderSubscription).where(col(ReminderSubscription.enabled))
    return int(session.exec(query).one())
