"""Answer engine: every intent, typos, abbreviations, relative words, unknowns, asking back."""

from __future__ import annotations

from datetime import date

import pytest

from bot.engine import Engine
from lang.spanish import fold
from lang.vocabulary import Subject

TODAY = date(2021, 1, 15)


def ask(engine: Engine, question: str, today: date = TODAY) -> tuple[str, str]:
    reply = engine.answer(question, today=today)
    return reply.intent, fold(reply.text)


@pytest.mark.parametrize(
    ("question", "present", "absent"),
    [
        ("¿Qué acuerdos se aprobaron en octubre?", ["cvoe/043/20", "cvoe/045/20"], ["cvoe/046/20"]),
        ("acuerdos de dic", ["cvoe/051/20", "cvoe/053/20"], ["cvoe/050/20"]),
        ("que acuerdos hubo en diciembr", ["cvoe/052/20"], ["cvoe/047/20"]),
        ("acuerdos de la doceava sesión", ["cvoe/051/20"], ["cvoe/043/20"]),
        ("¿Qué acuerdos se tomaron en la 10a sesión?", ["cvoe/044/20"], ["cvoe/051/20"]),
        ("acuerdos del 26/11/2020", ["cvoe/046/20", "cvoe/050/20"], ["cvoe/043/20"]),
        ("¿Qué se aprobó en la penúltima sesión?", ["cvoe/048/20"], ["cvoe/053/20"]),
        ("acuerdo sobre universidades", ["cvoe/049/20"], ["cvoe/043/20"]),
        ("¿Qué acuerdo ratificó a la secretaria técnica?", ["cvoe/044/20"], ["cvoe/049/20"]),
    ],
)
def test_acuerdos(shipped_engine: Engine, question: str, present: list[str], absent: list[str]) -> None:
    intent, text = ask(shipped_engine, question)
    assert intent == "acuerdos"
    for code in present:
        assert code in text
    for code in absent:
        assert code not in text


def test_acuerdo_by_code_in_every_spelling(shipped_engine: Engine) -> None:
    for question in ("acuerdo 50", "¿qué dice el CVOE/050/20?", "cvoe 50", "CVOE/50/20", "acuerdo número 50"):
        intent, text = ask(shipped_engine, question)
        assert intent == "acuerdos" and "cvoe/050/20" in text and "extranjero" in text, question


def test_mentioned_and_missing_acuerdos(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "acuerdo CVOE/008/19")
    assert "hernandez cruz" in text and "menciona" in text
    intent, text = ask(shipped_engine, "acuerdo 99")
    assert intent == "acuerdos" and "no encontre" in text and "cvoe/099" in text


