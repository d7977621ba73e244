"""Table shapes informes write their facts in, each as a small table in Markdown (pipe and tab tables):
totals, subtotals and sums, numbers in words, session times, attendance layouts, convenio layouts."""

from __future__ import annotations

from datetime import date, time

from lang.vocabulary import ParticipantGroup
from seed.importer import check
from tests.test_sections import ATTENDANCE, SESSIONS, informe, parse


def _results(table: str, lead: str = "Se impartieron pláticas en universidades:") -> str:
    return f"### 3. Pláticas\n\n{lead}\n\n**Tabla 3.1. Pláticas en universidades**\n\n{table}"


TALKS_PIPE = """| Fecha | Universidad | Tema | Personas asistentes |
|---|---|---|---|
| 6 de abril de 2021 | UNAM | Voto informado | 42 |
| 15 de abril de 2021 | UAM | Observación electoral | ciento doce |
| **Subtotal abril** | **2 pláticas** |  | **154** |
| 3 de mayo de 2021 | Ibero | Diputación migrante | 28 |
| **Subtotal mayo** | **1 plática** |  | **28** |
| **Total** | **3 pláticas** |  | **182** |"""


def test_total_and_subtotal_rows_state_row_counts_and_column_sums() -> None:
    parsed = parse(informe(results=_results(TALKS_PIPE)))
    talks = [a for a in parsed.activities if a.series == "Pláticas en universidades"]
    assert [(a.institution, a.participants) for a in talks] == [("UNAM", 42), ("UAM", 112), ("Ibero", 28)]
    figures = {c.label: (c.read, c.stated) for c in check(parsed).figures}
    assert figures["Filas de «Pláticas en universidades»"] == (3, 3)
    assert figures["Personas en «Pláticas en universidades»"] == (182, 182)
    assert figures["Filas de «Pláticas en universidades (Subtotal abril)»"] == (2, 2)
    assert figures["Personas en «Pláticas en universidades (Subtotal abril)»"] == (154, 154)
    assert all(c.agrees for c in check(parsed).figures)


def test_a_total_under_a_column_of_quantities_is_their_sum_not_a_row_count() -> None:
    table = "Mes\tCorreos enviados\tTemas\nJulio de 2021\t14\tInvitaciones\nAgosto de 2021\t9\tTaller\nTotal\t23\t"
    parsed = parse(informe(results=_results(table, lead="Se enviaron 23 correos electrónicos:")))
    rows = [a for a in parsed.activities if a.series == "Pláticas en universidades"]
    assert [a.detail for a in rows] == ["Correos enviados: 14", "Correos enviados: 9"]
    figures = {c.label: (c.read, c.stated) for c in check(parsed).figures}
    assert figures["Suma de «Pláticas en universidades › Correos enviados»"] == (23, 23)
    assert "Filas de «Pláticas en universidades»" not in figures  # 23 e-mails in two months' rows


def test_a_stated_count_off_by_one_from_its_table_is_a_warning_not_a_refusal() -> None:
    table = TALKS_PIPE.replace("**3 pláticas**", "**4 pláticas**")
    report = check(parse(informe(results=_results(table))))
    assert report.problems == []
    assert "Filas de «Pláticas en universidades»: el informe dice 4 y leí 3." in report.warnings


SESSIONS_WITH_TIMES = """| No. | Sesión | Fecha | Hora | Modalidad |
|---|---|---|---|---|
| 1 | Cuarta sesión ordinaria | 22/04/2021 | 11:00 horas | Virtual |
| 2 | Tercera sesión extraordinaria | 13/05/2021 | 5:30 p.m. | Presencial |"""


def test_a_sessions_time_from_its_table_or_its_sentence() -> None:
    parsed = parse(informe(sessions=SESSIONS_WITH_TIMES))
    held = {s.number: (s.time, s.modality) for s in parsed.held}
    assert held == {4: (time(11, 0), "virtual"), 3: (time(17, 30), "presencial")}
    assert parsed.held[0].held_at is not None and parsed.held[0].held_at.isoformat() == "2021-04-22T11:00:00-05:00"
    prose = "Cuarta sesión ordinaria, celebrada el 22 de abril de 2021 a las 10 horas.\n\n" + SESSIONS
    assert next(s.time for s in parse(informe(sessions=prose)).held if s.number == 4) == time(10, 0)


