"""What inline buttons stand for, kept in the database so that any bot process can answer a press.

The caller owns the transaction: nothing here commits.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from db.models import ButtonPayload


def save(chat_id: int, kind: str, key: str, payload: Any, now: dt.datetime, *, session: Session) -> None:
    """Remember ``payload`` for the button ``key`` of ``kind`` in ``chat_id`` (replacing an older one)."""
    row = session.get(ButtonPayload, (chat_id, kind, key))
    if row is None:
        row = ButtonPayload(chat_id=chat_id, kind=kind, key=key, payload="", created_at=now)
    row.payload, row.created_at = json.dumps(payload, ensure_ascii=False), now
    session.add(row)


def load(chat_id: int, kind: str, key: str, *, session: Session) -> Any | None:
    """The payload of a button, or None when unknown (or pruned)."""
    row = session.get(ButtonPayload, (chat_id, kind, key))
    return json.loads(row.payload) if row is not None else None


def forget(chat_id: int, kind: str, key: str, *, session: Session) -> bool:
    """Forget one button (a choice already made); whether it was there."""
    result = session.execute(
        delete(ButtonPayload).where(
            col(ButtonPayload.chat_id) == chat_id, col(ButtonPayload.kind) == kind, col(ButtonPayload.key) == key
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def prune(older_than: dt.datetime, *, session: Session) -> int:
    """Forget buttons created before ``older_than``; return how many."""
    result = session.execute(delete(ButtonPayload).where(col(ButtonPayload.created_at) < older_than))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
