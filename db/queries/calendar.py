"""Sessions on the calendar: looked up, added, moved and cancelled. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from db.models import CommissionSession, Informe


def get(session_id: int, *, session: Session) -> CommissionSession | None:
    """The session numbered ``session_id``."""
    return session.get(CommissionSession, session_id)


def find(year: int, kind: str, number: int, *, session: Session) -> CommissionSession | None:
    """The session with that name (year, kind, number); the first stored when two informes gave it to two."""
    query = select(CommissionSession).where(
        col(CommissionSession.year) == year,
        col(CommissionSession.kind) == kind,
        col(CommissionSession.number) == number,
    )
    return session.exec(query.order_by(col(CommissionSession.id))).first()


def find_all(year: int, kind: str, number: int, *, session: Session) -> list[CommissionSession]:
    """Every session with that name, in date order: two informes may give one name to sessions held on
    different days."""
    query = select(CommissionSession).where(
        col(CommissionSession.year) == year,
        col(CommissionSession.kind) == kind,
        col(CommissionSession.number) == number,
    )
    return sorted(session.exec(query).all(), key=lambda s: (s.date is None, s.date, s.id or 0))


def holder(row: CommissionSession, *, session: Session) -> Informe | None:
    """The informe that holds ``row`` (lists it as held in its quarter) or names it on its cover as the session
    that approved it; None for a session only the calendar knows."""
    if row.informe_id is not None:
        return session.get(Informe, row.informe_id)
    if row.id is None:
        return None
    return session.exec(select(Informe).where(col(Informe.approval_session_id) == row.id)).first()


def numbers(year: int, kind: str, *, session: Session) -> list[int]:
    """The numbers already used by sessions of ``kind`` in ``year``."""
    query = select(CommissionSession.number).where(
        col(CommissionSession.year) == year, col(CommissionSession.kind) == kind
    )
    return list(session.exec(query).all())


def with_start(statuses: Sequence[str], *, session: Session) -> list[CommissionSession]:
    """Sessions with a start time whose status is one of ``statuses``."""
    query = select(CommissionSession).where(
        col(CommissionSession.starts_at).is_not(None), col(CommissionSession.status).in_(list(statuses))
    )
    return list(session.exec(query).all())


def put(row: CommissionSession, *, session: Session) -> None:
    """Add or update a session row (its id is set on flush)."""
    session.add(row)
    session.flush()