INTEGRATION = (
    "El Consejo General, en su sesión del 9 de octubre de 2020, aprobó mediante el acuerdo IECM-ACU-CG-075-2020 "
    "la integración de la Comisión, conformada por la consejera Erika Estrada Ruiz y el consejero Jorge "
    "Castañeda Ruiz. A partir del 1 de junio de 2021, la consejera Ana Mora Díaz se incorporó a la Comisión, en "
    "sustitución del consejero Jorge Castañeda Ruiz. El 26 de marzo de 2019 la Comisión aprobó, mediante el "
    "acuerdo CVOE/008/19, la designación de la maestra Carla Ruiz Soto como secretaria técnica, quien fue "
    "ratificada el 26 de octubre de 2020 mediante el acuerdo CVOE/044/20. Con motivo de la conclusión de su "
    "encargo el 30 de abril de 2021, la Comisión designó el 13 de mayo de 2021, mediante el acuerdo CVOE/016/21, "
    "al maestro Luis Peña Gil como secretario técnico."
)
MEMBERS = """Nombre\tCargo\tCuarta sesión ordinaria\tTercera sesión extraordinaria
Erika Estrada Ruiz\tPresidencia\tX\tX
Jorge Castañeda Ruiz\tConsejero integrante\tX\tN/A
Ana Mora Díaz\tConsejera integrante\tN/A\tX
Carla Ruiz Soto\tSecretaria técnica\tX\tN/A
Luis Peña Gil\tSecretario técnico\tN/A\tX"""


def test_each_members_time_in_the_commission_and_the_acuerdo_that_designated_them() -> None:
    text = informe(intro=f"Periodo comprendido entre abril y junio de 2021. {INTEGRATION}", sessions=SESSIONS)
    text = text.replace(ATTENDANCE, MEMBERS)
    members = {m.name: (m.start, m.end, m.designated_by) for m in parse(text).members}
    assert members == {
        "Erika Estrada Ruiz": (date(2020, 10, 9), None, "IECM-ACU-CG-075-2020"),
        "Jorge Castañeda Ruiz": (date(2020, 10, 9), date(2021, 5, 31), "IECM-ACU-CG-075-2020"),
        "Ana Mora Díaz": (date(2021, 6, 1), None, None),
        "Carla Ruiz Soto": (date(2019, 3, 26), date(2021, 4, 30), "CVOE/008/19"),
        "Luis Peña Gil": (date(2021, 5, 13), None, "CVOE/016/21"),
    }


def _with_attendance(attendance: str) -> str:
    return informe().replace(
        "Nombre\tCargo\tCuarta sesión ordinaria\tTercera sesión extraordinaria\n"
        "Erika Estrada Ruiz\tPresidencia\tSí\tSí\n\tPartidos políticos\t\t\n"
        "Mariana Torres Vidal\tPartido MORENA\tNo\tN/A\nJorge Castañeda Ruiz\tPartido del Trabajo\t✓\t\n"
        "Total de asistentes\t\t2\t1",
        attendance,
    )


def test_an_attendance_table_with_a_row_per_session_is_read_turned() -> None:
    """Sessions as rows and parties as columns ("Sesión | PAN | PT"): each party a row of marks."""
    turned = (
        "Sesión\tPartido Acción Nacional\tPartido del Trabajo\n"
        "Cuarta sesión ordinaria (22 de abril)\tAsistió\tNo asistió\n"
        "Tercera sesión extraordinaria (13 de mayo)\tNo asistió\tAsistió"
    )
    parsed = parse(_with_attendance(turned))
    marks = {r.body: r.marks for r in parsed.attendance}
    fourth, third = (2021, "ordinaria", 4), (2021, "extraordinaria", 3)
    assert marks == {
        "Partido Acción Nacional": {fourth: True, third: False},
        "Partido del Trabajo": {fourth: False, third: True},
    }


def test_parties_named_by_their_acronyms_are_parties() -> None:
    """A column per party, headed by its acronym ("PAN | PRI | MC"): each is a party, as "MORENA" is."""
    turned = (
        "Sesión\tPAN\tPRI\tMC\tMORENA\n"
        "Cuarta sesión ordinaria (22 de abril)\tAsistió\tNo asistió\tAsistió\tAsistió\n"
        "Tercera sesión extraordinaria (13 de mayo)\tNo asistió\tAsistió\tAsistió\tAsistió"
    )
    parsed = parse(_with_attendance(turned))
    assert {r.body: r.group for r in parsed.attendance} == dict.fromkeys(
        ["PAN", "PRI", "MC", "MORENA"], ParticipantGroup.PARTIDO
    )


