"""Activities of the results section."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import Activity


def list_activities(*, session: Session) -> list[Activity]:
    """Every activity, in informe order."""
    return list(session.exec(select(Activity).order_by(Activity.informe_id, Activity.position)).all())  # type: ignore[arg-type]
