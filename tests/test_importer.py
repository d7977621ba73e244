"""Importer: exact counts for both text informes, idempotence, replacement, refusals, seeding."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine as SqlEngine
from sqlmodel import Session, select

from db import models
from lang.vocabulary import ActivityKind
from seed.importer import ImportRefused, import_file, import_text, parse_informe_bytes, read_informe_file
from seed.informe import InformeFormatError, ParsedInforme
from seed.seeding import prepare_store, seed_if_new
from tests.conftest import SECOND, SHIPPED


def _parse(path: Path) -> ParsedInforme:
    return parse_informe_bytes(path.read_bytes(), path.name)


def _count(db: SqlEngine, table: type) -> int:
    with Session(db) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def snapshot(db: SqlEngine) -> dict[str, int]:
    """How many rows each informe table holds."""
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
        models.Figure,
    ]
    return {t.__name__: _count(db, t) for t in tables}


def test_shipped_informe_exact_counts() -> None:
    parsed = _parse(SHIPPED)
    assert (parsed.year, parsed.quarter) == (2020, 4)
    held = [s.key for s in parsed.held]
    assert held == [(2020, "ordinaria", 10), (2020, "ordinaria", 11), (2020, "ordinaria", 12)]
    assert [s.date for s in parsed.held] == [date(2020, 10, 26), date(2020, 11, 26), date(2020, 12, 22)]
    assert all(s.modality == "virtual" for s in parsed.held)
    per_session = [sum(a.session == k for a in parsed.acuerdos) for k in held]
    assert len(parsed.acuerdos) == 11 and per_session == [3, 5, 3]
    assert next(a for a in parsed.acuerdos if a.code == "CVOE/050/20").code_as_written == "CVOE/50/20"
    assert len(parsed.attendance) == 27
    # Three absent from the décima; the stand-ins (the Secretaría Ejecutiva's encargado del despacho, the
    # UTALAOD's representative) came only to the décima segunda, where the organs they stood in for are not absent.
    assert [r.body for r in parsed.attendance if r.marks.get(held[0]) is False] == [
        "Secretaría Administrativa",
        "Unidad Técnica del Centro de Formación y Desarrollo",
        "Unidad Técnica Especializada de Fiscalización",
    ]
    stand_in = next(r for r in parsed.attendance if r.body.startswith("Encargado del despacho"))
    assert stand_in.marks == {held[2]: True} and stand_in.person == "Gustavo Uribe Robles"
    executive = next(r for r in parsed.attendance if r.body == "Secretaría Ejecutiva")
    assert executive.marks == {held[0]: True, held[1]: True}
    # Gustavo Uribe Robles came to the décima segunda as the encargado: no absence in his Dirección's row.
    civic = next(r for r in parsed.attendance if r.body.startswith("Dirección Ejecutiva de Educación Cívica"))
    assert civic.marks == {held[0]: True, held[1]: True}
    assert sum(c.status == "suscrito" for c in parsed.convenios) == 1
    assert sum(c.status == "seguimiento" for c in parsed.convenios) == 8
    signed = next(c for c in parsed.convenios if c.status == "suscrito")
    assert (signed.instrument_type, signed.counterpart) == (
        "Apoyo y colaboración",
        "Secretaría de la Contraloría General de la Ciudad de México",
    )
    assert (parsed.convenios_total, parsed.convenios_vigentes, parsed.convenios_since_year) == (75, 37, 2019)
    assert (parsed.approval_acuerdo, parsed.approval_point, parsed.approval_date) == (
        "CVOE/004/21",
        4,
        date(2021, 1, 21),
    )
    assert parsed.approval_session == (2021, "ordinaria", 1) and not parsed.sessions[parsed.approval_session].held
    assert {m.code for m in parsed.mentions} >= {"CVOE/008/19", "IECM-ACU-CG-075-2020", "CVOE/028/19"}
    assert sorted(m.role for m in parsed.members) == ["consejeria", "consejeria", "presidencia", "secretaria_tecnica"]
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
    assert (iri.kind, iri.date, iri.end_date, iri.participants) == (
        ActivityKind.TALLER,
        date(2020, 11, 19),
        date(2020, 11, 20),
        27,
    )


def test_second_informe_with_other_shapes() -> None:
    parsed = _parse(SECOND)
    assert (parsed.year, parsed.quarter) == (2021, 1)
    assert {s.key: s.date for s in parsed.held} == {
        (2021, "ordinaria", 1): date(2021, 1, 21),
        (2021, "extraordinaria", 1): date(2021, 2, 5),
        (2021, "extraordinaria", 2): date(2021, 3, 10),
        (2021, "ordinaria", 3): date(2021, 3, 25),
    }
    assert {a.code: a.session for a in parsed.acuerdos} == {
        "CVOE/001/21": (2021, "ordinaria", 1),
        "CVOE/002/21": (2021, "ordinaria", 1),
        "CVOE/004/21": (2021, "ordinaria", 1),
        "CVOE/003/21": (2021, "extraordinaria", 1),
        "CVOE/005/21": (2021, "extraordinaria", 2),
        "CVOE/006/21": (2021, "ordinaria", 3),
        "CVOE/007/21": (2021, "ordinaria", 3),
    }
    # "Segunda sesión extraordinaria urgente" is the second extraordinaria, called urgently.
    assert [s.name for s in parsed.held if s.urgent] == ["segunda sesión extraordinaria urgente"]
    # The table broken across pages is one table; the urgent session has no attendance column.
    assert len(parsed.attendance) == 10
    assert all((2021, "extraordinaria", 2) not in r.marks for r in parsed.attendance)
    morena = next(r for r in parsed.attendance if "MORENA" in r.body)
    assert morena.marks[(2021, "ordinaria", 3)] is False
    assert [c.counterpart for c in parsed.convenios if c.status == "seguimiento"][-1].startswith("Universidad Autónoma")
    assert (parsed.convenios_total, parsed.convenios_vigentes) == (77, 39)
    assert parsed.approval_session == (2021, "ordinaria", 2)
    # "Aprobación de la minuta de la décima segunda sesión ordinaria de 2020": a reference, not a session.
    assert (2020, "ordinaria", 12) not in parsed.sessions


def test_import_writes_everything_and_is_idempotent(db: SqlEngine) -> None:
    first = import_file(db, SHIPPED)
    assert first.status == "nuevo" and first.counts["acuerdos"] == 11 and first.counts["sesiones"] == 3
    assert "Acuerdos adoptados" in first.figures_table()
    before = snapshot(db)
    # Three held sessions and the one that approved the informe; the approval acuerdo is known from the cover.
    assert before["Attendance"] == 27 * 3 - 7 and before["CommissionSession"] == 4 and before["Acuerdo"] == 12
    again = import_file(db, SHIPPED)
    assert again.status == "sin cambios"
    assert snapshot(db) == before
    with Session(db) as session:
        cover = session.exec(select(models.Acuerdo).where(models.Acuerdo.code == "CVOE/004/21")).one()
        approving = session.get(models.CommissionSession, cover.session_id)
    assert cover.informe_id is None and cover.date == date(2021, 1, 21)
    assert approving is not None and approving.informe_id is None and approving.date == date(2021, 1, 21)


def test_corrected_informe_replaces_its_records(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "- **CVOE/053/20.** Aprobación del contenido del Manual",
        "- **CVOE/054/20.** Aprobación del contenido del Manual",
    )
    report = import_text(db, text, source_name=SHIPPED.name)
    assert report.status == "actualizado"
    with Session(db) as session:
        codes = set(session.exec(select(models.Acuerdo.code).where(models.Acuerdo.informe_id.is_not(None))).all())  # type: ignore[union-attr]
    assert "CVOE/054/20" in codes and "CVOE/053/20" not in codes and len(codes) == 11
    assert _count(db, models.Informe) == 1


def test_the_approval_acuerdo_is_one_record_with_the_next_informe(db: SqlEngine) -> None:
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
        approval = session.exec(select(models.Acuerdo).where(models.Acuerdo.code == "CVOE/004/21")).all()
        second = session.exec(select(models.Informe).where(models.Informe.year == 2021)).one()
    assert len(first) == 1 and first[0].date == date(2021, 1, 21) and first[0].informe_id == second.id
    assert len(approval) == 1 and approval[0].informe_id == second.id and approval[0].session_id == first[0].id
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
    before = snapshot(db)
    with pytest.raises(InformeFormatError):
        import_text(db, text, source_name="roto.md")
    assert snapshot(db) == before


def test_a_truncated_informe_is_refused_unless_forced(db: SqlEngine) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    cut = text[: text.index("#### **Décima segunda sesión ordinaria")]
    with pytest.raises(ImportRefused) as refused:
        import_text(db, cut, source_name="cortado.md")
    assert any("dice 11 y leí 8" in p for p in refused.value.report.problems)
    assert snapshot(db)["Informe"] == 0
    report = import_text(db, cut, source_name="cortado.md", force=True)
    assert report.counts["acuerdos"] == 8 and report.forced


def test_a_new_version_that_loses_records_is_refused(db: SqlEngine) -> None:
    import_file(db, SHIPPED)
    before = snapshot(db)
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index("**Tabla 3.1 Pláticas en universidades**")
    fewer = text[:start] + text[text.index("**B) La difusión de materiales") :]
    with pytest.raises(ImportRefused) as refused:
        import_text(db, fewer, source_name=SHIPPED.name)
    assert any(p.startswith("actividades: 125 guardados, 117") for p in refused.value.report.problems)
    assert snapshot(db) == before


def test_failure_in_the_middle_of_writing_rolls_back(db: SqlEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    import seed.importer as importer

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(importer, "settle_references", explode)
    with pytest.raises(RuntimeError):
        import_file(db, SHIPPED)
    assert all(n == 0 for n in snapshot(db).values())


def test_binary_and_oversized_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "foto.md"
    binary.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 10)
    with pytest.raises(InformeFormatError, match="imagen"):
        parse_informe_bytes(read_informe_file(binary))
    big = tmp_path / "enorme.md"
    big.write_bytes(b"a" * (6 * 1024 * 1024))
    with pytest.raises(InformeFormatError):
        read_informe_file(big)


def test_seeding_only_for_a_store_that_never_held_an_informe(db: SqlEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(db, SECOND)
    assert seed_if_new(db) is None  # holds an informe already: the shipped one is not added
    assert _count(db, models.Informe) == 1
    import seed.importer as importer
    import seed.seeding as seeding

    monkeypatch.setattr(importer, "PARSER_VERSION", importer.PARSER_VERSION + 1)
    monkeypatch.setattr(seeding, "PARSER_VERSION", importer.PARSER_VERSION)
    prepare_store(db)
    with Session(db) as session:
        versions = set(session.exec(select(models.Informe.parser_version)).all())
    assert versions == {importer.PARSER_VERSION}
    assert _count(db, models.Acuerdo) == 8  # seven listed, and the one that approved the informe


def test_a_failed_import_never_seeds_the_shipped_informe(db: SqlEngine) -> None:
    with pytest.raises(InformeFormatError):
        import_text(db, SHIPPED.read_text(encoding="utf-8")[:255], source_name="cortado.md")
    assert seed_if_new(db) is None
    assert _count(db, models.Informe) == 0
    with Session(db) as session:
        assert [r.status for r in session.exec(select(models.ImportRecord)).all()] == ["ilegible"]


def test_a_new_store_is_seeded_once(db: SqlEngine) -> None:
    report = seed_if_new(db)
    assert report is not None and report.counts["acuerdos"] == 11
    assert seed_if_new(db) is None and _count(db, models.Informe) == 1


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
    parsed = parse_informe_bytes(MINIMAL_OTHER_SHAPE.encode(), "informe.md")
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
