"""Extractors and checks on small informes of unseen shapes: columns by meaning, marks, totals, references,
and the figures, dates and counts that refuse an import."""

from __future__ import annotations

from datetime import date

import pytest

from lang.vocabulary import ActivityKind, ConvenioStatus, ParticipantGroup
from seed import checks
from seed.importer import check, parse_informe_bytes
from seed.informe import InformeFormatError, ParsedInforme

SESSIONS = """No.\tSesión\tFecha
1\tCuarta sesión ordinaria\t22/04/2021
2\tTercera sesión extraordinaria\t13/05/2021"""

ATTENDANCE = """Nombre\tCargo\tCuarta sesión ordinaria\tTercera sesión extraordinaria
Erika Estrada Ruiz\tPresidencia\tSí\tSí
\tPartidos políticos\t\t
Mariana Torres Vidal\tPartido MORENA\tNo\tN/A
Jorge Castañeda Ruiz\tPartido del Trabajo\t✓\t
Total de asistentes\t\t2\t1"""

ACUERDOS = """**Cuarta sesión ordinaria, 22 de abril de 2021**

- **CVOE/014/21.** Aprobación de la minuta de la tercera sesión ordinaria, celebrada el 25 de marzo de 2021.
- **CVOE/015/21.** Aprobación del orden del día.

**Tercera sesión extraordinaria, 13 de mayo de 2021**

- **CVOE/016/21.** Aprobación de los lineamientos de observación."""

RESULTS = """### 2. Convenios

Se firmaron dos convenios en el trimestre.

No.\tInstitución\tObjeto\tFecha de firma
1.\tColegio de México\tUn estudio sobre el voto.\t9 de junio de 2021
2.\tRadio Educación\tDifusión de la jornada.\t18 de mayo de 2021

### 3. Pláticas

Se impartieron 2 pláticas en universidades:

Fecha\tUniversidad\tTema
13 de abril de 2021\tUniversidad Iberoamericana\tVoto informado
27 de abril de 2021\tUAM\tObservación electoral
Total\t2\t"""


def informe(
    *,
    title: str = "SEGUNDO INFORME TRIMESTRAL DE ACTIVIDADES DE LA COMISIÓN 2021",
    intro: str = "Periodo comprendido entre abril y junio de 2021.",
    held: str = "La Comisión celebró dos sesiones, una ordinaria y una extraordinaria.",
    sessions: str = SESSIONS,
    acuerdos_intro: str = "La Comisión aprobó un total de 3 acuerdos.",
    acuerdos: str = ACUERDOS,
    results: str = RESULTS,
) -> str:
    """A small informe in Markdown, each part replaceable."""
    return (
        f"**{title}**\n\n## Introducción\n\n{intro}\n\n## I. Sesiones y asistencia\n\n{held}\n\n{sessions}\n\n"
        f"{ATTENDANCE}\n\n## II. Acuerdos\n\n{acuerdos_intro}\n\n{acuerdos}\n\n## III. Principales resultados\n\n"
        f"{results}\n"
    )


def parse(text: str) -> ParsedInforme:
    return parse_informe_bytes(text.encode(), "informe.md")


def test_attendance_by_meaning_of_columns_and_marks() -> None:
    parsed = parse(informe())
    fourth, third = (2021, "ordinaria", 4), (2021, "extraordinaria", 3)
    rows = {r.person: r for r in parsed.attendance}
    assert set(rows) == {"Erika Estrada Ruiz", "Mariana Torres Vidal", "Jorge Castañeda Ruiz"}  # no label, no total
    assert rows["Mariana Torres Vidal"].body == "Partido MORENA"
    assert rows["Mariana Torres Vidal"].group == ParticipantGroup.PARTIDO
    assert rows["Mariana Torres Vidal"].marks == {fourth: False}  # N/A counts as neither
    assert rows["Jorge Castañeda Ruiz"].marks == {fourth: True, third: False}  # blank in a marked row: absent
    stated = {(s.scope, s.value) for s in parsed.stated if s.what == "asistentes"}
    assert stated == {("cuarta sesión ordinaria", 2), ("tercera sesión extraordinaria", 1)}
    assert all(c.agrees for c in check(parsed).figures)


def test_a_minuta_names_a_session_without_making_it_the_quarters() -> None:
    parsed = parse(informe())
    assert [s.key for s in parsed.held] == [(2021, "ordinaria", 4), (2021, "extraordinaria", 3)]
    assert (2021, "ordinaria", 3) not in parsed.sessions
    assert {a.code: a.session for a in parsed.acuerdos} == {
        "CVOE/014/21": (2021, "ordinaria", 4),
        "CVOE/015/21": (2021, "ordinaria", 4),
        "CVOE/016/21": (2021, "extraordinaria", 3),
    }


def test_convenios_by_institution_and_total_rows_as_figures() -> None:
    parsed = parse(informe())
    signed = [(c.status, c.instrument_type, c.counterpart, c.signed_on) for c in parsed.convenios]
    assert signed == [
        (ConvenioStatus.SUSCRITO, "Convenio", "Colegio de México", date(2021, 6, 9)),
        (ConvenioStatus.SUSCRITO, "Convenio", "Radio Educación", date(2021, 5, 18)),
    ]
    talks = [a for a in parsed.activities if a.kind == ActivityKind.PLATICA]
    assert [a.institution for a in talks] == ["Universidad Iberoamericana", "UAM"]
    assert ("actividades", 2) in {(s.what, s.value) for s in parsed.stated}


def test_a_contradicted_core_figure_refuses() -> None:
    report = check(parse(informe(held="La Comisión celebró tres sesiones.")))
    assert report.problems == ["Sesiones celebradas: el informe dice 3 y leí 2."]
    report = check(parse(informe(acuerdos_intro="La Comisión aprobó un total de 4 acuerdos.")))
    assert report.problems == ["Acuerdos adoptados: el informe dice 4 y leí 3."]
    report = check(parse(informe(results=RESULTS.replace("dos convenios", "tres convenios"))))
    assert [p.split(":")[0] for p in report.problems] == ["Convenios suscritos"]


def test_dates_outside_the_quarter_and_a_period_that_contradicts_the_title_refuse() -> None:
    late = SESSIONS.replace("13/05/2021", "13/07/2021")
    assert "fuera del periodo" in " ".join(check(parse(informe(sessions=late))).problems)
    wrong = informe(title="TERCER INFORME TRIMESTRAL DE ACTIVIDADES DE LA COMISIÓN 2021")
    problems = check(parse(wrong)).problems
    assert any("El título dice tercer trimestre de 2021" in p for p in problems)


def test_sessions_without_acuerdos_refuse_and_a_cover_alone_is_no_informe() -> None:
    report = check(parse(informe(acuerdos="", acuerdos_intro="")))
    assert any("no leí ningún acuerdo" in p for p in report.problems)
    with pytest.raises(InformeFormatError):
        parse("**SEGUNDO INFORME TRIMESTRAL 2021**\n\n**APROBADO MEDIANTE ACUERDO**\n\n**CVOE/031/21**\n" * 5)


def test_degradation_names_what_a_new_version_loses() -> None:
    stored = {"sesiones": 3, "acuerdos": 11, "asistentes": 27, "actividades": 125}
    assert checks.degradation(stored, {**stored, "acuerdos": 8}) == ["acuerdos: 11 guardados, 8 en la nueva versión."]
    assert checks.degradation(stored, {**stored, "actividades": 130}) == []