def test_a_partys_representative_in_a_row_of_people_is_the_party() -> None:
    """ "Nombre | Cargo" with "Representante del PAN" in the Cargo column: the PAN, sat for by that person."""
    rows = (
        "Nombre\tCargo\tCuarta sesión ordinaria\tTercera sesión extraordinaria\n"
        "Andrés Sánchez Miranda\tRepresentante del PAN\t✓\t✗\n"
        "Juan Manuel Rodríguez Martínez\tContraloría Interna (en representación)\t✓\t✓"
    )
    parsed = parse(_with_attendance(rows))
    groups = {r.person: r.group for r in parsed.attendance}
    assert groups["Andrés Sánchez Miranda"] == ParticipantGroup.PARTIDO
    assert groups["Juan Manuel Rodríguez Martínez"] == ParticipantGroup.REPRESENTACION


def test_a_table_of_party_representatives_names_who_sat_for_each_party_at_each_session() -> None:
    """ "Partido político | Representación | Periodo": a party whose representative changed has each one at
    the sessions of their spell; the party's cell left empty on the second row is the row above's."""
    turned = (
        "Sesión\tPAN\tPRI\n"
        "Cuarta sesión ordinaria (22 de abril)\tAsistió\tNo asistió\n"
        "Tercera sesión extraordinaria (13 de mayo)\tNo asistió\tAsistió\n\n"
        "Tabla I.3 Representaciones de los partidos políticos\n\n"
        "Partido político\tRepresentación\tPeriodo\n"
        "Partido Acción Nacional (PAN)\tAndrés Sánchez Miranda\tTodo el trimestre\n"
        "Partido Revolucionario Institucional (PRI)\tRocío Gutiérrez Lara\tHasta el 30 de abril de 2021\n"
        "\tGerardo Ávila Sandoval\tA partir del 1 de mayo de 2021"
    )
    parsed = parse(_with_attendance(turned))
    fourth, third = (2021, "ordinaria", 4), (2021, "extraordinaria", 3)
    rows = {r.body: r for r in parsed.attendance}
    assert rows["PAN"].person == "Andrés Sánchez Miranda"
    assert rows["PRI"].people == {fourth: "Rocío Gutiérrez Lara", third: "Gerardo Ávila Sandoval"}
    assert not [a for a in parsed.activities if "Representaci" in a.series or a.person]


def test_a_sessions_kind_after_its_number_names_its_column() -> None:
    """ "Asistencia por sesión 3ª extr. urgente": the kind, abbreviated, after the number."""
    columns = (
        "| Cargo | Nombre | Asistencia por sesión 3ª ordinaria | Asistencia por sesión 3ª extr. urgente |\n"
        "|---|---|---|---|\n"
        "| Presidencia | Erika Estrada Ruiz | Asistió | No asistió |\n"
        "| Consejería | Bernardo Valle Monroy | No asistió | Asistió |"
    )
    sessions = (
        "No.\tSesión\tFecha\n1\tTercera sesión ordinaria\t22/04/2021\n2\tTercera sesión extraordinaria\t13/05/2021"
    )
    parsed = parse(_with_attendance(columns).replace(SESSIONS, sessions))
    row = next(r for r in parsed.attendance if r.person == "Erika Estrada Ruiz")
    assert row.marks == {(2021, "ordinaria", 3): True, (2021, "extraordinaria", 3): False}


def test_a_column_naming_each_course_is_its_title() -> None:
    table = (
        "Curso o taller\tImpartido por\tPeriodo\tParticipantes\n"
        "Curso “Protocolo para organismos electorales”\tInstituto Matías Romero de la Secretaría de Relaciones "
        "Exteriores\tDel 6 al 10 de junio de 2021\t24"
    )
    parsed = parse(
        informe(results=f"### 3. Cursos\n\nSe impartieron cursos:\n\n**Tabla 3.2. Cursos y talleres**\n\n{table}")
    )
    (course,) = [a for a in parsed.activities if a.series == "Cursos y talleres"]
    assert course.title.startswith("Curso “Protocolo") and course.institution.startswith("Instituto Matías Romero")


def test_a_table_of_counts_by_month_dates_each_row_as_its_month() -> None:
    """ "Mes | Red de Observación | Ciudadanía en el extranjero | Total": each row is its month of the quarter,
    its counts kept beside it."""
    table = (
        "Mes\tRed de Observación\tCiudadanía en el extranjero\tTotal\nAbril\t5\t4\t9\nMayo\t6\t3\t9\nTotal\t11\t7\t18"
    )
    parsed = parse(informe(results=_results(table, lead="Se enviaron correos electrónicos por mes:")))
    rows = [a for a in parsed.activities if a.title in ("Abril", "Mayo")]
    assert [(a.date, a.end_date) for a in rows] == [
        (date(2021, 4, 1), date(2021, 4, 30)),
        (date(2021, 5, 1), date(2021, 5, 31)),
    ]
    assert rows[1].detail and "Red de Observación: 6" in rows[1].detail
