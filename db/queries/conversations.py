"""The context of each chat's conversation (last question frame and the items its answer was about)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlmodel import Session, col

from db.models import ConversationContext


def load(chat: str, *, session: Session) -> ConversationContext | None:
    """The stored context of ``chat``, if any (however old: the caller decides whether it has expired)."""
    return session.get(ConversationContext, chat)


def save(chat: str, frame: str, items: str, now: dt.datetime, *, session: Session) -> None:
    """Keep ``frame`` and ``items`` (JSON) as the context of ``chat``; the caller commits."""
    row = session.get(ConversationContext, chat)
    if row is None:
        row = ConversationContext(chat=chat, frame=frame, items=items, updated_at=now)
    row.frame, row.items, row.updated_at = frame, items, now
    session.add(row)


def prune(older_than: dt.datetime, *, session: Session) -> int:
    """Forget contexts last used before ``older_than``; return how many. The caller commits."""
    result = session.execute(delete(ConversationContext).where(col(ConversationContext.updated_at) < older_than))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
