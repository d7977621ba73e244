"""Import an informe in any form into the store: checked, in one transaction, idempotent, one at a time.

Reading and checking happen before the store is touched. Writing takes the store's lock, so that two
imports (or an import and the first-use seeding) run one after another; a refused import leaves the
informes exactly as they were and only adds a line to the import history.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from db.database import StoreBusy, store_lock
from db.models import (
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
from db.queries import acuerdos, calendar, imports, informes
from lang.spanish import fold, plural, short_date
from lang.vocabulary import ConvenioStatus, SessionStatus
from seed import checks
from seed.informe import InformeFormatError, ParsedInforme, ParsedSession, SessionKey
from seed.readers import read_document
from seed.sections import read_informe
from seed.store import settle_references

log = logging.getLogger(__name__)

PARSER_VERSION = 10
"""Bump when informes are read differently: stored informes are then read again from their source."""

SHIPPED_DIR = Path(__file__).parent / "informes"
MAX_INFORME_BYTES = 5 * 1024 * 1024


COUNTED = {
    "sesiones": ("sesión", "sesiones"),
    "acuerdos": ("acuerdo", "acuerdos"),
    "asistentes": ("asistente", "asistentes"),
    "integrantes": ("integrante", "integrantes"),
    "convenios suscritos": ("convenio suscrito", "convenios suscritos"),
    "convenios con seguimiento": ("convenio con seguimiento", "convenios con seguimiento"),
    "actividades": ("actividad", "actividades"),
    "acuerdos mencionados": ("acuerdo mencionado", "acuerdos mencionados"),
    "cifras": ("cifra", "cifras"),
    "pasajes": ("pasaje", "pasajes"),
}
"""The singular and plural of each count an import reports."""


class ImportRefused(Exception):
    """The informe contradicts itself, its dates or the stored version; nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("; ".join(report.problems))
        self.report = report


class ImportBusy(Exception):
    """Another import kept the store busy for too long."""

    def __str__(self) -> str:
        return "Otra importación está en curso y no terminó a tiempo; inténtalo de nuevo en un momento."


def shipped_informes() -> list[Path]:
    """The informes that ship with the project, oldest first."""
    return sorted(SHIPPED_DIR.glob("*.md"))


