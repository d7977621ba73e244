"""More language rules as table tests, with no informe loaded: relative sessions and periods, words typed as
they sound, a year inside a name, who joined or left, what the informes never hold (amounts, votes), and the
subjects some phrasings name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.engine.frame import Attribute, Dimension, Form, Rank, Relative, SessionRef
from bot.engine.framing import frame_question
from bot.engine.ignorance import missing
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import correct, sound
from bot.engine.names import name_words_of
from bot.engine.understanding import understand
from lang.vocabulary import ParticipantGroup, Subject

TODAY = dt.date(2021, 1, 15)
EMPTY = Knowledge.empty()


def frame(question: str, today: dt.date = TODAY) -> Any:
    return frame_question(understand(question), EMPTY, today).question


@pytest.mark.parametrize(
    ("question", "refs"),
    [
        ("acuerdos de la antepenultima sesion", [SessionRef(relative=Relative.LAST, offset=-2)]),
        ("quien falto a la decimo segunda ses", [SessionRef(12)]),  # the corrected words name it
        ("quien fue a la 12 por la unidad de archivo", [SessionRef(12)]),  # "por" is no noun after "la 12"
    ],
)
def test_sessions(question: str, refs: list[SessionRef]) -> None:
    assert list(frame(question).sessions) == refs


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("acuerdos de hace dos meses", dt.date(2020, 11, 1), dt.date(2020, 11, 30)),
        ("que se aprobo hace un mes", dt.date(2020, 12, 1), dt.date(2020, 12, 31)),
    ],
)
def test_time_ago(question: str, start: dt.date, end: dt.date) -> None:
    (span,) = frame(question).spans
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("¿Qué acuerdo aprobó el programa anual de trabajo 2022?", []),  # part of the name
        ("consulta de presupuesto participativo 2022", []),
        ("acuerdos 2021", [2021]),  # when
        ("resumen 2021", [2021]),
        ("sesiones de 2021", [2021]),
        ("platicas en 2020", [2020]),
    ],
)
def test_a_year_in_a_name_is_no_period(question: str, years: list[int]) -> None:
    assert understand(question).years == years


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("secion", "sesion"), ("novienbre", "noviembre"), ("asistensia", "asistencia"), ("konvenios", "convenios")],
)
def test_words_typed_as_they_sound(typed: str, meant: str) -> None:
    assert correct(typed) == meant
    assert sound("secion") == sound("sesion") != sound("seccion")


@pytest.mark.parametrize(
    ("question", "subject", "attribute"),
    [
        ("¿Quién se incorporó a la comisión en el trimestre?", Subject.INTEGRACION, Attribute.CHANGES),
        ("¿Qué consejero dejó la comisión y cuándo?", Subject.INTEGRACION, Attribute.CHANGES),
        ("hubo cambios en la integracion de la comision?", Subject.INTEGRACION, Attribute.CHANGES),
        ("¿desde cuándo es presidenta?", Subject.INTEGRACION, Attribute.TENURE),
        ("en que punto del orden del dia va el informe", Subject.INFORME, Attribute.APPROVAL),
    ],
)
def test_subjects_and_attributes(question: str, subject: Subject, attribute: Attribute) -> None:
    q = frame(question)
    assert (q.subject, q.attribute) == (subject, attribute)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("sonia perez perez es de la comision?", Subject.INTEGRACION),  # membership, judged
        ("¿forma parte de la comisión Bernardo Valle?", Subject.INTEGRACION),
        ("q se vio en la sesion del 22/12", Subject.ACUERDOS),  # what a session saw
        ("¿qué se trató en la décima sesión?", Subject.ACUERDOS),
        ("help", Subject.AYUDA),
        ("que tipo de preguntas respondes?", Subject.AYUDA),
        ("xq se firmaron tan pocos convenios", Subject.TEXTO),  # a reason is in the prose, if anywhere
        ("¿A qué hora empezó la primera sesión extraordinaria?", Subject.SESIONES),
    ],
)
def test_phrasings_name_their_subject(question: str, subject: Subject) -> None:
    assert frame(question).subject == subject


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuánto presupuesto tiene la comisión para 2022?",
        "cuanto es el presupuesto participativo 2021",
        "cuanto se gasto en las platicas",
        "quien voto en contra del acuerdo 53",
        "cuantas personas votaron desde el extranjero",
        "el acuerdo 53 fue por unanimidad?",
    ],
)
def test_amounts_and_votes_are_never_held(question: str) -> None:
    p = understand(question)
    assert missing(p, EMPTY, frame_question(p, EMPTY, TODAY).question) is not None


@pytest.mark.parametrize(
    "question",
    ["cuanto duro la sesion", "¿cuánta gente fue al foro?", "cuantos acuerdos hubo", "¿cuánto falta para la sesión?"],
)
def test_counts_and_durations_are_no_amounts(question: str) -> None:
    p = understand(question)
    found = missing(p, EMPTY, frame_question(p, EMPTY, TODAY).question)
    assert found is None or "cuant" not in found.phrase


def test_a_counterpart_asked_by_name_is_no_unknown_thing() -> None:
    p = understand("hay convenio con el tribunal electoral?")
    q = frame_question(p, EMPTY, TODAY).question
    assert q.subject == Subject.CONVENIOS and missing(p, EMPTY, q) is None


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("los acuerdos de la decima tuvieron observaciones de la unidad de asuntos juridicos?", Form.YESNO),
        ("¿ratificaron a la secretaria técnica en noviembre?", Form.YESNO),
        ("acuerdos de noviembre", Form.LIST),
    ],
)
def test_yes_no_by_its_verbs(question: str, form: Form) -> None:
    assert frame(question).form == form


def test_the_group_named_in_the_plural_is_the_one_asked() -> None:
    assert frame("q partidos tienen representacion en la comision").groups == {ParticipantGroup.PARTIDO}


@pytest.mark.parametrize(
    ("question", "today", "start", "end"),
    [
        ("sesiones de diciembre a febrero", dt.date(2021, 1, 15), dt.date(2020, 12, 1), dt.date(2021, 2, 28)),
        ("acuerdos de noviembre a febrero", dt.date(2020, 3, 1), dt.date(2019, 11, 1), dt.date(2020, 2, 29)),
    ],
)
def test_a_range_across_new_year_ends_in_its_own_february(
    question: str, today: dt.date, start: dt.date, end: dt.date
) -> None:
    (span,) = frame(question, today).spans
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "rank", "by"),
    [
        ("¿el PT faltó más en 2020 o en 2021?", Rank.MOST, Dimension.YEAR),
        ("¿hubo menos acuerdos en el cuarto trimestre o en el primero?", Rank.LEAST, Dimension.QUARTER),
        ("¿cómo fue la asistencia en 2020 comparada con 2021?", None, Dimension.YEAR),
    ],
)
def test_which_of_two_periods_is_a_comparison(question: str, rank: Rank | None, by: Dimension) -> None:
    q = frame(question)
    assert (q.form, q.rank, q.by) == (Form.COMPARE, rank, by)
    assert len(q.spans) == 2


@pytest.mark.parametrize(
    "question",
    ["¿quién votó la minuta de la décima sesión?", "¿cómo votó el PT?", "quienes votaron el acuerdo 5"],
)
def test_who_voted_is_never_held(question: str) -> None:
    p = understand(question)
    assert missing(p, EMPTY, frame_question(p, EMPTY, TODAY).question) is not None


@pytest.mark.parametrize(
    ("question", "month_as_name"),
    [("sesiones de julio a septiembre", False), ("¿faltó julio cesar bravo?", True), ("acuerdos de mayo", False)],
)
def test_a_month_of_a_period_is_no_name(question: str, month_as_name: bool) -> None:
    words = name_words_of(understand(question))
    assert any(w in ("julio", "mayo") for w in words) == month_as_name


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("acuerdos del primer semestre de 2021", dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
        ("sesiones del 2do semestre de 2020", dt.date(2020, 7, 1), dt.date(2020, 12, 31)),
    ],
)
def test_semesters(question: str, start: dt.date, end: dt.date) -> None:
    (span,) = frame(question).spans
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "codes"),
    [("acuerdo 25/21", [(25, 21)]), ("acuerdos del 26/11", []), ("acuerdos del 3er trimestre", [])],
)
def test_a_number_over_a_year_is_an_acuerdo_and_over_a_month_a_day(question: str, codes: list[tuple[int, int]]) -> None:
    assert [(c.number, c.year) for c in understand(question).codes] == codes


@pytest.mark.parametrize(
    "question",
    ["¿de qué trimestres tienes información?", "¿qué informes tienes cargados?", "¿hasta qué fecha tienes datos?"],
)
def test_which_informes_are_loaded(question: str) -> None:
    q = frame(question)
    assert (q.subject, q.attribute) == (Subject.INFORME, Attribute.LOADED)
