"""Write a parsed informe to the store in one transaction, idempotently."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, union, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from db.models import (
    INFORME_OWNED,
    Activity,
    Acuerdo,
    AcuerdoMention,
    Attendance,
    CommissionMember,
    CommissionSession,
    Convenio,
    ConvenioReport,
    Figure,
    Informe,
    Passage,
)
from lang.spanish import fold
from seed.parser import InformeFormatError, ParsedInforme, SessionKey, parse_informe

log = logging.getLogger(__name__)

PARSER_VERSION = 4
"""Bump when the parser reads informes differently: stored informes are then parsed again."""

SHIPPED_DIR = Path(__file__).parent / "informes"
MAX_INFORME_BYTES = 5 * 1024 * 1024


def shipped_informes() -> list[Path]:
    """The informes that ship with the project, oldest first."""
    return sorted(SHIPPED_DIR.glob("*.md"))


@dataclass
class ImportReport:
    """What an import did: the informe, counts per kind, warnings, and whether anything changed."""

    commission: str
    year: int
    quarter: int
    status: str  # nuevo | actualizado | sin cambios
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One Spanish line: "Informe CVOE 2020-T4 (nuevo): 3 sesiones, 11 acuerdos, …"."""
        parts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"Informe {self.commission} {self.year}-T{self.quarter} ({self.status}): {parts}"


def read_informe_file(path: Path) -> str:
    """Read an informe's text, refusing binary, oversized or undecodable files with a clear error."""
    size = path.stat().st_size
    if size > MAX_INFORME_BYTES:
        raise InformeFormatError(f"El archivo pesa {size // 1024} KiB; el máximo es {MAX_INFORME_BYTES // 1024} KiB.")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InformeFormatError("No pude leer el archivo como texto (codificación desconocida).")


def import_text(engine: Engine, text: str, *, source_name: str, force: bool = False) -> ImportReport:
    """Parse ``text`` and store it, replacing an earlier version of the same informe.

    Everything happens in one transaction: on any error the database is left exactly as it was.
    Importing the same text twice changes nothing (unless ``force``, used to re-read with a newer parser).
    """
    parsed = parse_informe(text, source_name)
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with Session(engine, expire_on_commit=False) as session:
        try:
            report = _store(session, parsed, text, source_name, checksum, force)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    for warning in report.warnings:
        log.info("%s %s-T%s: %s", report.commission, report.year, report.quarter, warning)
    return report


def import_file(engine: Engine, path: Path) -> ImportReport:
    """Import the informe at ``path``."""
    return import_text(engine, read_informe_file(path), source_name=path.name)


