"""Sessions of the commission and their attendance."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import Attendance, CommissionSession


def list_sessions(*, session: Session) -> list[CommissionSession]:
    """Every known session, by date (undated last)."""
    rows = session.exec(select(CommissionSession)).all()
    return sorted(rows, key=lambda s: (s.date is None, s.date or s.year, s.number))


def list_attendance(*, session: Session) -> list[Attendance]:
    """Every attendance cell, in table order."""
    return list(session.exec(select(Attendance).order_by(Attendance.informe_id, Attendance.position)).all())  # type: ignore[arg-type]
