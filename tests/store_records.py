"""The store's content as plain, comparable records (no database ids): for comparing stores built from
different forms of an informe, or by importing informes in different orders."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, select

from db import models

Records = dict[str, list[tuple[Any, ...]]]


def store_records(db: SqlEngine) -> Records:
    """Every informe record of the store, keyed by what it is, each list sorted."""
    with Session(db) as session:
        informes = {i.id: (i.year, i.quarter) for i in session.exec(select(models.Informe)).all()}
        sessions = {s.id: (s.year, s.kind, s.number) for s in session.exec(select(models.CommissionSession)).all()}
        convenio_sessions: dict[int, list[tuple[int, str, int]]] = {}
        for report in session.exec(select(models.ConvenioReport)).all():
            convenio_sessions.setdefault(report.convenio_id, []).append(sessions[report.session_id])

        def owner(informe_id: int | None) -> tuple[int, int] | None:
            return informes.get(informe_id) if informe_id is not None else None

        records: Records = {
            "informes": [
                (
                    i.year,
                    i.quarter,
                    i.title,
                    i.period_start,
                    i.period_end,
                    i.approval_acuerdo,
                    i.approval_point,
                    i.approval_date,
                    sessions.get(i.approval_session_id or 0),
                    i.convenios_since_year,
                    i.convenios_total,
                    i.convenios_vigentes,
                )
                for i in session.exec(select(models.Informe)).all()
            ],
            "sesiones": [
                (s.year, s.kind, s.number, s.ordinal, s.date, s.modality, s.status, s.held_at, owner(s.informe_id))
                for s in session.exec(select(models.CommissionSession)).all()
            ],
            "acuerdos": [
                (
                    a.code,
                    a.code_as_written,
                    sessions.get(a.session_id or 0),
                    a.date,
                    a.text,
                    a.observations,
                    a.position,
                    owner(a.informe_id),
                )
                for a in session.exec(select(models.Acuerdo)).all()
            ],
            "asistencia": [
                (owner(a.informe_id), sessions[a.session_id], a.position, a.group, a.role, a.body, a.person, a.present)
                for a in session.exec(select(models.Attendance)).all()
            ],
            "convenios": [
                (
                    owner(c.informe_id),
                    c.status,
                    c.position,
                    c.instrument_type,
                    c.counterpart,
                    c.object,
                    c.signed_on,
                    c.sessions_text,
                    tuple(sorted(convenio_sessions.get(c.id or 0, []))),
                )
                for c in session.exec(select(models.Convenio)).all()
            ],
            "actividades": [
                (
                    owner(a.informe_id),
                    a.kind,
                    a.series,
                    a.section,
                    a.position,
                    a.date,
                    a.end_date,
                    a.date_text,
                    a.title,
                    a.institution,
                    a.detail,
                    a.person,
                    a.participants,
                )
                for a in session.exec(select(models.Activity)).all()
            ],
            "cifras": [
                (owner(f.informe_id), f.value, f.noun, f.sentence, f.section)
                for f in session.exec(select(models.Figure)).all()
            ],
            "menciones": [
                (owner(m.informe_id), m.code, m.context, m.section)
                for m in session.exec(select(models.AcuerdoMention)).all()
            ],
            "integrantes": [
                (
                    owner(m.informe_id),
                    m.role,
                    m.name,
                    m.designation,
                    m.acuerdos,
                    m.start_date,
                    m.end_date,
                    m.designation_acuerdo,
                )
                for m in session.exec(select(models.CommissionMember)).all()
            ],
            "pasajes": [
                (owner(p.informe_id), p.section, p.position, p.text) for p in session.exec(select(models.Passage)).all()
            ],
        }
    return {name: sorted(rows, key=repr) for name, rows in records.items()}


def differences(expected: Records, found: Records, kinds: tuple[str, ...]) -> dict[str, list[str]]:
    """Per kind of record, those in one store and not in the other (empty when the stores agree)."""
    out: dict[str, list[str]] = {}
    for kind in kinds:
        left, right = set(map(repr, expected[kind])), set(map(repr, found[kind]))
        missing = [f"- {r}" for r in sorted(left - right)] + [f"+ {r}" for r in sorted(right - left)]
        if missing or len(expected[kind]) != len(found[kind]):
            out[kind] = missing or [f"{len(expected[kind])} frente a {len(found[kind])} registros"]
    return out