def test_counting_and_yes_no(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Cuántos acuerdos se aprobaron en el trimestre?")
    assert "11 acuerdos" in text
    _, text = ask(shipped_engine, "¿Hubo acuerdos en agosto?")
    # August is before the loaded quarter: the informes do not cover it (not "there were none")
    assert text.startswith("no tengo datos de agosto de 2020") and "cvoe/0" not in text


def test_sessions(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Cuándo fue la décima primera sesión?")
    assert "jueves 26 de noviembre de 2020" in text
    _, text = ask(shipped_engine, "¿Cuándo fue la última sesión?")
    assert "martes 22 de diciembre de 2020" in text
    intent, text = ask(shipped_engine, "¿cuándo es la próxima?")
    assert intent == "sesiones" and "jueves 21 de enero de 2021" in text and "cvoe/004/21" in text
    _, text = ask(shipped_engine, "¿Qué sesiones hubo en octubre?")
    assert "26 de octubre" in text and "noviembre" not in text
    intent, text = ask(shipped_engine, "¿Cuándo fue la quinta sesión?")
    assert intent == "sesiones" and "no tengo registro" in text


def test_next_session_is_relative_to_today(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Cuándo es la próxima sesión?", today=date(2021, 2, 1))
    assert "no hay sesiones programadas" in text


def test_attendance(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Quién faltó a la décima segunda sesión?")
    for who in ("encuentro solidario", "equidad", "varela"):
        assert who in text
    # The Secretaría Ejecutiva came through its encargado del despacho, who heads the Dirección de Educación Cívica:
    # neither is absent, and the answer says why they are not in the list.
    absent, _, covered = text.partition("no figuran en la lista, pero no faltaron")
    assert "morena" not in absent and "geraldo venegas" not in absent and "educacion civica" not in absent
    assert "secretaria ejecutiva: gustavo uribe robles asistio como encargado del despacho" in covered
    _, text = ask(shipped_engine, "¿Asistió el PT a la décima primera sesión?")
    assert text.startswith("no.") and "partido del trabajo" in text
    _, text = ask(shipped_engine, "¿El PT faltó a la décima primera sesión?")
    assert text.startswith("si.")
    _, text = ask(shipped_engine, "¿Cuántas sesiones asistió el Partido del Trabajo?")
    assert "2 de 3" in text
    _, text = ask(shipped_engine, "¿Qué partidos asistieron a todas las sesiones?")
    # those who came to every one; the others are counted, not named (naming them would answer another question)
    assert "morena" in text and "encuentro solidario" not in text and "los otros 3 faltaron" in text
    _, text = ask(shipped_engine, "¿Asistió el PAN a la décima sesión?")
    assert "no encontre" in text and "pan" in text


def test_attendance_not_recorded_is_not_nobody_absent(both_engine: Engine) -> None:
    _, text = ask(both_engine, "¿Quién faltó a la segunda sesión extraordinaria urgente?", today=date(2021, 4, 1))
    assert "no hay registro de asistencia" in text


def test_ambiguous_name_asks_back_with_choices(shipped_engine: Engine) -> None:
    reply = shipped_engine.answer("¿A qué sesiones faltó Rodríguez?", today=TODAY)
    assert reply.intent == "clarify" and len(reply.choices) == 3
    chosen = shipped_engine.answer(reply.choices[0], today=TODAY)
    assert chosen.intent == "asistencia"


def test_integration(shipped_engine: Engine) -> None:
    intent, text = ask(shipped_engine, "¿Quiénes son los consejeros integrantes?")
    assert intent == "integracion" and "valle monroy" in text and "ramos mega" in text
    _, text = ask(shipped_engine, "¿quién preside la comisión?")
    assert "estrada" in text and "valle" not in text


def test_convenios(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Qué convenios se firmaron?")
    assert "contraloria general" in text and "9 de octubre de 2020" in text
    _, text = ask(shipped_engine, "convenio con el INE")
    assert text.count("instituto nacional electoral") == 3
    _, text = ask(shipped_engine, "convenio con la UACM")
    assert "no encontre" in text and "autonoma de mexico" not in text
    _, text = ask(shipped_engine, "¿Cuántos convenios están vigentes?")
    assert "37" in text and "75" in text
    _, text = ask(shipped_engine, "¿Qué convenios se reportaron en la décima sesión?")
    assert "sor juana" in text and "tlalpan" not in text
    _, text = ask(shipped_engine, "¿Tenemos convenio con la SEPI?")
    assert "general de apoyo y colaboracion" in text


def test_activities(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Qué pláticas se dieron en la UNAM?")
    assert "gilas" in text and "ramirez diaz" in text and "medina torres" not in text
    _, text = ask(shipped_engine, "¿Cuántas personas participaron en el curso del IRI?")
    assert "27" in text
    _, text = ask(shipped_engine, "¿Cuántos correos se enviaron a la Red de Observación?")
    assert "49" in text
    _, text = ask(shipped_engine, "¿Cuántas noticias se enviaron?")
    assert "55 noticias" in text
    _, text = ask(shipped_engine, "¿Cuándo fue la reunión del grupo de trabajo con el INE?")
    assert "11 de noviembre de 2020" in text
    _, text = ask(
        shipped_engine,
        "¿Cuándo fue la primera reunión con la red de personas oriundas residentes en el extranjero?",
    )
    assert "5 de noviembre de 2020" in text


def test_text_passages_for_what_no_table_answers(shipped_engine: Engine) -> None:
    intent, text = ask(shipped_engine, "¿Qué pasó con las misiones de observación electoral?")
    assert intent == "texto" and "cancelacion" in text


def test_summary_help_greeting(shipped_engine: Engine) -> None:
    intent, text = ask(shipped_engine, "quiero el resumen trimestral")
    assert intent == "summary" and "11" in text and "contraloria" in text
    intent, text = ask(shipped_engine, "resumen del primer trimestre de 2021")
    assert "no tengo el informe" in text and "cuarto trimestre de 2020" in text
    intent, text = ask(shipped_engine, "¿qué puedo preguntarte?")
    assert intent == "help" and "acuerdo" in text
    assert ask(shipped_engine, "hola")[0] == "greeting"


@pytest.mark.parametrize(
    "question",
    ["¿Cuál es el precio del dólar?", "¿Quién ganó el mundial?", "asdkjh qwe", "¿qué temperatura hace hoy?"],
)
def test_unknown_questions_get_no_unrelated_facts(shipped_engine: Engine, question: str) -> None:
    intent, text = ask(shipped_engine, question)
    assert intent == "unknown" and "cvoe" not in text


@pytest.mark.parametrize("question", ["", "   ", "🙂🙂", "\x00\x07", "?" * 50, "a" * 5000, "<script>alert(1)</script>"])
def test_bad_input_gets_a_clear_reply(shipped_engine: Engine, question: str) -> None:
    reply = shipped_engine.answer(question, today=TODAY)
    assert reply.text and len(reply.html) < 4096
    assert "<script>" not in reply.html


def test_html_is_escaped(shipped_engine: Engine) -> None:
    reply = shipped_engine.answer("¿A qué sesiones faltó <b>Rodríguez</b> & co?", today=TODAY)
    assert reply.intent == "clarify"
    assert "<b>Félix" not in reply.html and "&lt;b&gt;" in reply.html and "&amp;" in reply.html


def test_month_without_year_means_latest_with_data(both_engine: Engine) -> None:
    _, text = ask(both_engine, "acuerdos de enero", today=date(2021, 4, 30))
    assert "cvoe/001/21" in text and "cvoe/043/20" not in text
    _, text = ask(both_engine, "acuerdos de noviembre", today=date(2021, 4, 30))
    assert "cvoe/046/20" in text
    _, text = ask(both_engine, "¿cuándo es la próxima sesión?", today=date(2021, 4, 1))
    assert "22 de abril de 2021" in text


def test_session_kinds_with_two_informes(both_engine: Engine) -> None:
    today = date(2021, 4, 1)
    _, text = ask(both_engine, "acuerdos de la primera sesión extraordinaria", today=today)
    assert "cvoe/003/21" in text and "cvoe/001/21" not in text
    reply = both_engine.answer("acuerdos de la primera sesión", today=today)
    assert reply.intent == "clarify" and any("extraordinaria" in c for c in reply.choices)
    _, text = ask(both_engine, "¿cuándo fue la décima sesión?", today=today)
    assert "26 de octubre de 2020" in text


def test_engine_reload_sees_new_imports(db) -> None:  # type: ignore[no-untyped-def]
    from seed.importer import import_file
    from tests.conftest import SECOND, SHIPPED

    import_file(db, SHIPPED)
    engine = Engine(db)
    assert "cvoe/003/21" not in ask(engine, "acuerdo CVOE/003/21")[1].replace("no encontre el acuerdo cvoe/003/21", "")
    import_file(db, SECOND)
    engine.reload()
    assert "visitantes extranjeros" in ask(engine, "acuerdo CVOE/003/21")[1]


@pytest.mark.parametrize(
    ("question", "intent", "expected", "unexpected"),
    [
        ("¿Qué se acordó en noviembre?", "acuerdos", ["cvoe/048/20"], ["cvoe/043/20"]),
        ("¿Cuándo se aprobó el tercer informe trimestral?", "acuerdos", ["cvoe/045/20"], ["cvoe/049/20"]),
        ("¿Qué acuerdos tienen observaciones?", "acuerdos", ["cvoe/044/20", "cvoe/053/20"], ["cvoe/043/20"]),
        ("¿La décima segunda sesión fue presencial?", "sesiones", ["no.", "virtual"], ["erika"]),
        ("¿Fue Bernardo Valle a la décima primera sesión?", "asistencia", ["si.", "valle monroy"], []),
        ("¿Quién es el titular de la Secretaría Ejecutiva?", "asistencia", ["geraldo venegas"], ["hernandez cruz"]),
        ("¿Qué convenios se reportaron en diciembre?", "convenios", ["sor juana"], ["tlalpan"]),
        ("¿A qué universidades se asistió?", "actividades", ["gilas", "simonelli"], []),
        ("¿Cuántas horas duró el curso de Ceremonial y Protocolo?", "actividades", ["25 horas"], []),
        ("¿Cuántas sesiones del Consejo Local del INE se siguieron?", "actividades", ["son 2"], []),
        (
            "¿Cuántas sesiones del Consejo Local del INE se siguieron?",
            "actividades",
            ["18 de diciembre"],
            ["22 de oct"],
        ),
        ("¿Qué se informó sobre la Ceremonia de Vinculación con Puebla?", "texto", ["puebla"], []),
        ("¿Hubo sesiones extraordinarias?", "sesiones", ["no.", "ordinaria"], []),
    ],
)
def test_more_phrasings(
    shipped_engine: Engine, question: str, intent: str, expected: list[str], unexpected: list[str]
) -> None:
    got_intent, text = ask(shipped_engine, question)
    assert got_intent == intent, text
    for part in expected:
        assert part in text, text
    for part in unexpected:
        assert part not in text, text


def test_rankings_dates_and_synonyms(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Quién faltó más?")
    assert text.startswith("falto a 2 de 3 sesiones (1 participante)") and "varela" in text and "estrada" not in text
    _, text = ask(shipped_engine, "¿Qué partido asistió menos?")
    assert "encuentro solidario" in text and "morena" not in text
    _, text = ask(shipped_engine, "¿Qué acuerdos se aprobaron el 26 de noviembre?")
    assert text.startswith("el 26 de noviembre de 2020 se aprobaron 5 acuerdos")
    _, text = ask(shipped_engine, "¿Qué notas ejecutivas se enviaron sobre Estados Unidos?")
    assert "ee.uu." in text and "bolivia" not in text
    intent, text = ask(shipped_engine, "¿Quién es Cecilia Aída Hernández Cruz?")
    assert intent == "integracion" and "cvoe/008/19" in text and "presidencia" not in text


def test_questions_about_the_informe_itself(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Con qué acuerdo se aprobó este informe?", today=date(2021, 3, 1))
    assert "cvoe/004/21" in text and "jueves 21 de enero de 2021" in text and "punto 4" in text
    _, text = ask(shipped_engine, "¿Qué periodo cubre el informe?")
    assert "1 de octubre de 2020 al 31 de diciembre de 2020" in text and "previsto" in text
    _, text = ask(shipped_engine, "¿Qué acuerdo designó a la secretaria técnica?")
    assert "cvoe/008/19" in text and "cvoe/045" not in text
    _, text = ask(shipped_engine, "¿Quién es el presidente del IECM?")
    assert "no dicen" in text and "estrada" not in text
    assert ask(shipped_engine, "¿Dónde queda el IECM?")[0] == "unknown"
    assert ask(shipped_engine, "¿Cuál es el horario de atención?")[0] == "unknown"
    _, text = ask(shipped_engine, "¿Qué partidos hay en la comisión?")
    assert "morena" in text and "partido del trabajo" in text and "unidad tecnica" not in text


def test_session_words_are_never_topics_and_plurals_find_names(shipped_engine: Engine) -> None:
    _, text = ask(shipped_engine, "¿Cuáles fueron los acuerdos de la sesión del 22 de diciembre?")
    assert text.startswith("el 22 de diciembre de 2020 se aprobaron 3 acuerdos")
    _, text = ask(shipped_engine, "¿Con qué universidades hay convenio?")
    assert "sor juana" in text and "autonoma de mexico" in text and "tlalpan" not in text


def test_every_session_and_previous_quarter(both_engine: Engine) -> None:
    today = date(2021, 4, 30)
    _, text = ask(both_engine, "¿Asistió Bernardo Valle a todas las sesiones?", today=today)
    # someone's whole record: every quarter loaded, and the answer says which months those are
    assert text.startswith("no.") and "5 de 6 sesiones registradas de octubre de 2020 a marzo de 2021" in text
    _, text = ask(both_engine, "¿Asistió la presidenta Erika Estrada a todas las sesiones?", today=today)
    assert text.startswith("si.") and "6 de 6" in text
    # On 30 April the previous quarter is the first of 2021 (the calendar's, not the one before the latest informe)
    intent, text = ask(both_engine, "resumen del trimestre anterior", today=today)
    assert intent == "summary" and "primer informe trimestral 2021" in text
    intent, text = ask(both_engine, "resumen del trimestre pasado", today=date(2021, 1, 20))
    assert intent == "summary" and "cuarto informe trimestral 2020" in text


@pytest.mark.parametrize(
    ("question", "expected", "unexpected"),
    [
        ("acuerdos de 46", "cvoe/046/20", "cvoe/045/20"),
        ("acuerdos del 26/10/2020", "cvoe/043/20", "cvoe/026"),
        ("acuerdos de 2020", "11 acuerdos", "no encontre"),
        ("acuerdos del 26 de octubre", "cvoe/044/20", "cvoe/026"),
    ],
)
def test_acuerdo_numbers_are_not_dates_or_years(
    shipped_engine: Engine, question: str, expected: str, unexpected: str
) -> None:
    _, text = ask(shipped_engine, question)
    assert expected in text and unexpected not in text


def test_a_scheduled_session_does_not_hide_the_informe(db) -> None:  # type: ignore[no-untyped-def]
    """Month and "la última sesión" questions read held sessions with data; the calendar's are upcoming."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from bot import calendar
    from db.database import session_scope
    from seed.importer import import_file
    from tests.conftest import SHIPPED

    import_file(db, SHIPPED)
    zone = ZoneInfo("America/Mexico_City")
    today = date(2026, 11, 10)
    scheduled_on = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)  # both were put on the calendar ahead of time
    with session_scope(db) as session:
        earlier, _ = calendar.schedule(
            dt.datetime(2026, 11, 5, 17, tzinfo=dt.UTC), "Sesión de ayer", zone, now=scheduled_on, session=session
        )
        later, _ = calendar.schedule(
            dt.datetime(2026, 11, 20, 17, tzinfo=dt.UTC), "Sesión de prueba", zone, now=scheduled_on, session=session
        )
    engine = Engine(db)
    _, text = ask(engine, "¿Qué acuerdos se aprobaron en noviembre?", today=today)
    assert "cvoe/046/20" in text and "2026" not in text
    _, text = ask(engine, "¿Cuál fue la última sesión?", today=today)
    # The last session an informe reports; the informe's approval session is only named ahead of time.
    assert "22 de diciembre de 2020" in text and "2026" not in text
    _, text = ask(engine, "¿Cuándo es la próxima sesión?", today=today)
    assert "20 de noviembre de 2026" in text
    with session_scope(db) as session:
        calendar.cancel(later.id, session=session)  # type: ignore[arg-type]
        calendar.cancel(earlier.id, session=session)  # type: ignore[arg-type]
    engine.reload()
    _, text = ask(engine, "¿Qué acuerdos se aprobaron en noviembre?", today=today)
    assert "cvoe/046/20" in text and "2026" not in text
    _, text = ask(engine, "¿Cuándo es la próxima sesión?", today=today)
    assert "no hay sesiones programadas" in text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Partido del Trabajo", None, "partido"), ("Partido del Trabajo", "Laura Méndez", "partido")),
        (("Partido MORENA", None, "partido"), ("MORENA", "Alejandra Domínguez Lara", "partido")),
        (
            ("Integrante", "Ernesto Ramos Mega", "consejeria"),
            ("Consejero integrante", "César Ernesto Ramos Mega", "consejeria"),
        ),
        (
            ("Unidad Técnica de Servicio Informáticos", "Oscar Rodríguez Paz", "unidad"),
            ("Unidad Técnica de Servicios Informáticos", "Oscar Alejandro Rodríguez Paz", "unidad"),
        ),
        # a party by its acronym in one informe, by its name (and acronym) in another
        (("Partido del Trabajo", None, "partido"), ("PT", "Ernesto Villarreal Cantú", "partido")),
        (("PRI", None, "partido"), ("Partido Revolucionario Institucional (PRI)", None, "partido")),
        (("Partido MORENA", None, "partido"), ("MORENA", None, "partido")),
        (("Partido del Trabajo", None, "partido"), ("Representante del PT", "Ernesto Villarreal Cantú", "partido")),
    ],
)
def test_one_participant_across_quarters(
    first: tuple[str, str | None, str], second: tuple[str, str | None, str]
) -> None:
    """A party or organ is itself whoever represents it; a seat of the commission is its person."""
    from bot.engine.knowledge import participant_key

    assert participant_key(*first) == participant_key(*second)


def test_different_organs_and_people_stay_apart() -> None:
    from bot.engine.knowledge import participant_key

    assert participant_key("Secretaría Ejecutiva", "Rubén Geraldo Venegas", "secretaria") != participant_key(
        "Encargado del despacho de la Secretaría Ejecutiva", "Gustavo Uribe Robles", "secretaria"
    )
    assert participant_key("Integrante", "Bernardo Valle Monroy", "consejeria") != participant_key(
        "Integrante", "Ernesto Ramos Mega", "consejeria"
    )


def test_a_fault_answering_one_question_reaches_nobody(shipped_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a skill is logged; the person gets a Spanish apology, and the next question is answered."""
    from bot.engine import skills

    def broken(ask: object) -> object:
        raise ValueError("day is out of range for month")

    monkeypatch.setitem(skills.SKILLS, Subject.SESIONES, broken)
    intent, text = ask(shipped_engine, "¿Cuándo fue la décima sesión?")
    assert intent == "unknown" and text.startswith("perdon, no pude responder") and "valueerror" not in text
    monkeypatch.undo()
    _, text = ask(shipped_engine, "¿Cuándo fue la décima sesión?")
    assert "26 de octubre" in text


def test_two_universities_with_different_acronyms_are_two_counterparts() -> None:
    from bot.engine.skills.convenios import _same_party
    from db.models import Convenio
    from lang.vocabulary import ConvenioStatus

    def convenio(counterpart: str) -> Convenio:
        return Convenio(
            informe_id=1,
            status=ConvenioStatus.SUSCRITO,
            position=0,
            instrument_type="Convenio",
            counterpart=counterpart,
        )

    unam = convenio("Universidad Nacional Autónoma de México (UNAM) Facultad de Psicología")
    uacm = convenio("Universidad Autónoma de la Ciudad de México (UACM)")
    assert not _same_party(unam, uacm)
    assert _same_party(uacm, convenio("Universidad Autónoma de la Ciudad de México"))


def test_the_hours_of_a_course_are_its_rows_not_the_hour_it_began() -> None:
    from bot.engine.skills.cifras import hours_of
    from db.models import Activity
    from lang.vocabulary import ActivityKind

    def course(title: str, detail: str | None) -> Activity:
        return Activity(informe_id=1, kind=ActivityKind.CURSO, section="Cursos", position=0, title=title, detail=detail)

    found = hours_of(course("Curso “Observación electoral internacional”", "Horas: 20"))
    assert found is not None and found.value == 20
    assert hours_of(course("Curso de la OEA, de 11:00 a 13:00 horas", None)) is None


def test_rows_that_count_by_month_add_up_their_counts() -> None:
    from datetime import date as day

    from bot.engine.skills.cifras import tallied
    from db.models import Activity
    from lang.vocabulary import ActivityKind

    def month(n: int, detail: str) -> Activity:
        end = day(2022, n + 1, 1).toordinal() - 1
        return Activity(
            informe_id=1, kind=ActivityKind.CORREO, section="Correos", position=n, title=str(n),
            date=day(2022, n, 1), end_date=day.fromordinal(end), detail=detail,
        )  # fmt: skip

    rows = [
        month(7, "Red de Observación IECM: 5; Ciudadanía: 4; Total: 9"),
        month(8, "Red de Observación IECM: 6; Ciudadanía: 3; Total: 9"),
    ]
    assert tallied(rows, []) == 18  # the Total column
    assert tallied(rows, ["red", "observacion"]) == 11  # the column asked
    assert tallied([*rows[:1], month(8, "")], []) is None  # a row without counts: rows, not tallies
