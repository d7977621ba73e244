"""Importer: exact counts for both informes, idempotence, replacement, and damaged input."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, select

from db import models
from db.database import ensure_seeded
from lang.vocabulary import ActivityKind
from seed.importer import import_file, import_text, read_informe_file
from seed.parser import InformeFormatError, parse_informe
from tests.conftest import SECOND, SHIPPED


def _count(db: SqlEngine, table: type) -> int:
    with Session(db) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def _snapshot(db: SqlEngine) -> dict[str, int]:
    tables = [
        models.Informe,
        models.CommissionSession,
        models.Acuerdo,
        models.Attendance,
        models.Convenio,
        models.Activity,
        models.Passage,
        models.AcuerdoMention,
        models.CommissionMember,
    ]
    return {t.__name__: _count(db, t) for t in tables}


def test_shipped_informe_exact_counts() -> None:
    parsed = parse_informe(SHIPPED.read_text(encoding="utf-8"), SHIPPED.name)
    assert (parsed.year, parsed.quarter) == (2020, 4)
    held = sorted((k for k in parsed.sessions if k != parsed.approval_session), key=lambda k: k[2])
    assert held == [(2020, "ordinaria", 10), (2020, "ordinaria", 11), (2020, "ordinaria", 12)]
    assert [parsed.sessions[k].date for k in held] == [
        date(2020, 10, 26),
        date(2020, 11, 26),
        date(2020, 12, 22),
    ]
    assert all(parsed.sessions[k].modality == "virtual" for k in held)
    per_session = [sum(a.session == k for a in parsed.acuerdos) for k in held]
    assert len(parsed.acuerdos) == 11 and per_session == [3, 5, 3]
    assert "CVOE/050/20" in {a.code for a in parsed.acuerdos}
    assert next(a for a in parsed.acuerdos if a.code == "CVOE/050/20").code_as_written == "CVOE/50/20"
    assert len(parsed.attendance) == 27
    absent_tenth = [r for r in parsed.attendance if not r.marks[held[0]]]
    assert len(absent_tenth) == 5
    assert sum(c.status == "suscrito" for c in parsed.convenios) == 1
    assert sum(c.status == "seguimiento" for c in parsed.convenios) == 8
    assert (parsed.convenios_total, parsed.convenios_vigentes, parsed.convenios_since_year) == (75, 37, 2019)
    assert (parsed.approval_acuerdo, parsed.approval_point, parsed.approval_date) == (
        "CVOE/004/21",
        4,
        date(2021, 1, 21),
    )
    assert {m.code for m in parsed.mentions} >= {
        "CVOE/008/19",
        "IECM-ACU-CG-075-2020",
        "CVOE/028/19",
        "CVOE/004/21",
    }
    roles = sorted(m.role for m in parsed.members)
    assert roles == ["consejeria", "consejeria", "presidencia", "secretaria_tecnica"]
    secretaria = next(m for m in parsed.members if m.role == "secretaria_tecnica")
    assert secretaria.acuerdos == ["CVOE/008/19", "CVOE/044/20"]
    # Kinds are general; the informe's own name for each table is its series.
    tables = Counter((a.kind, (a.series or "")[:40]) for a in parsed.activities if a.series)
    assert tables == {
        (ActivityKind.PLATICA, "Pláticas en universidades"): 8,
        (ActivityKind.CORREO, "Información difundida a la Red de Observ"): 49,
        (ActivityKind.CORREO, "Durante el periodo reportado, mediante e"): 15,
        (ActivityKind.NOTA, "Se dio seguimiento a las sesiones del Co"): 8,
        (ActivityKind.REPORTE, "Respecto a la atención y recepción de so"): 13,
        (ActivityKind.SESION, "Asimismo, se dio atención al desarrollo "): 11,
        (ActivityKind.NOTA, "Se distribuyó entre las y los integrante"): 12,
        (ActivityKind.REUNION, "A continuación, se menciona la labor est"): 1,
    }
    course = next(a for a in parsed.activities if a.title.startswith("Organización de elecciones"))
    assert (course.date, course.participants) == (date(2020, 12, 7), 110)
    iri = next(a for a in parsed.activities if "Justicia Penal" in a.title)
    assert (iri.date, iri.end_date, iri.participants) == (date(2020, 11, 19), date(2020, 11, 20), 27)


def test_second_informe_with_other_shapes() -> None:
    parsed = parse_informe(SECOND.read_text(encoding="utf-8"), SECOND.name)
    assert (parsed.year, parsed.quarter) == (2021, 1)
    held = {k: s.date for k, s in parsed.sessions.items() if k != parsed.approval_session}
    assert held == {
        (2021, "ordinaria", 1): date(2021, 1, 21),
        (2021, "extraordinaria", 1): date(2021, 2, 5),
        (2021, "urgente", 2): date(2021, 3, 10),
        (2021, "ordinaria", 3): date(2021, 3, 25),
    }
    codes = {a.code: a.session for a in parsed.acuerdos}
    assert codes == {
        "CVOE/001/21": (2021, "ordinaria", 1),
        "CVOE/002/21": (2021, "ordinaria", 1),
        "CVOE/004/21": (2021, "ordinaria", 1),
        "CVOE/003/21": (2021, "extraordinaria", 1),
        "CVOE/005/21": (2021, "urgente", 2),
        "CVOE/006/21": (2021, "ordinaria", 3),
        "CVOE/007/21": (2021, "ordinaria", 3),
    }
    # The table broken across pages is one table; the urgent session has no attendance column.
    assert len(parsed.attendance) == 10
    assert all((2021, "urgente", 2) not in r.marks for r in parsed.attendance)
    morena = next(r for r in parsed.attendance if "MORENA" in r.body)
    assert morena.marks[(2021, "ordinaria", 3)] is False
    assert [c.counterpart for c in parsed.convenios if c.status == "seguimiento"][-1].startswith("Universidad Autónoma")
    assert (parsed.convenios_total, parsed.convenios_vigentes) == (77, 39)
    assert parsed.approval_session == (2021, "ordinaria", 2)
    assert not any("se leyeron" in w for w in parsed.warnings)


def test_import_writes_everything_and_is_idempotent(db: SqlEngine) -> None:
    first = import_file(db, SHIPPED)
    assert first.status == "nuevo" and first.counts["acuerdos"] == 11 and first.counts["sesiones"] == 3
    before = _snapshot(db)
    assert before["Attendance"] == 27 * 3 and before["CommissionSession"] == 4
    again = import_file(db, SHIPPED)
    assert again.status == "sin cambios"
    assert _snapshot(db) == before


def test_corrected_informe_replaces_its_records(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "- **CVOE/053/20.** Aprobación del contenido del Manual",
        "- **CVOE/054/20.** Aprobación del contenido del Manual",
    )
    report = import_text(db, text, source_name=SHIPPED.name)
    assert report.status == "actualizado"
    with Session(db) as session:
        codes = set(session.exec(select(models.Acuerdo.code)).all())
    assert "CVOE/054/20" in codes and "CVOE/053/20" not in codes and len(codes) == 11
    assert _count(db, models.Informe) == 1


def test_two_informes_share_the_session_that_approved_the_first(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    import_file(db, SECOND)
    with Session(db) as session:
        first = session.exec(
            select(models.CommissionSession).where(
                models.CommissionSession.year == 2021,
                models.CommissionSession.number == 1,
                models.CommissionSession.kind == "ordinaria",
            )
        ).all()
    assert len(first) == 1 and first[0].date == date(2021, 1, 21)
    assert _count(db, models.Informe) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hola",
        "Lista del súper:\n\n- leche\n- pan\n" * 30,
        "# Informe trimestral\n\nTexto sin sesiones ni acuerdos.\n" * 20,
        "\x00\x01binario" * 100,
    ],
)
def test_damaged_or_foreign_text_is_refused_and_nothing_changes(db: SqlEngine, text: str) -> None:
    import_file(db, SHIPPED)
    before = _snapshot(db)
    with pytest.raises(InformeFormatError):
        import_text(db, text, source_name="roto.md")
    assert _snapshot(db) == before


def test_truncated_informe_imports_what_it_has_with_warnings(db: SqlEngine) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    cut = text[: text.index("#### **Décima segunda sesión ordinaria")]
    report = import_text(db, cut, source_name="cortado.md")
    assert report.counts["acuerdos"] == 8
    assert any("11 acuerdos" in w for w in report.warnings)


def test_failure_in_the_middle_of_writing_rolls_back(db: SqlEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    import seed.importer as importer

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(importer, "_delete_orphan_sessions", explode)
    with pytest.raises(RuntimeError):
        import_file(db, SHIPPED)
    assert all(n == 0 for n in _snapshot(db).values())


def test_binary_and_oversized_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "foto.md"
    binary.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 10)
    with pytest.raises(InformeFormatError):
        parse_informe(read_informe_file(binary))
    big = tmp_path / "enorme.md"
    big.write_bytes(b"a" * (6 * 1024 * 1024))
    with pytest.raises(InformeFormatError):
        read_informe_file(big)


def test_seeding_only_when_empty_and_reparse_when_parser_changes(
    db: SqlEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(db, SECOND)
    ensure_seeded(db)  # holds an informe already: the shipped one is not added
    assert _count(db, models.Informe) == 1
    import seed.importer as importer

    monkeypatch.setattr(importer, "PARSER_VERSION", importer.PARSER_VERSION + 1)
    ensure_seeded(db)
    with Session(db) as session:
        versions = set(session.exec(select(models.Informe.parser_version)).all())
    assert versions == {importer.PARSER_VERSION}
    assert _count(db, models.Acuerdo) == 7


MINIMAL_OTHER_SHAPE = """**TERCER INFORME TRIMESTRAL DE ACTIVIDADES DE LA COMISIÓN 2021**