def _store(
    session: Session, parsed: ParsedInforme, text: str, source_name: str, checksum: str, force: bool
) -> ImportReport:
    report = ImportReport(parsed.commission, parsed.year, parsed.quarter, "nuevo", parsed.counts(), parsed.warnings)
    existing = session.exec(
        select(Informe).where(
            col(Informe.commission) == parsed.commission,
            col(Informe.year) == parsed.year,
            col(Informe.quarter) == parsed.quarter,
        )
    ).first()
    if existing is not None:
        if existing.checksum == checksum and existing.parser_version == PARSER_VERSION and not force:
            report.status = "sin cambios"
            return report
        report.status = "actualizado"
        _delete_owned(session, existing.id)
    values: dict[str, Any] = dict(
        title=parsed.title,
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        approval_acuerdo=parsed.approval_acuerdo,
        approval_point=parsed.approval_point,
        approval_date=parsed.approval_date,
        approval_session_id=None,
        convenios_since_year=parsed.convenios_since_year,
        convenios_total=parsed.convenios_total,
        convenios_vigentes=parsed.convenios_vigentes,
        source_name=source_name,
        source_text=text,
        checksum=checksum,
        parser_version=PARSER_VERSION,
        imported_at=_now(),
    )
    if existing is None:
        informe = Informe(commission=parsed.commission, year=parsed.year, quarter=parsed.quarter, **values)
    else:
        informe = existing
        for name, value in values.items():
            setattr(informe, name, value)
    session.add(informe)
    session.flush()
    assert informe.id is not None

    sessions = _upsert_sessions(session, parsed, informe.id)
    if parsed.approval_session:
        informe.approval_session_id = sessions[parsed.approval_session]
    for member in parsed.members:
        session.add(
            CommissionMember(
                informe_id=informe.id,
                role=member.role,
                name=member.name,
                designation=member.designation,
                acuerdos=", ".join(member.acuerdos) or None,
            )
        )
    for row in parsed.attendance:
        for key, present in row.marks.items():
            session.add(
                Attendance(
                    informe_id=informe.id,
                    session_id=sessions[key],
                    position=row.position,
                    group=row.group,
                    role=row.role,
                    body=row.body,
                    person=row.person,
                    present=present,
                )
            )
    for acuerdo in parsed.acuerdos:
        session_id = sessions.get(acuerdo.session) if acuerdo.session else None
        when = parsed.sessions[acuerdo.session].date if acuerdo.session else None
        session.add(
            Acuerdo(
                informe_id=informe.id,
                session_id=session_id,
                code=acuerdo.code,
                code_as_written=acuerdo.code_as_written,
                prefix=acuerdo.prefix,
                number=acuerdo.number,
                year=acuerdo.year,
                date=when,
                text=acuerdo.text,
                observations=acuerdo.observations,
                position=acuerdo.position,
            )
        )
    for mention in parsed.mentions:
        session.add(
            AcuerdoMention(
                informe_id=informe.id,
                code=mention.code,
                code_as_written=mention.code_as_written,
                context=mention.context,
                section=mention.section,
                session_id=sessions.get(mention.session) if mention.session else None,
                date=mention.date,
            )
        )
    for convenio in parsed.convenios:
        row_convenio = Convenio(
            informe_id=informe.id,
            status=convenio.status,
            position=convenio.position,
            instrument_type=convenio.instrument_type,
            counterpart=convenio.counterpart,
            object=convenio.object,
            signed_on=convenio.signed_on,
            sessions_text=convenio.sessions_text,
        )
        session.add(row_convenio)
        session.flush()
        assert row_convenio.id is not None
        for key in convenio.sessions:
            if key in sessions:
                session.add(ConvenioReport(convenio_id=row_convenio.id, session_id=sessions[key]))
    for activity in parsed.activities:
        session.add(Activity(informe_id=informe.id, **_fields(activity)))
    for figure in parsed.figures:
        session.add(Figure(informe_id=informe.id, **_fields(figure)))
    for passage in parsed.passages:
        session.add(
            Passage(informe_id=informe.id, search_text=fold(f"{passage.section} {passage.text}"), **_fields(passage))
        )
    session.flush()
    _delete_orphan_sessions(session)
    return report


def _upsert_sessions(session: Session, parsed: ParsedInforme, informe_id: int) -> dict[SessionKey, int]:
    ids: dict[SessionKey, int] = {}
    for key, found in parsed.sessions.items():
        row = session.exec(
            select(CommissionSession).where(
                col(CommissionSession.year) == key[0],
                col(CommissionSession.kind) == key[1],
                col(CommissionSession.number) == key[2],
            )
        ).first()
        if row is None:
            row = CommissionSession(year=key[0], kind=key[1], number=key[2], ordinal=found.ordinal)
        row.date = found.date or row.date
        row.modality = found.modality or row.modality
        if key != parsed.approval_session:
            row.informe_id = informe_id
            row.status = "celebrada"
        elif row.informe_id is None:
            # Only named on the cover as the session that approved the informe.
            row.status = "celebrada" if row.status == "celebrada" else row.status
        session.add(row)
        session.flush()
        assert row.id is not None
        ids[key] = row.id
    return ids


def _delete_owned(session: Session, informe_id: int | None) -> None:
    convenio_ids = select(Convenio.id).where(col(Convenio.informe_id) == informe_id)
    session.execute(delete(ConvenioReport).where(col(ConvenioReport.convenio_id).in_(convenio_ids)))
    for table in INFORME_OWNED:
        session.execute(delete(table).where(col(table.informe_id) == informe_id))  # type: ignore[attr-defined]
    session.execute(
        update(CommissionSession).where(col(CommissionSession.informe_id) == informe_id).values(informe_id=None)
    )
    session.execute(update(Informe).where(col(Informe.id) == informe_id).values(approval_session_id=None))
    session.flush()


def _delete_orphan_sessions(session: Session) -> None:
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


def _fields(obj: object) -> dict[str, Any]:
    return dict(vars(obj))


def _now() -> datetime:
    return datetime.now(UTC)
