"""Understanding and scoring as table tests: question → frame, with no informe loaded.

These document the language rules themselves (dates, sessions, codes, kinds of question, conditions,
follow-up marks); none depends on what an informe says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.engine.frame import Attribute, CodeRef, Dimension, Form, Rank, Relative, SessionRef
from bot.engine.framing import frame_question
from bot.engine.knowledge import Knowledge
from bot.engine.understanding import understand
from bot.engine.when import (
    CURRENT_QUARTER,
    NEXT_QUARTER,
    PREVIOUS_QUARTER,
    DayMention,
    MonthMention,
    QuarterMention,
)
from lang.vocabulary import ActivityKind, MemberRole, Modality, ParticipantGroup, SessionKind, Subject

TODAY = dt.date(2031, 6, 15)  # no informe: months resolve to their latest past occurrence
EMPTY = Knowledge.empty()


def frame(question: str, today: dt.date = TODAY) -> Any:
    return frame_question(understand(question), EMPTY, today).question


@pytest.mark.parametrize(
    ("question", "days", "months"),
    [
        ("acuerdos del 22 de diciembre", [DayMention(22, 12, None)], []),
        ("sesion 22/12", [DayMention(22, 12, None)], []),
        ("que se aprobo el 26/11/2020", [DayMention(26, 11, 2020)], []),
        ("acuerdos del 7 y 9 de diciembre de 2020", [DayMention(7, 12, 2020, 9)], []),
        ("acuerdos de dic", [], [MonthMention(12, None)]),
        ("acuerdos de diciembr", [], [MonthMention(12, None)]),
        ("acuerdos de octubre y diciembre", [], [MonthMention(10, None), MonthMention(12, None)]),
        ("oct y nov", [], [MonthMention(10, None), MonthMention(11, None)]),
        ("noviembre de 2020", [], [MonthMention(11, 2020)]),
        ("el mar estaba tranquilo", [], []),  # "mar" alone is the sea
        ("acuerdos en mar de 2021", [], [MonthMention(3, 2021)]),
    ],
)
def test_days_and_months(question: str, days: list[DayMention], months: list[MonthMention]) -> None:
    p = understand(question)
    assert p.days == days and p.months == months


@pytest.mark.parametrize(
    ("question", "start", "end", "label"),
    [
        ("de septiembre de 2020 a febrero de 2021", dt.date(2020, 9, 1), dt.date(2021, 2, 28), "de septiembre de 2020"),
        ("acuerdos entre octubre y diciembre de 2030", dt.date(2030, 10, 1), dt.date(2030, 12, 31), "de octubre a"),
        ("del 1 de noviembre al 15 de diciembre de 2030", dt.date(2030, 11, 1), dt.date(2030, 12, 15), "del 1 de"),
        ("del 1 al 15 de noviembre de 2030", dt.date(2030, 11, 1), dt.date(2030, 11, 15), "del 1 al 15"),
        ("acuerdos desde noviembre de 2030", dt.date(2030, 11, 1), TODAY, "desde el 1 de noviembre"),
        ("acuerdos en 2030", dt.date(2030, 1, 1), dt.date(2030, 12, 31), "2030"),
        ("sesiones del año", dt.date(2031, 1, 1), dt.date(2031, 12, 31), "2031"),
        ("sesiones del año pasado", dt.date(2030, 1, 1), dt.date(2030, 12, 31), "2030"),
        ("acuerdos del tercer trimestre de 2030", dt.date(2030, 7, 1), dt.date(2030, 9, 30), "el tercer trimestre"),
        ("resumen 2030T4", dt.date(2030, 10, 1), dt.date(2030, 12, 31), "el cuarto trimestre de 2030"),
        ("acuerdos de noviembre", dt.date(2030, 11, 1), dt.date(2030, 11, 30), "noviembre de 2030"),
        ("acuerdos de junio", dt.date(2031, 6, 1), dt.date(2031, 6, 30), "junio de 2031"),
        # relative words, counted from today (a Sunday)
        ("¿qué se aprobó el mes pasado?", dt.date(2031, 5, 1), dt.date(2031, 5, 31), "mayo de 2031"),
        ("sesiones de este mes", dt.date(2031, 6, 1), dt.date(2031, 6, 30), "junio de 2031"),
        ("¿hubo sesión la semana pasada?", dt.date(2031, 6, 2), dt.date(2031, 6, 8), "la semana del 2 al 8"),
        ("¿qué actividades hubo ayer?", dt.date(2031, 6, 14), dt.date(2031, 6, 14), "el 14 de junio"),
        ("¿hay sesión mañana?", dt.date(2031, 6, 16), dt.date(2031, 6, 16), "el 16 de junio"),
        ("acuerdos de la semana del 21 de mayo", dt.date(2031, 5, 19), dt.date(2031, 5, 25), "la semana del 19 al 25"),
        ("¿hubo sesión la segunda semana de mayo?", dt.date(2031, 5, 8), dt.date(2031, 5, 14), "del 8 al 14 de mayo"),
        ("acuerdos posteriores al 10 de mayo", dt.date(2031, 5, 10), TODAY, "desde el 10 de mayo"),
        ("acuerdos anteriores al 10 de mayo de 2031", dt.date(2031, 1, 1), dt.date(2031, 5, 10), "hasta el 10"),
        ("resumen del trimestre pasado", dt.date(2031, 1, 1), dt.date(2031, 3, 31), "el primer trimestre de 2031"),
    ],
)
def test_periods_resolve_against_today(question: str, start: dt.date, end: dt.date, label: str) -> None:
    (span,) = frame(question).spans
    assert (span.start, span.end) == (start, end) and span.label.startswith(label)


def test_several_months_are_several_conditions_not_a_range() -> None:
    spans = frame("sesiones de octubre y diciembre").spans
    assert [(s.start.month, s.end.month) for s in spans] == [(10, 10), (12, 12)]


def test_the_future_tense_looks_forward() -> None:
    (span,) = frame("¿qué se aprobará en la sesión de marzo?").spans
    assert span.start == dt.date(2032, 3, 1)
    assert frame("¿qué se aprobará en la sesión de marzo?").future


@pytest.mark.parametrize(
    ("question", "quarters"),
    [
        ("asistencia del tercer trimestre frente al cuarto", [QuarterMention(3, None), QuarterMention(4, None)]),
        (
            "¿hubo más acuerdos en el cuarto trimestre que en el primero?",
            [QuarterMention(4, None), QuarterMention(1, None)],
        ),
        ("resumen del trimestre anterior", [QuarterMention(PREVIOUS_QUARTER, None)]),
        ("acuerdos del próximo trimestre", [QuarterMention(NEXT_QUARTER, None)]),
        ("sesiones del trimestre", [QuarterMention(CURRENT_QUARTER, None)]),
        ("resumen del 3er trimestre", [QuarterMention(3, None)]),
        ("T2 de 2021", [QuarterMention(2, 2021)]),
        ("sesiones en el 4T 2020 y en el 2T 2022", [QuarterMention(4, 2020), QuarterMention(2, 2022)]),
        ("acuerdos del 1T", [QuarterMention(1, None)]),
        ("sesión del 4 de tal", []),  # a day, no quarter
        ("¿qué trimestre tuvo más acuerdos?", []),  # a dimension, not a quarter
    ],
)
def test_quarters(question: str, quarters: list[QuarterMention]) -> None:
    assert understand(question).quarters == quarters


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        ("acuerdos de la décima segunda sesión", [SessionRef(12)]),
        ("acuerdos de la decima segunda sobre minutas", [SessionRef(12)]),
        ("acuerdos de la doceava", [SessionRef(12)]),
        ("quien falto a la 11a", [SessionRef(11)]),
        ("¿quién faltó a la 12?", [SessionRef(12)]),
        ("¿qué se aprobó en la sesión diez?", [SessionRef(10)]),
        ("sesion numero 3", [SessionRef(3)]),
        ("la primera sesión extraordinaria", [SessionRef(1, SessionKind.EXTRAORDINARIA)]),
        ("acuerdos d la 3a ordinaria", [SessionRef(3, SessionKind.ORDINARIA)]),
        ("que se aprobo en la ultima sesion", [SessionRef(relative=Relative.LAST)]),
        ("¿Qué se aprobó en la penúltima sesión?", [SessionRef(relative=Relative.PENULTIMATE)]),
        ("¿cuándo es la próxima?", [SessionRef(relative=Relative.NEXT)]),
        ("¿y a la siguiente?", [SessionRef(relative=Relative.FOLLOWING)]),
        ("sesion 22/12", []),  # a day, not the twenty-second session
        ("la primera reunión con la red", []),  # another noun follows the ordinal
        ("el último trimestre", []),
        ("¿quién faltó a la sesión previa a la última?", [SessionRef(relative=Relative.LAST, offset=-1)]),
        ("acuerdos de la anterior a la ultima", [SessionRef(relative=Relative.LAST, offset=-1)]),
        ("¿cuánto duró la sesión?", []),
        ("¿cuándo fue la siguiente a la novena?", [SessionRef(9, offset=1)]),
        ("¿a qué hora empieza la sesión anterior?", [SessionRef(relative=Relative.PREVIOUS)]),
        ("¿hubo sesiones la semana pasada?", []),  # a week, not "la pasada" session
    ],
)
def test_sessions(question: str, refs: list[SessionRef]) -> None:
    assert list(frame(question).sessions) == refs


@pytest.mark.parametrize(
    ("question", "subject", "codes"),
    [
        ("¿qué dice el acuerdo CVOE/049/20?", Subject.ACUERDOS, [CodeRef(49, "CVOE", 20)]),
        ("cvoe 50", Subject.ACUERDOS, [CodeRef(50, "CVOE")]),
        ("acuerdo cvoe-003-21", Subject.ACUERDOS, [CodeRef(3, "CVOE", 21)]),
        ("acuerdos 46 y 47", Subject.ACUERDOS, [CodeRef(46), CodeRef(47)]),
        ("acuerdos del 46 al 48", Subject.ACUERDOS, [CodeRef(46), CodeRef(47), CodeRef(48)]),
        ("acuerdo cuarenta y siete", Subject.ACUERDOS, [CodeRef(47)]),
        ("¿en qué sesión se aprobó el 49?", Subject.ACUERDOS, [CodeRef(49)]),
        ("acuerdos del 26 de octubre", Subject.ACUERDOS, []),  # a date, not acuerdo 26
        ("acuerdos de 2020", Subject.ACUERDOS, []),  # a year
        ("el acuerdo 61 de qué trata", Subject.ACUERDOS, [CodeRef(61)]),  # "de qué" is no month
        ("¿y el 12 de qué se trata?", Subject.ACUERDOS, [CodeRef(12)]),  # "el 12": masculine, an acuerdo
        ("¿el 30 es la minuta de la sexta?", Subject.ACUERDOS, [CodeRef(30)]),
    ],
)
def test_acuerdo_codes(question: str, subject: Subject, codes: list[CodeRef]) -> None:
    q = frame(question)
    assert q.subject == subject and list(q.codes) == codes


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("acuerdos de noviembre plis", Form.LIST),
        ("¿Cuántos acuerdos se tomaron en diciembre?", Form.COUNT),
        ("kuantos acuerdos hubo en marzo", Form.COUNT),
        ("¿Hubo acuerdos en agosto?", Form.YESNO),
        ("el acuerdo 47 fue en diciembre?", Form.YESNO),
        ("¿el PT faltó a alguna sesión?", Form.YESNO),
        ("¿Erika Estrada es integrante de la comisión?", Form.YESNO),
        ("¿Cuándo fue la décima sesión?", Form.WHEN),
        ("¿Qué día de la semana fue la décima sesión?", Form.WEEKDAY),
        ("¿fue martes o jueves?", Form.WEEKDAY),
        ("¿Quién faltó a la décima segunda sesión?", Form.WHO),
        ("¿cuál trata de universidades?", Form.WHICH),
        ("¿en qué sesión se aprobó?", Form.WHICH),
        ("¿qué es el SIVOPLE?", Form.WHAT),
        ("¿qué trimestre tuvo más acuerdos?", Form.RANK),
        ("¿Quién faltó más?", Form.RANK),
        ("asistencia del tercer trimestre frente al cuarto", Form.COMPARE),
        ("¿quién impartió el curso de sistemas electorales comparados?", Form.WHO),  # "comparados" compares nothing
        ("q acuerdos hubo en feb", Form.LIST),  # "q" is "qué": no yes/no
    ],
)
def test_forms(question: str, form: Form) -> None:
    assert frame(question).form == form


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿qué trimestre tuvo más acuerdos?", {"rank": Rank.MOST, "by": Dimension.QUARTER}),
        ("¿qué sesión tuvo menos acuerdos?", {"rank": Rank.LEAST, "by": Dimension.SESSION}),
        ("¿en qué mes hubo más sesiones?", {"by": Dimension.MONTH}),
        ("¿qué acuerdos tienen observaciones?", {"attribute": Attribute.OBSERVATIONS}),
        ("¿cuál es el objeto del convenio?", {"attribute": Attribute.OBJECT}),
        ("¿la doceava fue virtual?", {"modality": Modality.VIRTUAL}),
        ("¿la décima sesión fue en lunes?", {"weekdays": (0,)}),
        ("¿quién no vino a la tercera ordinaria?", {"absent": True}),
        ("¿Asistió el PT a todas las sesiones?", {"every": True, "absent": False}),
        ("¿qué partidos faltaron?", {"groups": frozenset({ParticipantGroup.PARTIDO}), "absent": True}),
        ("¿quién preside la comisión?", {"roles": frozenset({MemberRole.PRESIDENCIA})}),
        ("¿quién es la secretaria técnica?", {"roles": frozenset({MemberRole.SECRETARIA_TECNICA})}),
        ("¿hubo sesiones extraordinarias?", {"session_kinds": frozenset({SessionKind.EXTRAORDINARIA})}),
        ("cursos y talleres", {"activity_kinds": frozenset({ActivityKind.CURSO, ActivityKind.TALLER})}),
        ("convenios específicos", {"instrument": ("especifico",)}),
        ("¿Quién es el presidente del IECM?", {"organization": "el IECM"}),
        ("¿desde cuándo es secretaria técnica?", {"attribute": Attribute.TENURE}),
        ("¿sigue siendo integrante?", {"attribute": Attribute.TENURE, "form": Form.YESNO}),
        ("¿qué partidos fueron a todas las sesiones?", {"attend": True, "every": True}),
        ("¿a qué hora fue la extraordinaria?", {"form": Form.WHEN}),
        ("¿cuándo se va a firmar?", {"future": True}),
        ("¿cuál es el correo de la red?", {"attribute": Attribute.CONTACT}),
        ("¿cuántos correos se enviaron a la red?", {"attribute": None, "form": Form.COUNT}),
        ("¿qué apartados tiene el informe?", {"attribute": Attribute.SECTIONS, "subject": Subject.INFORME}),
    ],
)
def test_conditions(question: str, expected: dict[str, Any]) -> None:
    q = frame(question)
    for name, value in expected.items():
        assert getattr(q, name) == value, (name, getattr(q, name))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("¿Qué acuerdos se aprobaron en noviembre?", Subject.ACUERDOS),
        ("acuerods de dic", Subject.ACUERDOS),
        ("¿Cuándo fue la décima sesión?", Subject.SESIONES),
        ("¿la primera extraordinaria fue en viernes?", Subject.SESIONES),
        ("¿Quién faltó a la décima segunda sesión?", Subject.ASISTENCIA),
        ("¿quién preside la comisión?", Subject.INTEGRACION),
        ("¿Qué convenios se firmaron?", Subject.CONVENIOS),
        ("¿Cuántas pláticas se dieron?", Subject.ACTIVIDADES),
        ("¿cuántas notas ejecutivas se hicieron?", Subject.ACTIVIDADES),
        ("resumen del trimestre", Subject.RESUMEN),
        ("¿Qué periodo cubre el informe?", Subject.INFORME),
        ("¿qué puedo preguntarte?", Subject.AYUDA),
        ("hola", Subject.SALUDO),
        ("¿Quién ganó el mundial?", Subject.TEXTO),  # nothing the engine knows: the informes' text, or nothing
        ("¿qué partidos fueron a las tres sesiones?", Subject.ASISTENCIA),  # "ir a una sesión" is attending
        ("¿quiénes no fueron a la octava?", Subject.ASISTENCIA),
        ("¿desde cuándo está en la comisión?", Subject.INTEGRACION),
        ("a q hora fue la extraordinaria", Subject.SESIONES),  # "la extraordinaria" names a session
        ("q sabes hacer", Subject.AYUDA),
        ("¿qué pasó el 5 de noviembre?", Subject.RESUMEN),  # a day and nothing else: whatever it holds
        ("resumen de noviembre", Subject.RESUMEN),
        (
            "¿qué sesión hubo el 5 de noviembre?",
            Subject.SESIONES,
        ),  # nothing the engine knows: the informes' text, or nothing
    ],
)
def test_scoring_picks_the_subject(question: str, subject: Subject) -> None:
    assert frame(question).subject == subject


@pytest.mark.parametrize(
    ("question", "anaphora", "follow_y"),
    [
        ("¿y de octubre?", None, True),
        ("¿quién faltó a esa sesión?", "sesion", False),
        ("¿cuántos son?", "", False),
        ("¿cuál es su objeto?", "", False),
        ("de esos, ¿cuáles tienen observaciones?", "", False),
        ("¿qué acuerdos se aprobaron en noviembre?", None, False),
        ("¿qué otros acuerdos hubo ese día?", "dia", False),
        ("¿y en esa fecha?", "dia", True),
    ],
)
def test_follow_up_marks(question: str, anaphora: str | None, follow_y: bool) -> None:
    p = understand(question)
    assert (p.anaphora, p.follow_y) == (anaphora, follow_y)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("q acuerdos hubo en feb", ["que", "acuerdos", "hubo", "en", "feb"]),
        ("cuando es la prox ses", ["cuando", "es", "la", "proxima", "sesion"]),
        ("kien falto a la sesion", ["quien", "falto", "a", "la", "sesion"]),
        ("asistio morena a la ultma sesoin", ["asistio", "morena", "a", "la", "ultima", "sesion"]),
        ("qien es el srio tecnico", ["quien", "es", "el", "secretario", "tecnico"]),
    ],
)
def test_typos_and_chat_abbreviations(question: str, words: list[str]) -> None:
    assert understand(question).words == words


def test_the_frame_survives_the_database() -> None:
    from bot.engine.frame import question_from_dict, question_to_dict

    for question in (
        "acuerdos de la decima segunda sobre minutas",
        "¿el PT faltó a alguna sesión?",
        "¿y a la siguiente?",
    ):
        q = frame(question)
        assert question_from_dict(question_to_dict(q)) == q


def test_a_bare_month_asks_back_when_two_years_qualify() -> None:
    """This month is still running and last year's is complete: the question says which, or asks."""
    from bot.engine.replies import Clarify

    k = Knowledge.empty()
    k.data_months = {(2030, 11), (2031, 11), (2031, 10)}
    with pytest.raises(Clarify) as asked:
        frame_question(understand("acuerdos de noviembre"), k, dt.date(2031, 11, 20))
    assert asked.value.choices == ["acuerdos de noviembre de 2031", "acuerdos de noviembre de 2030"]
    (span,) = frame_question(understand("acuerdos de octubre"), k, dt.date(2031, 11, 20)).question.spans
    assert span.start == dt.date(2031, 10, 1)  # the latest October with data
    (span,) = frame_question(understand("acuerdos de noviembre"), k, dt.date(2031, 12, 5)).question.spans
    assert span.start == dt.date(2031, 11, 1)  # November is over: the latest one
