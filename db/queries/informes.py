"""Informes, the records each one owns, and the commission's integration. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, update
from sqlmodel import Session, SQLModel, col, select

from db.models import (
    INFORME_OWNED,
    Activity,
    Acuerdo,
    Attendance,
    CommissionMember,
    CommissionSession,
    Convenio,
    ConvenioReport,
    Figure,
    Informe,
    Passage,
)


def list_informes(*, session: Session) -> list[Informe]:
    """All informes, oldest quarter first."""
    return list(session.exec(select(Informe).order_by(Informe.year, Informe.quarter)).all())  # type: ignore[arg-type]


def get_informe(informe_id: int, *, session: Session) -> Informe | None:
    """The informe numbered ``informe_id``."""
    return session.get(Informe, informe_id)


def find_informe(commission: str, year: int, quarter: int, *, session: Session) -> Informe | None:
    """The stored informe of ``commission`` for that quarter, if any."""
    query = select(Informe).where(
        col(Informe.commission) == commission, col(Informe.year) == year, col(Informe.quarter) == quarter
    )
    return session.exec(query).first()


def list_stale(parser_version: int, *, session: Session) -> list[Informe]:
    """Informes stored by an importer other than ``parser_version``."""
    return list(session.exec(select(Informe).where(col(Informe.parser_version) != parser_version)).all())


def put(informe: Informe, *, session: Session) -> None:
    """Add or update an informe row (its id is set on flush)."""
    session.add(informe)
    session.flush()


def add_records(rows: Iterable[SQLModel], *, session: Session) -> None:
    """Add rows an informe contributes (attendance, acuerdos, activities, …); written on the next flush."""
    session.add_all(list(rows))


def add_record(row: SQLModel, *, session: Session) -> None:
    """Add one row an informe contributes and flush it, so that its id is set."""
    session.add(row)
    session.flush()


@dataclass(frozen=True)
class OwnedCounts:
    """How many records of each kind an informe owns."""

    sessions: int
    acuerdos: int
    attended_sessions: int  # sessions with rows in its attendance tables
    activities: int
    convenios: dict[str, int] = field(default_factory=dict)  # by status


def owned_counts(informe_id: int, *, session: Session) -> OwnedCounts:
    """The records the informe numbered ``informe_id`` owns, counted by kind."""

    def count(table: type[SQLModel]) -> int:
        query = select(func.count()).select_from(table).where(col(table.informe_id) == informe_id)  # type: ignore[attr-defined]
        return int(session.exec(query).one())

    attended = select(func.count(func.distinct(Attendance.position))).where(col(Attendance.informe_id) == informe_id)
    by_status = select(Convenio.status, func.count()).where(col(Convenio.informe_id) == informe_id)
    return OwnedCounts(
        sessions=count(CommissionSession),
        acuerdos=count(Acuerdo),
        attended_sessions=int(session.exec(attended).one()),
        activities=count(Activity),
        convenios={status: int(n) for status, n in session.exec(by_status.group_by(Convenio.status)).all()},
    )


def delete_owned(informe_id: int, *, session: Session) -> None:
    """Remove every record the informe owns (its sessions stay, as references) before it is written again."""
    convenio_ids = select(Convenio.id).where(col(Convenio.informe_id) == informe_id)
    session.execute(delete(ConvenioReport).where(col(ConvenioReport.convenio_id).in_(convenio_ids)))
    for table in INFORME_OWNED:
        session.execute(delete(table).where(col(table.informe_id) == informe_id))  # type: ignore[attr-defined]
    session.execute(
        update(CommissionSession)
        .where(col(CommissionSession.informe_id) == informe_id)
        .values(informe_id=None, held_at=None)
    )
    session.execute(update(Informe).where(col(Informe.id) == informe_id).values(approval_session_id=None))
    session.flush()


def list_members(*, session: Session) -> list[CommissionMember]:
    """Integration of the commission as each informe reports it."""
    return list(session.exec(select(CommissionMember).order_by(CommissionMember.informe_id, CommissionMember.id)).all())  # type: ignore[arg-type]


def list_figures(*, session: Session) -> list[Figure]:
    """Figures stated in the informes' prose."""
    return list(session.exec(select(Figure).order_by(Figure.id)).all())  # type: ignore[arg-type]


def list_passages(*, session: Session) -> list[Passage]:
    """Text passages with their section, in document order."""
    return list(session.exec(select(Passage).order_by(Passage.informe_id, Passage.position)).all())  # type: ignore[arg-type]