@dataclass
class ImportReport:
    """What an import did or would do: the informe, counts per kind, figures, warnings and problems."""

    commission: str
    year: int
    quarter: int
    status: str  # nuevo | actualizado | sin cambios | rechazado
    form: str = "markdown"
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    figures: list[checks.FigureCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    forced: bool = False

    def summary(self) -> str:
        """One Spanish line: "Informe CVOE 2020-T4 (nuevo): 3 sesiones, 11 acuerdos, 1 convenio suscrito, …"."""
        parts = ", ".join(plural(n, *COUNTED.get(name, (name, name))) for name, n in self.counts.items())
        forced = ", forzado" if self.forced else ""
        return f"Informe {self.commission} {self.year}-T{self.quarter} ({self.status}{forced}): {parts}"

    def figures_table(self) -> str:
        """Figures read against figures stated, as a small text table."""
        return checks.figures_table(self.figures)


def read_informe_file(path: Path) -> bytes:
    """An informe file's bytes, refusing oversized ones with a clear error."""
    size = path.stat().st_size
    if size > MAX_INFORME_BYTES:
        raise InformeFormatError(f"El archivo pesa {size // 1024} KiB; el máximo es {MAX_INFORME_BYTES // 1024} KiB.")
    return path.read_bytes()


def parse_informe_bytes(data: bytes, source_name: str = "") -> ParsedInforme:
    """Read an informe in any supported form (without touching the store)."""
    if len(data) > MAX_INFORME_BYTES:
        raise InformeFormatError(
            f"El archivo pesa {len(data) // 1024} KiB; el máximo es {MAX_INFORME_BYTES // 1024} KiB."
        )
    if len(data.strip()) < 200:
        raise InformeFormatError("El archivo está vacío o es demasiado corto para ser un informe.")
    return read_informe(read_document(data, source_name))


def import_file(engine: Engine, path: Path, *, force: bool = False) -> ImportReport:
    """Import the informe at ``path``."""
    return import_bytes(engine, read_informe_file(path), source_name=path.name, force=force)


def import_text(
    engine: Engine, text: str, *, source_name: str, force: bool = False, refresh: bool = False
) -> ImportReport:
    """Import an informe given as text."""
    return import_bytes(engine, text.encode("utf-8"), source_name=source_name, force=force, refresh=refresh)


def import_bytes(
    engine: Engine, data: bytes, *, source_name: str, force: bool = False, refresh: bool = False
) -> ImportReport:
    """Read, check and store an informe, replacing an earlier version of the same quarter.

    Everything is written in one transaction under the store's lock: on any error the database is left as
    it was. Importing the same file twice changes nothing. A failed check (core figures, dates, fewer records
    than the stored version) raises :class:`ImportRefused` unless ``force``; ``refresh`` reads an unchanged
    source again (after an importer upgrade).
    """
    try:
        parsed = parse_informe_bytes(data, source_name)
    except InformeFormatError as error:
        _record_failure(engine, source_name, "ilegible", str(error))
        raise
    report = check(parsed)
    try:
        with store_lock(engine) as session:
            store(session, parsed, data, source_name, report, force=force, refresh=refresh)
            if report.problems and not force:
                raise ImportRefused(report)
    except StoreBusy:
        raise ImportBusy() from None
    except ImportRefused:
        _record_failure(engine, source_name, "rechazado", " ".join(report.problems), parsed)
        raise
    for warning in report.warnings:
        log.info("%s %s-T%s: %s", report.commission, report.year, report.quarter, warning)
    return report


def check(parsed: ParsedInforme) -> ImportReport:
    """The informe checked against itself: figures, dates."""
    figures = checks.figure_checks(parsed)
    return ImportReport(
        commission=parsed.commission,
        year=parsed.year,
        quarter=parsed.quarter,
        status="nuevo",
        form=parsed.form,
        counts=parsed.counts(),
        warnings=parsed.warnings + checks.figure_warnings(figures),
        figures=figures,
        problems=checks.core_problems(parsed, figures) + checks.date_problems(parsed),
    )


def _record_failure(
    engine: Engine, source_name: str, status: str, detail: str, parsed: ParsedInforme | None = None
) -> None:
    """Note a refused or unreadable file in the history, in its own small transaction."""
    try:
        with Session(engine) as session:
            imports.record(
                source_name,
                status,
                session=session,
                form=parsed.form if parsed else None,
                year=parsed.year if parsed else None,
                quarter=parsed.quarter if parsed else None,
                detail=detail,
            )
            session.commit()
    except Exception:  # the history is a courtesy: never let it hide the real outcome
        log.warning("No pude anotar el intento de importación de %s", source_name, exc_info=True)


def store(
    session: Session,
    parsed: ParsedInforme,
    data: bytes,
    source_name: str,
    report: ImportReport,
    *,
    force: bool = False,
    refresh: bool = False,
    status: str | None = None,
) -> None:
    """Write a checked informe in the caller's locked transaction, unless a check against the store fails
    (then ``report.problems`` grows and nothing is written unless ``force``)."""
    checksum = hashlib.sha256(data).hexdigest()
    existing = informes.find_informe(parsed.commission, parsed.year, parsed.quarter, session=session)
    unchanged = existing is not None and existing.checksum == checksum and existing.parser_version == PARSER_VERSION
    if unchanged and not force and not refresh:
        report.status, report.problems = "sin cambios", []
        imports.record(
            source_name, report.status, session=session, form=parsed.form, year=parsed.year, quarter=parsed.quarter
        )
        return
    if existing is not None and existing.id is not None:
        report.problems += checks.degradation(stored_counts(session, existing.id), parsed.counts())
    report.problems += _conflicts(session, parsed, existing.id if existing else None)
    report.warnings += same_names(session, parsed, existing.id if existing else None)
    if report.problems and not force:
        return
    report.forced = force and bool(report.problems)
    report.status = status or ("actualizado" if existing is not None else "nuevo")
    _write(session, parsed, data, source_name, checksum, existing)
    detail = " ".join(report.problems) if report.forced else None
    imports.record(
        source_name,
        report.status,
        session=session,
        form=parsed.form,
        year=parsed.year,
        quarter=parsed.quarter,
        forced=report.forced,
        detail=detail,
    )


def stored_counts(session: Session, informe_id: int) -> dict[str, int]:
    """The stored version's counts, named as :meth:`ParsedInforme.counts` names them."""
    owned = informes.owned_counts(informe_id, session=session)
    return {
        "sesiones": owned.sessions,
        "acuerdos": owned.acuerdos,
        "asistentes": owned.attended_sessions,
        "convenios suscritos": owned.convenios.get(ConvenioStatus.SUSCRITO, 0),
        "convenios con seguimiento": owned.convenios.get(ConvenioStatus.SEGUIMIENTO, 0),
        "actividades": owned.activities,
    }


def _conflicts(session: Session, parsed: ParsedInforme, informe_id: int | None) -> list[str]:
    """Acuerdos and sessions this informe claims that another stored informe already holds."""
    problems = []
    codes = [a.code for a in parsed.acuerdos]
    if codes:
        held = acuerdos.held_elsewhere(codes, informe_id, session=session)
        problems += [f"El acuerdo {code} ya figura en el informe {year}-T{quarter}." for code, year, quarter in held]
    for found in parsed.held:
        for row in calendar.find_all(*found.key, session=session):
            if row.informe_id is None or row.informe_id == informe_id or _another_day(row, found, parsed):
                continue  # a reference, this informe's own, or another session given the same name
            owner = informes.get_informe(row.informe_id, session=session)
            if owner is not None:
                problems.append(
                    f"La {found.name} de {found.year} ya pertenece al informe {owner.year}-T{owner.quarter}."
                )
    return problems


def _another_day(row: CommissionSession, found: ParsedSession, parsed: ParsedInforme) -> bool:
    """Whether a stored session with the name of one this informe holds is another session: each dated within
    its own informe's quarter, on different days (one of the two informes numbered it wrong)."""
    return (
        row.date is not None
        and found.date is not None
        and row.date != found.date
        and parsed.period_start <= found.date <= parsed.period_end
    )


def same_names(session: Session, parsed: ParsedInforme, informe_id: int | None) -> list[str]:
    """Warnings for sessions this informe holds whose name another informe gives to a session of another day."""
    said = []
    for found in parsed.held:
        for row in calendar.find_all(*found.key, session=session):
            other = row.informe_id is not None and row.informe_id != informe_id
            if other and row.date and found.date and _another_day(row, found, parsed):
                owner = informes.get_informe(row.informe_id, session=session)  # type: ignore[arg-type]
                where = f" (informe {owner.year}-T{owner.quarter})" if owner else ""
                said.append(
                    f"La {found.name} de {found.year} del {short_date(found.date)} lleva el nombre de la del "
                    f"{short_date(row.date)}{where}: se guardan como dos sesiones distintas."
                )
    return said


def _write(
    session: Session, parsed: ParsedInforme, data: bytes, source_name: str, checksum: str, existing: Informe | None
) -> None:
    if existing is not None and existing.id is not None:
        informes.delete_owned(existing.id, session=session)
    binary = parsed.form in ("pdf", "docx")
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
        source_text="" if binary else data.decode("utf-8", errors="replace"),
        source_data=data if binary else None,
        source_form=parsed.form,
        checksum=checksum,
        parser_version=PARSER_VERSION,
        imported_at=datetime.now(UTC),
    )
    informe = existing or Informe(commission=parsed.commission, year=parsed.year, quarter=parsed.quarter, **values)
    for name, value in values.items():
        setattr(informe, name, value)
    informes.put(informe, session=session)
    assert informe.id is not None
    ids = _write_sessions(session, parsed, informe.id)
    if parsed.approval_session:
        informe.approval_session_id = ids.get(parsed.approval_session)
    _write_records(session, parsed, informe.id, ids)
    session.flush()
    settle_references(session)