## Introducción

Periodo comprendido entre julio-septiembre de 2021.

## I. Sesiones y asistencia

No.\tSesión\tFecha
1\tSéptima sesión ordinaria\t29/07/2021
2\tCuarta sesión extraordinaria\t12/08/2021

Integrantes\tSéptima sesión ordinaria\tCuarta sesión extraordinaria
Presidencia: Erika Estrada Ruiz\tX\tX
Partido MORENA\tX\t
Partido del Trabajo\t\tX

## II. Acuerdos

**Séptima sesión ordinaria**

- **CVOE/30/21** Aprobación del orden del día.

**Cuarta sesión extraordinaria**

- **CVOE/31/21** Aprobación del programa de visitas.
"""


def test_a_sessions_table_by_rows_and_a_dashed_period() -> None:
    parsed = parse_informe(MINIMAL_OTHER_SHAPE, "informe.md")
    assert (parsed.year, parsed.quarter) == (2021, 3)
    assert {k: s.date for k, s in parsed.sessions.items()} == {
        (2021, "ordinaria", 7): date(2021, 7, 29),
        (2021, "extraordinaria", 4): date(2021, 8, 12),
    }
    assert [(a.code, a.session) for a in parsed.acuerdos] == [
        ("CVOE/030/21", (2021, "ordinaria", 7)),
        ("CVOE/031/21", (2021, "extraordinaria", 4)),
    ]
    morena = next(r for r in parsed.attendance if "MORENA" in r.body)
    assert morena.marks == {(2021, "ordinaria", 7): True, (2021, "extraordinaria", 4): False}
