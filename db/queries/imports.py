"""The store's import history, and whether it ever held an informe."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from db.models import ImportRecord, Informe


def record(
    source_name: str,
    status: str,
    *,
    session: Session,
    form: str | None = None,
    year: int | None = None,
    quarter: int | None = None,
    forced: bool = False,
    detail: str | None = None,
) -> None:
    """Add one attempt to the history (the caller commits)."""
    session.add(
        ImportRecord(
            at=dt.datetime.now(dt.UTC),
            source_name=source_name[:200],
            form=form,
            year=year,
            quarter=quarter,
            status=status,
            forced=forced,
            detail=(detail or None) and detail[:1000],
        )
    )


def ever_held_informes(*, session: Session) -> bool:
    """Whether the store holds an informe or ever tried to import one."""
    if session.exec(select(Informe.id).limit(1)).first() is not None:
        return True
    return session.exec(select(ImportRecord.id).limit(1)).first() is not None
