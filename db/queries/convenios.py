"""Convenios signed and followed up."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import Convenio, ConvenioReport


def list_convenios(*, session: Session) -> list[Convenio]:
    """Every convenio row, in informe order."""
    return list(session.exec(select(Convenio).order_by(Convenio.informe_id, Convenio.position)).all())  # type: ignore[arg-type]


def list_reports(*, session: Session) -> list[ConvenioReport]:
    """Which sessions each convenio's progress was reported in."""
    return list(session.exec(select(ConvenioReport)).all())
