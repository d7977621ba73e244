"""Conversations: a follow-up inherits what it lacks from the chat's last question, for a quarter of an
hour; a complete new question starts afresh. At the engine, in ``ask`` with JSON lines, and across
processes through the database."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid

import pytest
from sqlalchemy.engine import Engine as SqlEngine

from bot.engine import DatabaseConversations, Engine, MemoryConversations
from bot.engine.contexts import CONTEXT_TTL
from tests.test_staff_questions import NO, NO_INFO, YES, norm


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2021, 1, 15, 18, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def converse(engine: Engine, turns: list[str], today: dt.date) -> str:
    """Ask ``turns`` in one new chat (the engine keeps its context in the database); the last answer."""
    chat = uuid.uuid4().hex
    text = ""
    for turn in turns:
        text = norm(engine.answer(turn, today=today, chat=chat).text)
    return text


def assert_says(text: str, turns: list[str], must: list[str], must_not: list[str]) -> None:
    """The last answer of ``turns`` has every pattern of ``must`` and none of ``must_not``."""
    for pattern in must:
        assert re.search(pattern, text), f"{turns}: missing /{pattern}/ in {text[:400]!r}"
    for pattern in must_not:
        assert not re.search(pattern, text), f"{turns}: has /{pattern}/ in {text[:400]!r}"


T4 = dt.date(2021, 1, 15)
T1 = dt.date(2021, 5, 10)

SHIPPED_DIALOGS = [
    (["cuando fue el curso de la oea", "y que acuerdos hubo ese mes"], ["cvoe/05[123]/20"], ["cvoe/04"]),
    (["acuerdo 50", "quien lo propuso"], ["a propuesta del consejero electoral c. ernesto ramos mega"], []),
    (["quien falto a la decima segunda", "y cuantos partidos fueron"], [r"\b5 presentes"], []),
    (["el pri y el pt faltaron a la 11?", "¿y a la 12?"], ["revolucionario institucional", "partido del trabajo"], []),
    (["acuerdos de diciembre", "¿y de octubre?"], ["cvoe/043/20", "cvoe/045/20"], ["cvoe/05"]),
    (["¿quién faltó a la décima sesión?", "¿y a la siguiente?"], ["partido del trabajo", "macias"], ["scott"]),
    (["acuerdo 53", "¿cuándo se aprobó?"], ["22 de diciembre"], ["26 de noviembre"]),
    (["¿A cuántas sesiones asistió el PT?", "¿y a cuál faltó?"], ["decima primera"], ["decima segunda"]),
    (["convenios con el INE", "¿cuántos son?"], [r"\b3\b"], []),
    (["acuerdos de noviembre", "¿cuál trata de universidades?"], ["cvoe/049/20"], ["cvoe/04[678]/20"]),
    (["¿qué se aprobó en la décima sesión?", "¿y en la última?"], ["cvoe/051/20"], ["cvoe/04"]),
    (["acuerdos de octubre", "¿cuántos convenios se firmaron?"], [r"\b1 convenio", "contraloria"], ["cvoe/04"]),
    (["¿cuándo fue la décima primera sesión?", "¿quién faltó a esa sesión?"], ["partido del trabajo"], ["scott"]),
    (["¿asistió el PT a la décima primera?", "¿y el PES?"], [YES, "encuentro solidario"], []),
    (["¿cuántos acuerdos hubo en noviembre?", "¿y en diciembre?"], [r"\b3 acuerdos"], ["cvoe/04"]),
    (["acuerdo 49", "¿en qué sesión?"], ["decima primera"], ["decima segunda"]),
    (["¿cuándo fue la décima segunda sesión?", "¿fue martes o jueves?"], ["martes"], ["^\\W*jueves"]),
    (["¿cuándo fue la décima segunda sesión?", "¿fue presencial?"], [NO, "virtual"], [YES]),
    (["sesiones de noviembre", "¿quiénes faltaron?"], ["partido del trabajo"], ["scott"]),
    (["¿qué pláticas hubo en noviembre?", "¿cuántas fueron?"], [r"\b4 platicas"], ["ramirez diaz"]),
    (["¿quién faltó a la décima segunda?", "¿cuántos fueron?"], [r"faltaron 3"], []),
    (["¿Erika Estrada es integrante de la comisión?", "¿y Bernardo Valle?"], [YES, "valle monroy"], []),
    (["¿cuándo fue la décima sesión?", "¿qué acuerdos se aprobaron?"], ["cvoe/043/20"], ["cvoe/04[6-9]"]),
    (["acuerdos de la doceava", "¿y de la anterior?"], ["cvoe/046/20"], ["cvoe/05[1-3]"]),
    (["¿qué convenios se firmaron?", "¿cuál es su objeto?"], ["vigilancia"], []),
    (["acuerdos de noviembre", "de esos, ¿cuáles tienen observaciones?"], ["cvoe/048/20"], ["cvoe/046"]),
    (["¿hubo acuerdos en agosto?", "¿y en octubre?"], [YES, "cvoe/043/20"], []),
    (["¿qué partido faltó más?", "¿a qué sesión?"], ["decima"], []),
    (["acuerdos de noviembre", "¿cuántos son?"], [r"\b5 acuerdos"], []),
    (["acuerdo 45", "¿y el 46?"], ["cvoe/046/20"], ["cvoe/045"]),
    (["acuerdo 45", "¿y el siguiente?"], ["cvoe/046/20"], ["cvoe/045"]),
    (["¿quién preside la comisión?", "¿asistió a todas las sesiones?"], [YES, "estrada"], ["valle"]),
    (["convenio con la SEPI", "¿qué tipo de convenio es?"], ["general de apoyo y colaboracion"], ["contraloria"]),
    (["¿quién faltó a la décima segunda?", "¿el PT?"], [NO, "partido del trabajo"], [YES]),
    (["¿cuándo fue la décima sesión?", "¿qué día de la semana?"], ["lunes"], []),
    (["¿la décima sesión fue virtual?", "¿y la once?"], [YES, "decima primera"], []),
    (["¿qué acuerdos tienen observaciones?", "¿de quién?"], ["valle monroy", "ramos mega"], ["cvoe/043"]),
    (["convenio con la UNAM", "¿se firmó en el trimestre?"], [NO, "avances"], [YES, "contraloria"]),
    (["acuerdo 47", "¿y el anterior?"], ["cvoe/046/20"], ["cvoe/047"]),
    (["¿cuántos faltaron a la 12?", "¿quiénes?"], ["encuentro solidario"], []),
    (["¿cuándo fue la última sesión?", "¿y la anterior?"], ["decima primera"], ["22 de diciembre"]),
    (["¿Asistió Bernardo Valle a todas las sesiones?", "¿y Ramos Mega?"], [YES, "ramos mega"], []),
    (["¿la décima sesión fue en lunes?", "¿y la décima segunda?"], [NO, "martes"], [YES]),  # the same proposition
    (["sesión del 26/11", "¿fue virtual?"], [YES, "virtual"], [NO]),
    (["¿cuándo fue la reunión invita a un consejero a tu casa?", "¿cuántos asistieron?"], [r"\b9\b"], [r"de 27"]),
    (["pláticas de diciembre", "¿quién las impartió?"], ["simonelli", "ramirez diaz"], ["gilas"]),
    (["acuerdo 52", "¿qué otros se aprobaron ese día?"], ["cvoe/051/20", "cvoe/053/20"], ["cvoe/04"]),
    (
        ["acuerdo 44", "¿y qué otros acuerdos hubo ese mes?"],
        ["cvoe/043/20", "cvoe/045/20"],
        ["cvoe/04[6-9]", "cvoe/05"],
    ),
    (["acuerdos de la décima primera", "¿cuál es sobre la red de observación?"], ["cvoe/048/20"], ["cvoe/04[679]"]),
    (
        ["¿cuántos correos se enviaron por voto chilango?", "¿y a la red de observación?"],
        [r"\b49\b"],
        [r"\b16 correos"],
    ),
    (["acuerdos de diciembre", "¿y cuáles tuvieron observaciones?"], ["cvoe/053/20", "ramos mega"], ["cvoe/05[12]"]),
    (["¿quién faltó a la décima primera?", "¿y el PRI fue?"], [YES, "revolucionario institucional"], [NO]),
    (["¿qué cursos y talleres hubo?", "¿cuántas personas participaron en total?"], [r"\b164\b"], [r"^\W*el informe"]),
    (["sesiones del trimestre", "¿cuál fue en martes?", "¿quién faltó?"], ["encuentro solidario"], ["morena", "scott"]),
    (["¿quién faltó a la décima?", "¿y qué se aprobó?"], ["cvoe/043/20", "cvoe/045/20"], ["cvoe/04[6-9]", "scott"]),
    # a complete new question starts afresh: nothing leaks into it
    (["acuerdos de la décima segunda", "¿hubo sesiones urgentes?"], [NO], ["cvoe/05"]),
    (["acuerdos de octubre", "¿quiénes integran la comisión?"], ["estrada", "valle"], ["cvoe/043"]),
    (["acuerdos de octubre", "¿cuándo es la próxima sesión?"], ["21 de enero de 2021"], ["26 de octubre"]),
    (["¿quién faltó a la décima sesión?", "acuerdos de diciembre"], ["cvoe/051/20"], ["cvoe/043"]),
    (["convenios con el INE", "¿qué acuerdos se aprobaron en noviembre?"], ["cvoe/046/20"], ["instituto nacional"]),
    # the nearest session a "no" named, the figure just given, the hour of the event just shown
    (["hubo sesion el 15 de diciembre?", "entonces cuando fue"], ["22 de diciembre"], []),
    (["¿hubo sesión el 15 de diciembre?", "¿y qué se aprobó?"], ["cvoe/051/20"], [r"^\W*si\b"]),
    (["cuantos convenios vigentes hay", "y cuantos suscritos en total"], [r"\b75\b"], []),
    (["cuando fue el curso de la oea", "a q hora"], ["11:00"], []),
    # "órganos": the Institute's bodies as a group, not the Unidad "… de los Órganos Desconcentrados"
    (["que partidos u organos faltaron en diciembre", "y en noviembre?"], ["partido del trabajo", "macias"], []),
    # the item, session, month or seat the last answer was about
    (["acuerdos de diciembre", "el segundo de q trata"], ["cvoe/052/20", "minuta"], []),
    (["morena asistio a la decima", "y a las demas?"], ["decima primera", "decima segunda"], []),
    (["acuerdos de noviembre", "y el mes anterior?"], ["cvoe/043/20"], ["cvoe/05"]),
    (["felix varela", "a cuantas sesiones fue"], [r"asistio a 1 de 3"], []),
    (["la secre tecnica quien es", "cuando la ratificaron"], ["26 de octubre", "cvoe/044/20"], []),
    (["acuerdos de octubre", "y el de la secretaria tecnica cual es"], ["cvoe/044/20"], ["cvoe/043/20"]),
    (["invita a un consejero a tu casa", "quien fue la anfitriona"], ["maria reyes"], ["no registra"]),
    # rules that lean on the last answer fire only where they should
    (
        ["convenios firmados en el cuarto trimestre de 2020", "¿con quién se firmó el primer convenio?"],
        ["contraloria"],
        ["no tengo datos"],
    ),
    (["acuerdos del cuarto trimestre de 2020", "¿y el último?"], ["cvoe/053/20"], ["tercer trimestre"]),
    (["¿MORENA asistió a la décima?", "¿y los otros partidos?"], [r"\b7 presentes"], ["decima primera"]),
    (["acuerdos de diciembre", "¿qué pasó el primero de diciembre?"], ["1 de diciembre"], ["cvoe/052"]),
    (["acuerdo 45", "¿de qué periodo es el informe más reciente?"], ["cuarto informe trimestral de 2020"], []),
    # "¿qué se hizo…?" on a day no session was held: what is dated that day, not its acuerdos
    (["que se hizo el 7 de diciembre"], ["organizacion de elecciones en tiempos de pandemia"], ["no hay acuerdos"]),
]


@pytest.mark.parametrize(("turns", "must", "must_not"), SHIPPED_DIALOGS)
def test_conversations_on_the_shipped_informe(
    shipped_engine: Engine, turns: list[str], must: list[str], must_not: list[str]
) -> None:
    text = converse(shipped_engine, turns, T4)
    assert_says(text, turns, must, must_not)


FIXTURE_DIALOGS = [
    (["acuerdos de enero", "¿y de marzo?"], ["cvoe/006/21"], ["cvoe/001"]),
    (["¿quién faltó a la primera sesión ordinaria?", "¿y a la siguiente?"], ["valle monroy"], ["trabajo"]),
    (["¿cuándo fue la sesión urgente?", "¿qué se aprobó en ella?"], ["cvoe/005/21"], ["cvoe/003"]),
    (["acuerdo 3", "¿qué día de la semana fue?"], ["viernes"], []),
    (["¿qué convenios se firmaron en 2021?", "¿cuántos son?"], [r"\b2\b"], []),
    (["¿faltó el PT a alguna sesión?", "¿y Morena?"], [YES, "tercera"], []),
    (["resumen del primer trimestre de 2021", "¿y del trimestre anterior?"], ["cuarto informe trimestral 2020"], []),
    (["¿qué trimestre tuvo más acuerdos?", "¿y sesiones?"], ["primer trimestre de 2021", r"\b4 sesiones"], []),
    (["¿hubo sesiones extraordinarias en 2020?", "¿y en 2021?"], [YES, "extraordinaria"], []),
    (["convenio con la ibero", "¿y con la UAM?"], ["metropolitana"], [NO_INFO]),
    (["¿la primera extraordinaria fue en viernes?", "¿y la tercera ordinaria?"], [NO, "jueves"], [YES]),
    (["pláticas de 2021", "¿quién dio la de la ibero?"], ["lopez ruiz"], ["medina torres"]),
    (["¿quién es la secretaria técnica?", "¿desde cuándo?"], ["26 de marzo de 2019"], ["valle"]),
    (["¿quién faltó a la tercera ordinaria?", "¿y el PAN fue?"], [YES, "accion nacional"], [NO]),
    (["sesiones de 2021", "¿cuál fue urgente?", "¿qué se aprobó?"], ["cvoe/005/21"], ["cvoe/00[1-46-7]"]),
    (["convenios con la UAM", "¿cuántos son?"], [r"es 1 convenio|son 2 convenios"], [r"son 1 convenios"]),
    (["convenios firmados en 2021", "¿cuál es el objeto del de Puebla?"], ["voto en el extranjero"], [NO]),
    (["acuerdo 6", "¿qué otros acuerdos hubo ese día?"], ["ademas del cvoe/006/21", "cvoe/007/21"], ["cvoe/00[1-5]"]),
    (["acuerdos de la primera ordinaria de 2021", "¿cuál es sobre la minuta?"], ["cvoe/002/21"], ["cvoe/004"]),
    (["acuerdos de la tercera ordinaria", "¿hubo sesiones extraordinarias?"], [YES, "extraordinaria"], ["cvoe/00"]),
    (["¿cuándo fue el taller de observación electoral para jóvenes?", "¿cuántos participaron?"], [r"\b45\b"], []),
    # the kind of the session just answered is kept: the décima segunda was an ordinaria
    (
        ["¿quién faltó a la décima segunda sesión?", "¿y en la primera de 2021?"],
        ["primera sesion ordinaria de 2021"],
        ["a cual"],
    ),
    # another quarter named from the one discussed, not from today
    (["acuerdos de diciembre", "¿y del trimestre siguiente?"], ["primer trimestre de 2021", "cvoe/001/21"], ["2022"]),
    (
        ["¿cuántas sesiones hubo en el primer trimestre de 2021?", "¿y en el cuarto de 2020?"],
        [r"\b3 sesiones"],
        ["a cual"],
    ),
    (["resumen del primer trimestre de 2021", "¿y el anterior?"], ["cuarto informe trimestral 2020"], []),
    (["¿quién faltó a la primera sesión de marzo?", "¿y a la segunda?"], ["25 de marzo"], ["a cual"]),
    (["sesiones del cuarto trimestre 2020", "y del siguiente?"], ["21 de enero de 2021"], []),
    (["platicas del dr medina torres", "y de q materia fue la de 2021"], ["sistemas electorales"], ["metodos"]),
    (["acuerdo 4 de 2021", "q informe aprobo"], ["cuarto informe trimestral de 2020"], []),
    (["cuantos convenios vigentes hay", "y a fines de 2020?"], [r"\b37\b"], []),
    (["quien falto a la sesion de diciembre", "y en la siguiente sesion?"], ["partido del trabajo"], []),
    # a period and now, in one question: an answer for each
    (["¿cuántos convenios vigentes había a fines de 2020 y cuántos hay ahora?"], [r"\b37\b.*\bahora\b.*\b39\b"], []),
    (["¿cuántas sesiones hubo en 2020 y cuántas ahora?"], [r"\b3 sesiones.*\bahora\b.*\b4 sesiones"], []),
    (["¿quién presidía la comisión en 2020?"], ["cuarto informe trimestral de 2020", "estrada"], ["primer informe"]),
    (["¿cuántos acuerdos hay hasta ahora?"], [r"\bacuerdos\b"], [r"^\W*ahora\b"]),
]


@pytest.mark.parametrize(("turns", "must", "must_not"), FIXTURE_DIALOGS)
def test_conversations_on_the_first_quarter_fixture(
    both_engine: Engine, turns: list[str], must: list[str], must_not: list[str]
) -> None:
    text = converse(both_engine, turns, T1)
    assert_says(text, turns, must, must_not)


def test_chats_do_not_share_context(shipped_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shipped_engine, "conversations", MemoryConversations())
    shipped_engine.answer("acuerdos de diciembre", today=T4, chat=1)
    alone = shipped_engine.answer("¿y de octubre?", today=T4, chat=2)
    assert "CVOE/043/20" not in alone.text
    plain = shipped_engine.answer("¿y de octubre?", today=T4)  # no chat: no context
    assert "CVOE/043/20" not in plain.text


def test_context_expires_after_a_quarter_of_an_hour(shipped_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(shipped_engine, "conversations", MemoryConversations())
    shipped_engine.answer("acuerdos de diciembre", today=T4, chat=7, now=clock())
    clock.now += CONTEXT_TTL - dt.timedelta(seconds=1)
    assert "CVOE/043/20" in shipped_engine.answer("¿y de octubre?", today=T4, chat=7, now=clock()).text
    clock.now += CONTEXT_TTL + dt.timedelta(seconds=1)
    assert "CVOE/043/20" not in shipped_engine.answer("¿y de noviembre?", today=T4, chat=7, now=clock()).text


def test_the_database_shares_a_conversation_between_processes(db: SqlEngine) -> None:
    from seed.importer import import_file
    from tests.conftest import SHIPPED

    import_file(db, SHIPPED)
    clock = Clock()
    first = Engine(db, conversations=DatabaseConversations(db), clock=clock)
    second = Engine(db, conversations=DatabaseConversations(db), clock=clock)  # another bot process
    first.answer("acuerdos de diciembre", today=T4, chat=42)
    first.conversations.flush()  # type: ignore[attr-defined]  # written behind the answer: wait for it
    follow_up = second.answer("¿y de octubre?", today=T4, chat=42)
    assert "CVOE/043/20" in follow_up.text and "CVOE/051/20" not in follow_up.text
    clock.now += CONTEXT_TTL + dt.timedelta(minutes=1)
    assert "CVOE/043/20" not in first.answer("¿y de octubre?", today=T4, chat=42).text


def test_a_context_being_written_is_still_found(db: SqlEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the writer thread commits a context, the next question of that chat still finds it."""
    import threading

    from seed.importer import import_file
    from tests.conftest import SHIPPED

    import_file(db, SHIPPED)
    conversations = DatabaseConversations(db)
    writing, release = threading.Event(), threading.Event()
    write = conversations._write

    def slow_write(batch: dict) -> None:  # type: ignore[type-arg]
        writing.set()
        release.wait(10)
        write(batch)

    monkeypatch.setattr(conversations, "_write", slow_write)
    engine = Engine(db, conversations=conversations, clock=Clock())
    engine.answer("acuerdos de diciembre", today=T4, chat=43)
    assert writing.wait(10)  # the writer holds the batch and has not committed it
    try:
        follow_up = engine.answer("¿y de octubre?", today=T4, chat=43)
    finally:
        release.set()
    assert "CVOE/043/20" in follow_up.text and "CVOE/051/20" not in follow_up.text


