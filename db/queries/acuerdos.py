"""Acuerdos adopted and acuerdos mentioned. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from db.models import Acuerdo, AcuerdoMention, Informe


def list_acuerdos(*, session: Session) -> list[Acuerdo]:
    """Acuerdos listed in the informes, by year and number."""
    return list(session.exec(select(Acuerdo).order_by(Acuerdo.year, Acuerdo.number)).all())  # type: ignore[arg-type]


def list_mentions(*, session: Session) -> list[AcuerdoMention]:
    """Acuerdos the informes only mention."""
    return list(session.exec(select(AcuerdoMention).order_by(AcuerdoMention.id)).all())  # type: ignore[arg-type]


def get_acuerdo(code: str, *, session: Session) -> Acuerdo | None:
    """The acuerdo with the normalised ``code``, if listed."""
    return session.exec(select(Acuerdo).where(Acuerdo.code == code)).first()


def all_codes(*, session: Session) -> set[str]:
    """The code of every stored acuerdo, listed by an informe or known only from a cover."""
    return set(session.exec(select(Acuerdo.code)).all())


def codes_owned_elsewhere(informe_id: int | None, *, session: Session) -> set[str]:
    """Codes of the acuerdos another informe than ``informe_id`` lists."""
    query = select(Acuerdo.code).where(col(Acuerdo.informe_id).is_not(None), col(Acuerdo.informe_id) != informe_id)
    return set(session.exec(query).all())


def held_elsewhere(codes: Sequence[str], informe_id: int | None, *, session: Session) -> list[tuple[str, int, int]]:
    """(code, year, quarter of the informe listing it) of those of ``codes`` another informe lists."""
    query = (
        select(Acuerdo.code, Informe.year, Informe.quarter)
        .join(Informe, col(Acuerdo.informe_id) == col(Informe.id))
        .where(col(Acuerdo.code).in_(codes), col(Acuerdo.informe_id) != informe_id)
    )
    return [(code, year, quarter) for code, year, quarter in session.exec(query).all()]


def delete_references(*, session: Session) -> None:
    """Remove the acuerdos known only from a cover (no informe lists them); they are derived again."""
    session.execute(delete(Acuerdo).where(col(Acuerdo.informe_id).is_(None)))


def add_references(rows: Iterable[Acuerdo], *, session: Session) -> None:
    """Add acuerdos known only from a cover (written on the next flush)."""
    session.add_all(list(rows))