def _write_sessions(session: Session, parsed: ParsedInforme, informe_id: int) -> dict[SessionKey, int]:
    """The informe's sessions: those of its quarter become its own (date, modality, held); the others are
    references, created when unknown and otherwise left as their own informe wrote them."""
    ids: dict[SessionKey, int] = {}
    for key, found in parsed.sessions.items():
        row = _row_for(calendar.find_all(*key, session=session), found, parsed, informe_id)
        if row is None:
            row = CommissionSession(year=key[0], kind=key[1], number=key[2], ordinal=found.ordinal)
        if found.held and row.informe_id in (None, informe_id):
            row.informe_id = informe_id
            row.date = found.date or row.date
            row.modality = found.modality or row.modality
            row.held_at = found.held_at.astimezone(UTC) if found.held_at else None  # UTC, as starts_at
            row.status = SessionStatus.CELEBRADA
        row.urgent = row.urgent or found.urgent
        calendar.put(row, session=session)
        assert row.id is not None
        ids[key] = row.id
    return ids


def _row_for(
    rows: list[CommissionSession], found: ParsedSession, parsed: ParsedInforme, informe_id: int
) -> CommissionSession | None:
    """The stored session a session this informe names is: its own; the one of that day; a reference or a
    calendar entry with that name (re-dated by the informe that holds it); none when every one with that
    name is another informe's, of another day. A mere reference goes to the latest one by then."""
    own = [r for r in rows if r.informe_id == informe_id]
    same_day = [r for r in rows if found.date is not None and r.date == found.date]
    loose = [r for r in rows if r.informe_id is None]
    if own or same_day or loose:
        return (own or same_day or loose)[0]
    if found.held and rows and all(_another_day(r, found, parsed) for r in rows):
        return None  # another session given the same name: a row of its own
    by_then = [r for r in rows if r.date is None or r.date <= parsed.period_end + timedelta(days=120)]
    return (by_then or rows)[-1] if rows else None