def test_ask_reads_json_lines_and_echoes_the_chat(
    shipped_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import cli

    monkeypatch.setattr(cli, "_engine", lambda settings: shipped_engine)  # the command passes the settings it read
    monkeypatch.setattr(shipped_engine, "conversations", shipped_engine.conversations)  # ask swaps in memory
    lines = [
        {"chat": "a", "question": "acuerdos de diciembre"},
        {"chat": "b", "question": "¿quién faltó a la décima sesión?"},
        {"chat": "a", "question": "¿y de octubre?"},
        {"chat": "b", "question": "¿y a la siguiente?"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n¿y de noviembre?\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert cli.main(["ask", "--today", "2021-01-15"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o.get("chat") for o in out] == ["a", "b", "a", "b", None]
    assert "CVOE/043/20" in out[2]["text"] and "CVOE/051/20" not in out[2]["text"]
    assert "Partido del Trabajo" in out[3]["text"]  # the eleventh session, after the tenth
    assert out[4]["intent"] != "acuerdos" or "CVOE/046/20" not in out[4]["text"]  # a plain line has no context


@pytest.fixture(scope="module")
def four_quarters(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The shipped informe with the fourth quarter of 2021 and the first two of 2022: two years with a décima."""
    from db.database import make_engine
    from seed.importer import import_file
    from tests.conftest import FIXTURES, SHIPPED, fresh_url

    db = make_engine(fresh_url(tmp_path_factory.mktemp("tres")))
    for path in (
        SHIPPED,
        FIXTURES / "cvoe_2021_t4" / "cvoe_2021_t4.docx",
        FIXTURES / "cvoe_2022_t1" / "cvoe_2022_t1.docx",
        FIXTURES / "cvoe_2022_t2" / "cvoe_2022_t2_rl.pdf",
    ):
        import_file(db, path)
    return Engine(db, conversations=MemoryConversations())


FOUR_QUARTER_DIALOGS = [
    # the year of the session just discussed, when two years have one of that number
    (["quien falto a la decima primera ord del 2020", "y a la decima?"], ["decima sesion ordinaria de 2020"], ["2021"]),
    # "del 22" after a quarter: the first quarter of 2022, not the acuerdo 22 nor the first session
    (
        ["cuantas sesiones hubo en el 4to trimestre del 2021", "y en el primero del 22?"],
        ["primer trimestre de 2022"],
        [],
    ),
    # "ext" and "ord" after an ordinal, and a bare year after a session's name
    (["cuando fue la primera ses ext de 2022"], ["16 de febrero de 2022"], ["a cual"]),
    (["acuerdos de la 2da ext 2022"], ["segunda sesion extraordinaria urgente de 2022"], ["sobre «2022»", "a cual"]),
    (["cuantas sesiones hubo en dos mil veintiuno"], [r"en 2021 hubo \d+ sesiones", "no tengo los informes del"], []),
    # two quarters back, a semester and a month with a two-digit year, a count of ordinarias in short
    (["que sesiones hubo el trimestre antepasado"], ["cuarto trimestre de 2021"], ["primer trimestre de 2022"]),
    (["cuantas sesiones se hicieron en el primer semestre del 22"], ["de enero a junio de 2022"], ["cvoe/022"]),
    (["acuerdos de marzo del 22"], ["en marzo de 2022"], ["cvoe/022/22"]),
    (["cuantas ord hubo el trimestre anterior"], [r"\bsesiones ordinarias"], ["resumen"]),
    # the last session of a modality; what was done on a day without a session
    (["cuando fue la ultima sesion presencial"], ["presencial"], ["semipresencial"]),
    # who left, who came in someone's place: an integration confirmed anew names who stay, not newcomers
    (
        ["cuando salio bernardo valle de la comision"],
        ["valle monroy dejo", "10 de febrero de 2022"],
        ["valle monroy se incorporo"],
    ),
    (["quien entro en lugar de ramos mega en 2021"], ["sonia perez perez se incorporo", "29 de octubre"], ["erika"]),
    (["¿quién sustituyó a Bernardo Valle?"], ["huesca rodriguez"], ["valle monroy se incorporo"]),
]


@pytest.mark.parametrize(("turns", "must", "must_not"), FOUR_QUARTER_DIALOGS)
def test_conversations_across_four_quarters(
    four_quarters: Engine, turns: list[str], must: list[str], must_not: list[str]
) -> None:
    text = converse(four_quarters, turns, dt.date(2022, 4, 20))
    assert_says(text, turns, must, must_not)


@pytest.mark.parametrize(
    ("turns", "must", "must_not"),
    [
        # a party's representative changed in the quarter: each one with their dates
        (["cuando cambio el representante del pri"], ["gutierrez lara", "avila sandoval"], ["asistio a"]),
        (["¿Quién representa al PRI en la comisión?"], ["avila sandoval"], ["gutierrez"]),
        # the people of the talks just listed, "en total"
        (["cuantas platicas hubo el trimestre pasado", "y cuantos asistentes en total"], [r"\b570\b"], []),
        (["cuando fue la ultima sesion presencial"], ["26 de mayo de 2022", "presencial"], ["semipresencial"]),
        # comparisons written as staff write them
        (
            ["cuantos acuerdos hubo el trimestre anterior vs el primero del año"],
            ["segundo trimestre de 2022: 18 acuerdos", "primer trimestre de 2022: 15 acuerdos"],
            [],
        ),
        (
            ["cuantos convenios firmaron el trim pasado comparado con el 1er trim"],
            ["4 convenios firmados", "3 convenios firmados"],
            ["comparado"],
        ),
        (
            ["hubo mas acuerdos en 2020 o en 2021 en el cuarto trimestre"],
            ["2020: 11 acuerdos", "2021: 19 acuerdos"],
            [],
        ),
    ],
)
def test_conversations_in_the_quarter_after(
    four_quarters: Engine, turns: list[str], must: list[str], must_not: list[str]
) -> None:
    text = converse(four_quarters, turns, dt.date(2022, 7, 20))
    assert_says(text, turns, must, must_not)


def test_the_consejo_generals_acuerdo_about_what_is_asked(shipped_engine: Engine) -> None:
    """Of the Consejo General's acuerdos the informe mentions, the one whose sentence tells what is asked."""
    text = converse(shipped_engine, ["¿Con qué acuerdo del Consejo General se aprobó la integración?"], T4)
    assert "iecm-acu-cg-075-2020" in text and "consejo general mencionan" in text
    assert "031" not in text  # the acuerdo on the pandemic's measures tells nothing of the integration
