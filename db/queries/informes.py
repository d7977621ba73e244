"""Informes and the commission's integration."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import CommissionMember, Figure, Informe, Passage


def list_informes(*, session: Session) -> list[Informe]:
    """All informes, oldest quarter first."""
    return list(session.exec(select(Informe).order_by(Informe.year, Informe.quarter)).all())  # type: ignore[arg-type]


def list_members(*, session: Session) -> list[CommissionMember]:
    """Integration of the commission as each informe reports it."""
    return list(session.exec(select(CommissionMember).order_by(CommissionMember.informe_id, CommissionMember.id)).all())  # type: ignore[arg-type]


def list_figures(*, session: Session) -> list[Figure]:
    """Figures stated in the informes' prose."""
    return list(session.exec(select(Figure).order_by(Figure.id)).all())  # type: ignore[arg-type]


def list_passages(*, session: Session) -> list[Passage]:
    """Text passages with their section, in document order."""
    return list(session.exec(select(Passage).order_by(Passage.informe_id, Passage.position)).all())  # type: ignore[arg-type]
