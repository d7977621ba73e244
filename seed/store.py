"""One identity per thing across informes: what the store derives from all of its informes together.

A session or acuerdo belongs to the informe that holds it (the one whose quarter contains it). Other
informes only refer to it: the cover names the acuerdo and session that approved the informe, often in the
next quarter. What only such references tell (an acuerdo not yet listed by its own informe, the date of a
session no informe holds yet) is derived here from every informe in the store, so the result does not
depend on the order in which informes were imported.
"""

from __future__ import annotations

from sqlmodel import Session

from db.models import Acuerdo, Informe
from db.queries import acuerdos, informes, sessions
from lang.spanish import ACUERDO_CODE_RE, full_year


def settle_references(session: Session) -> None:
    """Acuerdos known only from a cover, dates of sessions no informe holds, sessions nothing refers to."""
    stored = informes.list_informes(session=session)
    _cover_acuerdos(session, stored)
    _referenced_dates(session, stored)
    session.flush()
    sessions.delete_orphans(session=session)


def _cover_acuerdos(session: Session, stored: list[Informe]) -> None:
    """The acuerdo that approved an informe, as its cover tells it, until the informe that lists it is in."""
    known = acuerdos.all_codes(session=session)
    cover: list[Acuerdo] = []
    for informe in stored:
        code = informe.approval_acuerdo
        match = ACUERDO_CODE_RE.fullmatch(code or "")
        if code is None or match is None or code in known:
            continue
        known.add(code)
        point = f", punto {informe.approval_point} del orden del día" if informe.approval_point else ""
        title = informe.title.capitalize() if informe.title.isupper() else informe.title
        cover.append(
            Acuerdo(
                informe_id=None,
                session_id=informe.approval_session_id,
                code=code,
                code_as_written=code,
                prefix=match.group("prefix").upper(),
                number=int(match.group("number")),
                year=full_year(int(match.group("year"))),
                date=informe.approval_date,
                text=f"Aprobación del {title[:1].lower()}{title[1:]}{point}.",
                position=0,
            )
        )
    acuerdos.add_references(cover, session=session)


def _referenced_dates(session: Session, stored: list[Informe]) -> None:
    """A session no informe holds takes its date from the latest cover that names it (calendar entries keep
    their own)."""
    by_session: dict[int, Informe] = {}
    for informe in stored:  # oldest first: the latest informe's word stands
        if informe.approval_session_id is not None and informe.approval_date is not None:
            by_session[informe.approval_session_id] = informe
    for row in sessions.only_referred_to(session=session):
        naming = by_session.get(row.id or 0)
        if naming is not None and row.date != naming.approval_date:
            row.date = naming.approval_date  # the row is the session's: written on the next flush
