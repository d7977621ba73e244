"""Acuerdos adopted and acuerdos mentioned."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import Acuerdo, AcuerdoMention


def list_acuerdos(*, session: Session) -> list[Acuerdo]:
    """Acuerdos listed in the informes, by year and number."""
    return list(session.exec(select(Acuerdo).order_by(Acuerdo.year, Acuerdo.number)).all())  # type: ignore[arg-type]


def list_mentions(*, session: Session) -> list[AcuerdoMention]:
    """Acuerdos the informes only mention."""
    return list(session.exec(select(AcuerdoMention).order_by(AcuerdoMention.id)).all())  # type: ignore[arg-type]


def get_acuerdo(code: str, *, session: Session) -> Acuerdo | None:
    """The acuerdo with the normalised ``code``, if listed."""
    return session.exec(select(Acuerdo).where(Acuerdo.code == code)).first()
