"""Sessions of the commission and their attendance. The caller owns the transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, union
from sqlmodel import Session, col, select

from db.models import Acuerdo, AcuerdoMention, Attendance, CommissionSession, ConvenioReport, Informe


def list_sessions(*, session: Session) -> list[CommissionSession]:
    """Every known session, by date (undated last)."""
    rows = session.exec(select(CommissionSession)).all()
    return sorted(rows, key=lambda s: (s.date is None, s.date or s.year, s.number))


def list_attendance(*, session: Session) -> list[Attendance]:
    """Every attendance cell, in table order."""
    return list(session.exec(select(Attendance).order_by(Attendance.informe_id, Attendance.position)).all())  # type: ignore[arg-type]


def only_referred_to(*, session: Session) -> list[CommissionSession]:
    """Sessions no informe holds and the calendar did not schedule: those informes only refer to."""
    query = select(CommissionSession).where(
        col(CommissionSession.informe_id).is_(None), col(CommissionSession.starts_at).is_(None)
    )
    return list(session.exec(query).all())


def delete_orphans(*, session: Session) -> None:
    """Remove sessions that no informe, acuerdo, attendance or calendar entry refers to any more."""
    referenced: Any = union(
        select(col(Attendance.session_id)),
        select(col(Acuerdo.session_id)).where(col(Acuerdo.session_id).is_not(None)),
        select(col(AcuerdoMention.session_id)).where(col(AcuerdoMention.session_id).is_not(None)),
        select(col(ConvenioReport.session_id)),
        select(col(Informe.approval_session_id)).where(col(Informe.approval_session_id).is_not(None)),
    )
    session.execute(
        delete(CommissionSession).where(
            col(CommissionSession.informe_id).is_(None),
            col(CommissionSession.starts_at).is_(None),
            col(CommissionSession.id).not_in(referenced),
        )
    )