def _write_records(session: Session, parsed: ParsedInforme, informe_id: int, ids: dict[SessionKey, int]) -> None:
    owned_elsewhere = acuerdos.codes_owned_elsewhere(informe_id, session=session)
    acuerdos.delete_references(session=session)  # references, settled again below
    rows: list[SQLModel] = [
        CommissionMember(
            informe_id=informe_id,
            role=member.role,
            name=member.name,
            designation=member.designation,
            acuerdos=", ".join(member.acuerdos) or None,
            start_date=member.start,
            end_date=member.end,
            designation_acuerdo=member.designated_by,
        )
        for member in parsed.members
    ]
    rows += [
        Attendance(
            informe_id=informe_id,
            session_id=ids[key],
            position=row.position,
            group=row.group,
            role=row.role,
            body=row.body,
            person=row.people.get(key, row.person),
            present=present,
        )
        for row in parsed.attendance
        for key, present in row.marks.items()
    ]
    for acuerdo in parsed.acuerdos:
        if acuerdo.code in owned_elsewhere:
            continue  # kept by the informe that listed it first (a forced import)
        when = parsed.sessions[acuerdo.session].date if acuerdo.session else None
        rows.append(
            Acuerdo(
                informe_id=informe_id,
                session_id=ids.get(acuerdo.session) if acuerdo.session else None,
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
    rows += [AcuerdoMention(informe_id=informe_id, **vars(mention)) for mention in parsed.mentions]
    informes.add_records(rows, session=session)
    for convenio in parsed.convenios:
        row_convenio = Convenio(
            informe_id=informe_id,
            status=convenio.status,
            position=convenio.position,
            instrument_type=convenio.instrument_type,
            counterpart=convenio.counterpart,
            object=convenio.object,
            signed_on=convenio.signed_on,
            sessions_text=convenio.sessions_text,
        )
        informes.add_record(row_convenio, session=session)
        assert row_convenio.id is not None
        reports = [
            ConvenioReport(convenio_id=row_convenio.id, session_id=ids[key])
            for key in dict.fromkeys(convenio.sessions)
            if key in ids
        ]
        informes.add_records(reports, session=session)
    rows = [Activity(informe_id=informe_id, **vars(activity)) for activity in parsed.activities]
    rows += [Figure(informe_id=informe_id, **vars(figure)) for figure in parsed.figures]
    rows += [
        Passage(informe_id=informe_id, search_text=fold(f"{passage.section} {passage.text}"), **vars(passage))
        for passage in parsed.passages
    ]
    informes.add_records(rows, session=session)
