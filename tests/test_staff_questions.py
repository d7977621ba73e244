"""Questions as staff type them, against the shipped informe and against the 2021 first-quarter fixture.

Each row: the question, regexes a right answer contains, regexes it must not contain (facts from the wrong
session or month, or a "Sí" that should be a "No"). Answers are compared as the shared grader does: lower
case, accents removed, whitespace collapsed. The same kinds of question are asked of both informes, so that
no rule is tuned to one of them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest

from bot.engine import Engine

NO_INFO = r"no (?:tengo|hay|encontr|se (?:firmo|aprobo|registr))|no figura|sin registro"
YES = r"^\W*si\b"
NO = r"^\W*no\b"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.lower()).strip()


def check(engine: Engine, question: str, must: list[str], must_not: list[str], today: dt.date) -> None:
    reply = engine.answer(question, today=today)
    text = norm(reply.text)
    for pattern in must:
        assert re.search(pattern, text), f"{question!r}: missing /{pattern}/ in {text[:400]!r}"
    for pattern in must_not:
        assert not re.search(pattern, text), f"{question!r}: has /{pattern}/ in {text[:400]!r}"


T4 = dt.date(2021, 1, 15)
OCT, NOV, DEC = ["cvoe/04[345]/20"], ["cvoe/04[6-9]/20|cvoe/050/20"], ["cvoe/05[123]/20"]

SHIPPED_CASES = [
    # acuerdos: months, sessions, codes, topics, several conditions at once
    ("cuantos acuerdos hubo en oct", [r"\b3 acuerdos"], ["cvoe/046"]),
    ("acuerdos de oct y dic", ["cvoe/043/20", "cvoe/051/20"], ["cvoe/04[6-9]/20"]),
    ("acuerdos de la sesion diez", ["cvoe/044/20"], ["cvoe/04[6-9]/20", "cvoe/05"]),
    ("¿qué se aprobó en la sesión diez?", ["cvoe/045/20"], ["cvoe/05"]),
    ("acuerdos de la 11", ["cvoe/049/20"], ["cvoe/043/20", "cvoe/051/20"]),
    ("q acuerdos hubo en dic", ["cvoe/052/20"], ["cvoe/04"]),
    ("que se aprobo el 22 de dic", ["cvoe/053/20"], ["cvoe/04"]),
    ("acuerdos del 26/11", ["cvoe/048/20"], ["cvoe/043", "cvoe/051"]),
    ("acuerdos de la decima segunda sobre minutas", ["cvoe/052/20"], ["cvoe/051", "cvoe/053", "cvoe/047"]),
    ("¿hubo acuerdos sobre universidades en diciembre?", [NO, "cvoe/049/20"], [YES]),
    ("¿se aprobó algún acuerdo sobre observadores?", [YES, "cvoe/048/20"], []),
    ("el acuerdo 47 fue en diciembre?", [NO, "noviembre"], [YES]),
    ("el acuerdo 52 fue en diciembre?", [YES, "22 de diciembre"], []),
    ("el 44 se aprobó en la decima?", [YES, "decima sesion"], []),
    ("¿en qué sesión se aprobó el 49?", ["decima primera"], ["decima segunda"]),
    ("acuerdo cuarenta y siete", ["cvoe/047/20", "minuta"], []),
    ("¿el acuerdo 53 tuvo observaciones?", [YES, "ramos mega"], []),
    ("¿el acuerdo 46 tuvo observaciones?", [NO, "sin observaciones"], [YES]),
    ("¿qué acuerdos tuvieron observaciones de Ramos Mega?", ["cvoe/049/20", "cvoe/053/20"], ["cvoe/048/20"]),
    ("acuerdo 99", [NO_INFO, "cvoe/099"], []),
    ("¿hubo acuerdos en agosto?", [NO_INFO], ["cvoe/04"]),
    ("¿qué sesión tuvo más acuerdos?", ["decima primera", r"\b5 acuerdos"], []),
    ("acuerdos desde noviembre", ["cvoe/046/20", "cvoe/053/20"], ["cvoe/043/20"]),
    ("q acuerdos sacaron en la 12a", ["cvoe/051/20", "cvoe/053/20"], ["cvoe/04", "sacaron"]),  # a verb, no topic
    ("¿qué acuerdos hubo el mes pasado?", ["cvoe/051/20", "cvoe/053/20"], ["cvoe/04"]),
    ("acuerdos de la sesion previa a la ultima", ["cvoe/046/20", "cvoe/050/20"], ["cvoe/05[1-3]"]),
    ("el acuerdo 45 de que se trata", ["tercer informe trimestral"], ["cvoe/04[346]"]),
    ("¿con qué acuerdo se aprobó la minuta de la décima primera?", ["cvoe/052/20"], ["cvoe/047"]),
    ("¿el 47 es la minuta de la decima primera?", [NO, "minuta de la decima sesion"], [YES]),
    ("¿el 47 es la minuta de la decima?", [YES], [NO]),
    ("acuerdos sobre estacionamientos en la 11", [NO_INFO, "estacionamientos"], ["cvoe/046"]),  # the topic asked
    # sessions: numbers, days, weekdays, kinds, modality
    ("sesion 22/12", ["decima segunda"], ["vigesima"]),
    ("¿la décima sesión fue en lunes?", [YES, "lunes 26 de octubre"], []),
    ("¿la decima sesion fue martes?", [NO, "lunes"], [YES]),
    ("¿qué día de la semana fue la 12?", ["martes"], []),
    ("¿la doceava fue virtual?", [YES, "virtual"], []),
    ("¿la décima sesión fue extraordinaria?", [NO, "ordinaria"], [YES]),
    ("¿hubo sesion el 15 de noviembre?", [NO, "26 de noviembre"], [YES]),
    ("¿hubo sesiones presenciales?", [NO], [YES]),
    ("cuantas sesiones hubo en oct", [r"\b1 sesion"], ["noviembre"]),
    ("¿qué sesión fue en jueves?", ["decima primera"], ["decima segunda sesion ordinaria: martes"]),
    ("ultima sesion cuando fue", ["22 de diciembre"], []),
    ("¿cuándo es la siguiente sesión?", ["21 de enero de 2021"], []),
    ("¿la sesión del 26 de noviembre fue en lunes?", [NO, "jueves"], [YES]),  # the day names it, the rest is judged
    ("¿la sesion del 26/10 fue lunes?", [YES, "lunes 26 de octubre"], [NO]),
    ("¿las sesiones del trimestre fueron presenciales?", [NO, "las 3 fueron virtuales"], [YES]),
    # attendance: persons, parties, groups, yes/no whose answer is no, rankings
    ("quienes no fueron a la decima sesion", ["scott", "varela"], ["morena", "estrada"]),  # "ir a": attending
    ("¿qué partidos fueron a las tres sesiones?", ["morena", "verde"], ["encuentro solidario", "trabajo"]),
    ("¿faltó algún partido a la décima sesión?", [NO, "ninguno de los partidos"], [YES]),
    ("qien falto a la 12", ["encuentro solidario"], ["morena"]),
    # Gustavo Uribe Robles, head of Educación Cívica, came to the décima segunda as the encargado del despacho.
    (
        "¿qué direcciones faltaron a la décima segunda?",
        ["no falto ninguna", "uribe robles asistio como encargado"],
        ["a quien"],
    ),
    ("¿cuántos partidos hay en la comisión?", [r"son 7\b", "morena"], []),
    ("total de faltas del trimestre", [r"\b9 faltas en 3 sesiones"], []),
    ("¿Sonia Pérez asistió a la décima?", [NO_INFO, "sonia"], ["zavala"]),  # "Pérez" alone is somebody else
    ("quien falto a la 11", ["partido del trabajo"], ["morena"]),
    ("¿el pri falto a alguna sesion?", [NO], [YES]),
    ("¿el PT faltó a alguna sesión?", [YES, "decima primera"], []),
    ("¿morena asistio a todas?", [YES], []),
    ("¿cuantas veces falto el pt?", [r"\b1 de 3", "decima primera"], ["decima segunda"]),
    ("¿asistió Mónica Scott a la décima sesión?", [NO], [YES]),
    ("¿la secretaría ejecutiva faltó alguna vez?", [NO, "decima segunda", "encargado del despacho"], [YES]),
    ("¿faltó alguien a la décima sesión?", [YES], []),
    ("¿asistieron todos a la décima primera?", [NO], [YES]),
    ("¿Asistió el PAN a la décima sesión?", [NO_INFO, "pan"], [YES]),
    ("¿asistió la presidenta a todas las sesiones?", [YES, "estrada"], []),
    ("¿qué partido faltó más?", ["partido"], []),
    ("¿quién es el titular de la unidad técnica de asuntos jurídicos?", ["zavala"], ["varela"]),
    # integration: yes/no judged on the informe's list, asking back, other bodies
    ("¿Erika Estrada es integrante de la comisión?", [YES, "presidencia"], []),
    ("¿Bernardo Valle es presidente de la comisión?", [NO, "consejeria", "estrada"], [YES]),
    ("quien preside", ["estrada"], ["valle"]),
    ("¿qué cargo tiene Cecilia Hernández?", ["secretaria tecnica"], []),
    ("cuantos integrantes tiene la comision", [r"\b4\b"], []),
    ("¿Juan Carlos Mendoza es integrante de la comisión?", [NO, "juan carlos mendoza"], [YES]),
    ("quien es la sria tecnica", ["hernandez cruz"], []),
    ("¿desde cuándo es consejero Bernardo Valle?", ["9 de octubre de 2020", "iecm-acu-cg-075-2020"], []),
    ("¿desde cuándo está la secretaria técnica?", ["hernandez cruz", "26 de marzo de 2019"], []),
    ("¿sigue Erika Estrada en la comisión?", [YES, "presidencia"], [NO]),
    ("¿Juan Carlos Mendoza sigue en la comisión?", [NO, "no figura"], [YES]),
    ("las consejeras y consejeros de la comision", ["estrada", "ramos mega", "valle monroy"], ["hernandez cruz"]),
    ("¿a qué hora empezó la décima segunda sesión?", ["22 de diciembre", "no registra la hora"], []),
    ("¿la décima primera fue virtual o presencial?", [r"^\W*virtual\b"], [NO, YES]),  # which one, not yes/no
    ("¿quién presidió la décima segunda sesión?", ["estrada", "asistio"], ["valle monroy"]),
    ("¿dónde se celebró la décima sesión?", ["virtual", "no registra el lugar"], []),
    ("¿cuánto duró la décima segunda sesión?", [NO_INFO, "duran"], []),
    ("¿hubo sesión en enero?", ["todavia no", "21 de enero de 2021"], [YES]),  # not held yet
    ("¿habrá sesión en enero?", [YES, "habra 1 sesion", "21 de enero de 2021"], []),
    ("acuerdos sin observaciones de la décima segunda", ["cvoe/051/20", "cvoe/052/20"], ["cvoe/053"]),
    ("¿el 53 se aprobó sin observaciones?", [NO, "ramos mega"], [YES]),
    ("acuerdos de la semana del 24 de noviembre", ["cvoe/046/20", "cvoe/050/20"], ["cvoe/04[345]", "cvoe/05[1-3]"]),
    ("acuerdos posteriores al 1 de diciembre", ["cvoe/051/20", "cvoe/053/20"], ["cvoe/04"]),
    ("¿por qué faltó el PT a la décima primera?", ["partido del trabajo", "no dice por que"], [YES]),
    ("¿en qué sesión se ratificó a la secretaria técnica?", ["cvoe/044/20", "decima sesion"], ["cvoe/008"]),
    ("¿en qué sesión se aprobó el manual de observación ciudadana?", ["cvoe/053/20", "decima segunda"], []),
    ("¿en qué sesión se va a aprobar el informe?", ["primera sesion ordinaria", "21 de enero de 2021"], [NO_INFO]),
    ("¿asistió la secretaria técnica a la décima sesión?", [YES, "hernandez cruz"], [NO]),
    # convenios: counterpart, signing, type, period, yes/no
    ("¿el convenio con la contraloría es general?", [NO, "apoyo y colaboracion", "no general"], [YES]),
    ("¿Se firmó algún convenio con la UNAM en el trimestre?", [NO, "avances"], [YES]),
    ("¿la comisión tiene convenio con Radio Educación?", [YES, "radio educacion"], []),
    ("¿hay convenio con la UAM?", [NO_INFO], [YES]),
    ("¿se firmaron convenios en noviembre?", [NO], [YES]),
    ("¿cuál es el objeto del convenio con la contraloría?", ["vigilancia"], []),
    ("¿cuándo se firmó el convenio con la contraloria?", ["9 de octubre"], []),
    ("convenios especificos", ["especifico", "sor juana"], []),
    ("¿cuántos convenios tuvieron avances?", [r"\(8\)"], []),
    # activities: matched against the informe's own tables and sections
    ("¿cuántos correos se mandaron por voto chilango?", [r"\b16 correos"], [r"\b49\b"]),
    ("¿Cuántos correos se enviaron a la Red de Observación?", [r"\b49\b"], []),
    ("¿cuántas notas ejecutivas se hicieron sobre el consejo general del ine?", [r"\b8 notas"], ["bolivia"]),
    ("¿cuántos reportes del sivople?", [r"\b13 reportes"], []),
    ("¿qué es el SIVOPLE?", ["sistema de vinculacion con los organismos publicos locales electorales"], []),
    ("¿Cuántas sesiones del Consejo Local del INE se siguieron?", [r"son 2\b", "18 de diciembre"], ["22 de oct"]),
    ("¿qué notas se enviaron sobre Brasil?", ["municipales en brasil"], ["bolivia"]),
    ("¿qué pláticas hubo en diciembre?", ["ramirez diaz", "simonelli"], ["gilas"]),
    ("¿cuantas platicas se dieron en la uacm?", [r"\b3 platicas"], ["gilas"]),
    ("¿cuándo fue el curso de la OEA?", ["7 de diciembre"], []),
    ("¿cuántas personas asistieron a la reunión con la red de observación?", [r"\b16\b"], []),
    ("¿cuánto duró el curso de ceremonial y protocolo?", [r"\b25 horas"], []),
    ("¿qué profesora dio más pláticas?", ["gilas"], []),
    ("correo de la presidenta", [NO_INFO], ["@"]),
    ("¿el taller del IRI fue en noviembre?", [YES, "19 de noviembre"], [NO]),  # judged on the event's own dates
    ("¿el curso de ceremonial y protocolo fue en noviembre?", [NO, "19 de octubre", "no todo"], [YES]),
    ("¿la plática de la UAM fue en diciembre?", [NO, "11 de noviembre"], [YES]),
    ("¿quién hizo de anfitriona en la reunión invita a un consejero a tu casa?", ["maria reyes"], ["estrada"]),
    ("¿cuántas personas tomaron el curso de la OEA?", [r"\b110\b"], [r"\b27\b"]),
    ("¿qué acuerdos tuvieron observaciones de la UTAJ?", ["cvoe/045/20"], ["cvoe/04[89]", "cvoe/053"]),
    ("qe acuerdos hubo en la 12", ["cvoe/051/20"], ["cvoe/04"]),
    ("¿cuánta gente participó en la reunión invita a un consejero a tu casa?", [r"\b9\b"], []),
    ("¿cuál fue el último acuerdo?", ["cvoe/053/20"], ["cvoe/043"]),
    ("¿cuál fue el primer acuerdo del trimestre?", ["cvoe/043/20"], ["cvoe/053"]),
    ("me pasas los acuerdos de nov porfa", ["cvoe/046/20", "cvoe/050/20"], ["cvoe/043", "cvoe/051"]),
    ("¿qué acuerdos se aprobaron el lunes?", ["cvoe/044/20"], ["cvoe/046", "cvoe/051"]),
    ("¿el convenio con Tlalpan se reportó en la décima sesión?", [NO, "decima primera"], [YES]),
    ("¿cuántas personas participaron en la reunión invita a un consejero a tu casa?", [r"\b9 personas"], []),
    ("¿qué significa PEC?", ["proceso electoral concurrente"], []),
    ("¿Qué universidad visitó la Dra. Karolina Gilas?", ["universidad nacional autonoma"], ["sor juana"]),
    ("¿Cuáles fueron las sesiones del cuarto trimestre?", [r"3 sesiones", "22 de diciembre"], ["resumen"]),
    ("¿Cuántos reportes se enviaron a las consejerías?", [r"\b13 reportes"], [NO_INFO]),
    ("¿Cuándo se presentó el libro Perspectiva Ciudadana?", ["21 de diciembre"], ["17 de diciembre"]),
    ("¿cómo te uso?", ["acuerdos"], [NO_INFO]),
    ("¿cuál fue el porcentaje de asistencia del trimestre?", ["88 %", r"65 de 74"], []),
    ("porcentaje de asistencia del PT", ["67 %"], []),
    ("¿qué sesión tuvo más faltas?", ["empatan", r"\b3 faltas de 25"], []),
    # the informe, a month, a day
    ("resumen de octubre", ["decima sesion", "cvoe/043/20"], ["cvoe/046", "22 de diciembre"]),
    ("¿qué pasó el 13 de noviembre?", ["invita a un consejero a tu casa"], ["no hay sesiones"]),
    ("¿qué secciones tiene el informe?", ["introduccion", "acuerdos y puntos", "principales resultados"], []),
    ("¿el informe se aprobó en noviembre?", [NO, "21 de enero de 2021"], [YES]),
    ("¿cuál es el correo electrónico de voto chilango?", ["votochilango@iecm.mx"], []),
    # what the informes do not hold: say so, never a neighbouring topic
    ("dame el teléfono de la UNAM", [NO_INFO], ["@"]),
    ("¿cuál es el presupuesto de la comisión?", [NO_INFO, "presupuesto"], ["participativo", "cvoe/"]),
    ("¿cuánto gana la presidenta?", [NO_INFO], ["estrada"]),
    ("¿cuál es el sueldo de los consejeros?", [NO_INFO], ["valle"]),
    ("telefono de la presidenta", [NO_INFO], ["estrada"]),
    ("¿cuántos observadores se acreditaron?", [NO_INFO, "observadores"], [r"\b\d+ (?:personas|correos)"]),
    ("¿cuántos empleados tiene el instituto?", [NO_INFO], []),
    ("¿quiénes votaron a favor del acuerdo 47?", [NO_INFO], ["minuta"]),
    ("¿qué acordó la Comisión de Participación Ciudadana?", [NO_INFO], ["cvoe/"]),
    ("¿Quién es el presidente del IECM?", [NO_INFO], ["estrada"]),
    ("¿qué se aprobará en la sesión de junio?", [NO_INFO], ["cvoe/0"]),
    ("cuanto cuesta el estacionamiento del instituto", [NO_INFO], ["cvoe/"]),
    ("¿cuántos acuerdos se aprobaron en 2019?", ["no tengo datos de 2019", "octubre a diciembre de 2020"], ["ningun"]),
    ("acuerdos del trimestre pasado", ["cvoe/043/20", "cvoe/053/20"], [NO_INFO]),  # 15 January: October–December
    ("¿cuándo se van a firmar los anexos con el INE?", [NO_INFO], ["cvoe/", "se reportaron"]),  # the future
    ("¿qué opinó Morena sobre el acuerdo 48?", [NO_INFO], ["cvoe/048", "observadores"]),  # not recorded
    ("¿qué acuerdos adoptó el Consejo General en octubre?", [NO_INFO, "consejo general"], ["cvoe/"]),
    ("¿dónde está la oficina de la comisión?", [NO_INFO], ["cvoe/"]),
    # several participants named one by one; bodies nobody in the lists is; what the lists do not name
    ("el pri y el pt faltaron a la 11?", ["partido del trabajo falto", "revolucionario institucional si asistio"], []),
    ("mc falto a alguna sesion", ["no encontre a «mc»"], [YES]),
    ("quien es el representante de morena", [NO_INFO, "morena"], ["asistio a"]),
    ("quien fue a la 12 por la unidad de archivo", ["tezcucano"], []),
    ("quien no fue a ninguna sesion", ["nadie"], []),
    ("quien no falto a ninguna sesion", ["asistieron a las 3 sesiones", "morena"], ["trabajo"]),
    # relative sessions and periods, words typed as they sound
    ("acuerdos de la antepenultima sesion", OCT, NOV + DEC),
    ("acuerdos de hace dos meses", NOV, OCT + DEC),
    ("secion de novienbre", ["26 de noviembre"], []),
    ("la ultima sesion fue el 26 de noviembre?", [NO, "22 de diciembre"], [YES]),
    ("acuerdos de este mes", ["todavia no", "cvoe/004/21"], [r"se aprobo 1"]),
    # convenios by name, by topic, in total; acuerdos' proposers and observations
    ("hay convenio con la alcaldia coyoacan?", [NO], ["tlalpan", YES]),
    ("hay convenio con el tribunal electoral?", [NO], [YES]),
    ("convenios internacionales firmados", ["ningun convenio"], ["contraloria"]),
    ("cuantos convenios tiene el iecm", [r"\b75\b", r"\b37\b"], []),
    ("cuantos convenios no estan vigentes", [r"\b38\b"], []),
    ("xq se firmaron tan pocos convenios", ["covid|pandemia"], []),
    ("quien propuso el acuerdo 50", ["a propuesta del consejero electoral c. ernesto ramos mega"], []),
    ("acuerdo 48 quien hizo observaciones", ["sonia perez perez"], []),
    ("los acuerdos de la decima tuvieron observaciones de la unidad de asuntos juridicos?", [YES, "cvoe/045/20"], []),
    ("q se vio en la sesion del 22/12", DEC, OCT + NOV),
    ("se dieron platicas en la ibero?", [NO], [YES]),
    ("¿cuánto presupuesto tiene la comisión para 2021?", [NO_INFO], ["presupuesto participativo"]),
    ("quien voto en contra del acuerdo 53", [NO_INFO], []),
    ("cuando es la siguiente sesion del consejo general", [NO_INFO], []),
    ("sonia perez perez es de la comision?", [NO], [YES]),
    # a lone day, two acuerdos compared, the days between sessions, the hour of an event its text gives
    ("acuerdos del 26", ["cvoe/044/20", "cvoe/046/20"], ["no encontre"]),
    ("se aprobo el acuerdo 47 en la misma sesion que el 49?", [YES, "decima primera"], []),
    ("¿el acuerdo 43 se aprobó en la misma sesión que el 47?", [NO, "decima sesion"], [YES]),
    ("cuantos dias pasaron entre la decima y la decima primera", [r"\b31 dias"], []),
    ("a que hora fue la presentacion del libro", ["18:00"], []),
    ("¿a qué hora fue el curso de la OEA?", ["de 11:00 a 13:00"], []),
    # what is named and missing is said missing, not answered with a neighbour
    ("¿cuándo fue el taller de observación electoral para jóvenes?", ["no encontre"], ["pandemia"]),
    ("hubo alguna conferencia sobre mujeres", ["participacion politica de las mujeres", "no registran"], []),
    ("nota del plebiscito de chile", ["25 de octubre"], [NO_INFO]),
    ("cuando fue el taller otra justicia es posible", ["28 de septiembre"], []),
    ("¿cuándo fue la plática que salió en la UNAM?", ["8 de diciembre"], [NO_INFO]),
    (
        "q convenios se reportaron solo en la decima primera",
        ["sor juana|tlalpan|instituto nacional"],
        ["radio educacion"],
    ),
    ("ratificaron a la sria tecnica en noviembre?", [NO, "cvoe/044/20", "26 de octubre"], [YES]),
    ("quien era el encargado del despacho de la secretaria ejecutiva", ["gustavo uribe"], ["geraldo"]),
    # the words asked together, the seat's holder, a name as written, absent from both sessions named
    ("acuerdos de aprobacion del orden del dia", ["cvoe/043/20", "cvoe/051/20"], ["cvoe/004/21"]),
    ("la consejera presidenta falto a alguna?", [NO, "estrada"], ["consejerias"]),
    ("ulises blanco fue a la ultima sesion?", [NO, "tezcucano"], [YES]),
    ("quien fue en representacion de la unidad de archivo en diciembre", ["tezcucano"], ["ulises"]),
    ("tenemos convenio firmado con el iee puebla?", [NO_INFO], ["pueblos y barrios"]),
    ("quien falto a la sesion del 26 de octubre y tambien a la del 22 de diciembre", ["varela"], ["scott"]),
    ("de q unidad es titular la secretaria tecnica", ["vinculacion con organismos externos"], []),
    ("cuantas notas ejecutivas se hicieron de las sesiones del consejo general del ine", [r"\b8 notas"], []),
    ("sesion del dia 26", ["26 de octubre", "26 de noviembre"], ["22 de diciembre"]),
    ("x q hubo tan poquitos convenios firmados", ["covid|pandemia|emergencia sanitaria"], []),
    ("resultados de la consulta de presupuesto participativo", [NO_INFO], ["perspectiva ciudadana"]),
    ("quien propuso las modificaciones a la estrategia de vinculacion con el extranjero", ["ramos mega"], []),
    ("¿en qué trimestres hubo reuniones con el INE?", ["reunion"], ["informe trimestral cargado"]),
    ("¿qué órganos faltaron a la décima primera sesión?", ["macias"], ["sesiones de otros organos"]),
    ("¿qué dependencias faltaron a la décima primera?", ["macias"], [NO_INFO]),
    ("explícame la estrategia de vinculación con universidades", ["estrategia"], [NO_INFO]),
    ("¿qué acciones se hicieron con la Red de Observación?", ["red de observacion"], [NO_INFO]),
    ("¿el acuerdo 45 y el 53 son de la misma fecha?", [NO], [YES]),
]


@pytest.mark.parametrize(("question", "must", "must_not"), SHIPPED_CASES)
def test_staff_questions_on_the_shipped_informe(
    shipped_engine: Engine, question: str, must: list[str], must_not: list[str]
) -> None:
    check(shipped_engine, question, must, must_not, T4)


T1 = dt.date(2021, 5, 10)

FIXTURE_CASES = [
    # the same kinds of question, asked of another quarter (with the fourth quarter of 2020 loaded too)
    ("kuantos acuerdos hubo en marzo", [r"\b3 acuerdos"], ["cvoe/00[1-3]/21"]),
    ("acuerdos de enero", ["cvoe/001/21", "cvoe/004/21"], ["cvoe/04"]),
    ("acuerdos de noviembre", ["cvoe/046/20", "2020"], ["cvoe/00"]),
    ("acuerdos d la 3a ordinaria", ["cvoe/007/21"], ["cvoe/001/21"]),
    ("acuerods de la primera extraordinaria", ["cvoe/003/21"], ["cvoe/001/21"]),
    ("¿hubo acuerdos en enero sobre la minuta?", [YES, "cvoe/002/21"], ["cvoe/001"]),
    ("el acuerdo 3 fue en la primera extraordinaria?", [YES, "5 de febrero"], []),
    ("el acuerdo 5 fue en febrero?", [NO, "marzo"], [YES]),
    ("acuerdo cvoe-003-21", ["visitantes extranjeros"], []),
    ("¿cuántos acuerdos se aprobaron en 2021?", [r"\b8 acuerdos"], []),
    ("acuerdos q salieron en la 1a extraordinaria", ["cvoe/003/21"], ["cvoe/00[12]", "salieron"]),
    ("¿qué acuerdo aprobó la minuta de la décima segunda?", ["cvoe/002/21"], ["cvoe/052"]),
    ("¿cuándo fue la sesión anterior a la tercera ordinaria?", ["10 de marzo"], ["25 de marzo"]),
    ("que acuerdos se aprobaron el mes pasado", ["abril de 2021", "cvoe/015/21"], ["cvoe/00"]),
    ("acuerdos de la sesion previa a la ultima", ["cvoe/005/21"], ["cvoe/00[67]"]),
    ("acuerdos de septiembre de 2020 a febrero de 2021", ["cvoe/043/20", "cvoe/003/21"], ["cvoe/005/21"]),
    ("¿qué trimestre tuvo más acuerdos?", ["cuarto trimestre de 2020", r"\b11 acuerdos"], []),
    ("¿hubo más acuerdos en el cuarto trimestre que en el primero?", [YES, r"\b11\b", r"\b7\b"], []),
    ("asistencia del cuarto trimestre frente al primero", ["88 %", "87 %"], []),
    ("asistencia del tercer trimestre frente al cuarto", ["no tengo el informe del tercer trimestre", "88 %"], []),
    ("¿cuándo fue la sesión urgente?", ["10 de marzo"], []),
    ("¿la primera extraordinaria fue en viernes?", [YES, "5 de febrero"], []),
    ("¿la tercera ordinaria fue presencial?", [NO, "virtual"], [YES]),
    ("cuantas sesiones extraordinarias hubo", [r"2 sesiones extraordinarias", "urgente"], []),
    ("¿hubo sesiones extraordinarias en 2020?", [NO], [YES]),
    ("acuerdos de la primera sesión", ["a cual primera sesion", "extraordinaria"], ["cvoe/"]),
    ("¿qué mes tuvo más sesiones?", ["marzo de 2021"], []),
    ("¿cuántas sesiones hubo en total?", [r"\b7 sesiones", "ademas, el .* se celebro la segunda sesion ordinaria"], []),
    ("quien no vino a la tercera ordinaria", ["morena"], ["trabajo"]),
    ("asistio morena a la 3ra sesion ordinaria?", [NO], [YES]),
    ("el pt falto a la primera extraordinaria?", [NO], [YES]),
    ("falto el pt a la primera ordinaria", [YES], []),
    ("¿quién faltó a la sesión urgente?", ["no hay registro de asistencia"], ["morena"]),
    ("¿Bernardo Valle asistió a todas las sesiones?", [NO, "extraordinaria"], [YES]),
    ("cuantas veces falto valle monroy", [r"\b1 de 6\b", "de octubre de 2020 a marzo de 2021"], []),
    ("¿quién es el titular de la unidad técnica?", ["asuntos juridicos", "fiscalizacion"], []),
    ("¿se firmó convenio con la UAM?", [YES, "16 de febrero"], []),
    ("¿cuándo se firmó el convenio con Puebla?", ["8 de marzo"], []),
    ("¿la primera extraordinaria fue presencial?", [NO, "virtual"], [YES]),
    ("¿la sesión del 10 de marzo fue extraordinaria?", [YES, "urgente"], [NO]),
    ("quienes no fueron a la primera extraordinaria", ["valle monroy", "varela"], ["morena", "estrada"]),
    ("¿qué partidos faltaron a la primera ordinaria de 2021?", ["partido del trabajo"], ["morena", "a quien"]),
    ("¿el convenio con la UAM es específico?", [YES], [NO]),
    ("¿el convenio con Puebla es específico?", [NO, "no especifico"], [YES]),
    ("¿la plática de la ibero fue en febrero?", [NO, "2 de marzo"], [YES]),
    ("¿desde cuándo es secretaria técnica Cecilia Hernández?", ["26 de marzo de 2019", "cvoe/008/19"], []),
    ("¿Bernardo Valle todavía es integrante?", [YES, "9 de octubre de 2020"], [NO]),
    ("a q hora fue la urgente", ["10 de marzo", "no registra la hora"], []),
    ("cuantos consejeros tiene la comision", [r"\b3\b", "estrada"], ["hernandez"]),
    ("¿quiénes son las consejeras y consejeros integrantes?", ["ramos mega", "valle monroy"], ["hernandez cruz"]),
    ("¿la tercera ordinaria fue presencial o virtual?", [r"^\W*virtual\b"], [NO, YES]),
    ("¿quién era la secretaria técnica en la primera extraordinaria?", ["hernandez cruz"], []),
    ("¿en qué sesión se aprobó el programa de visitantes extranjeros?", ["cvoe/003/21", "primera sesion extra"], []),
    ("¿por qué no se reporta la asistencia de la sesión urgente?", ["no fue registrada"], []),
    ("¿dónde fue la tercera ordinaria?", ["virtual", "no registra el lugar"], []),
    ("acuerdos sin observaciones de la tercera ordinaria", ["cvoe/006/21"], ["cvoe/007"]),
    ("resumen de febrero", ["primera sesion extraordinaria", "cvoe/003/21", "16 de febrero"], ["cvoe/00[67]"]),
    ("¿qué pasó el 20 de marzo?", ["observacion electoral para jovenes"], ["no hay sesiones"]),
    ("¿el cuarto informe se aprobó en enero?", [YES, "cvoe/004/21"], [NO]),
    ("¿qué apartados tiene el primer informe de 2021?", ["principales resultados", "sesiones"], []),
    # across quarters: one participant whatever the quarter, every quarter's activities, a figure per quarter
    ("¿en qué trimestre faltó más Morena?", ["primer trimestre de 2021", "1 falta"], []),
    ("pláticas de Medina Torres", ["11 de noviembre de 2020", "11 de febrero de 2021"], []),
    ("¿cuántas pláticas hubo en cada trimestre?", ["cuarto trimestre de 2020: 8 platicas", "2021: 2 platicas"], []),
    ("¿con qué universidad se firmó un convenio?", ["universidad autonoma metropolitana"], ["sor juana"]),
    ("convenio con la ibero", [NO_INFO], []),
    ("cuantos convenios vigentes habia en diciembre", [r"\b37\b"], [r"\b39\b"]),
    ("¿cuántos convenios vigentes hay?", [r"\b39\b"], []),
    ("platicas en la ibero", ["lopez ruiz"], ["medina torres"]),
    ("hubo platicas en enero?", [NO_INFO], []),
    ("¿cuántos estudiantes participaron en el taller?", [r"\b45\b"], []),
    ("resumen del trimestre pasado", ["primer informe trimestral 2021"], ["cuarto informe"]),  # 10 May: Jan–Mar
    ("resumen del 3er trimestre", ["no tengo el informe del tercer trimestre"], []),
    ("¿hubo sesiones en septiembre de 2020?", ["no tengo datos de septiembre de 2020"], [YES]),
    ("¿qué dijo la presidenta en la primera extraordinaria?", [NO_INFO], ["cvoe/003"]),
    ("¿cuándo se va a firmar el convenio con la UNAM?", [NO_INFO], ["se reportaron"]),
    ("el acuerdo 6 tiene observaciones?", [NO], [YES]),
    # a period that names the informe is no date of its approval; a session's day names what a document is about
    ("¿ya se aprobó el informe del cuarto trimestre?", [YES, "cvoe/004/21"], [NO]),
    ("¿el informe del cuarto trimestre se aprobó en diciembre?", [NO, "no en diciembre"], [YES]),
    ("¿cuándo se aprobó la minuta de la sesión del 22 de diciembre?", ["cvoe/002/21", "21 de enero"], ["cvoe/052"]),
    ("¿se aprobó el acta de la décima primera sesión?", [YES, "cvoe/052/20"], ["cvoe/047"]),
    ("la minuta de la décima sesión", ["cvoe/047/20"], ["sesiones:"]),
    ("¿quién votó la minuta de la décima sesión?", [NO_INFO], ["cvoe/"]),
    # which of two years or quarters, compared
    ("¿el PT faltó más en 2020 o en 2021?", ["por ano", r"2020: \d+ faltas?", r"2021: \d+ faltas?"], [YES, NO]),
    ("¿hubo más sesiones en el cuarto trimestre de 2020 o en el primero de 2021?", ["por trimestre"], [YES, NO]),
    # many quarters in one store: what it holds, a period half covered, someone's whole record, seats over time
    (
        "¿de qué trimestres tienes información?",
        [
            "2 informes trimestrales",
            "cuarto informe trimestral de 2020",
            "primer informe trimestral de 2021",
            "cvoe/004/21",
        ],
        [],
    ),
    ("¿qué informes se han aprobado?", ["cvoe/004/21"], []),
    ("acuerdos de 2020", ["cvoe/043/20", "nota: los informes cargados cubren solo de octubre de 2020"], []),
    ("acuerdo 25/21", [NO_INFO, "del cvoe/043/20 al cvoe/"], ["cvoe/025/21\\."]),
    ("¿cuántos acuerdos hubo en el primer semestre de 2021?", ["de enero a junio de 2021"], []),
    ("acuerdos del cuarto trimestre vs 1ro", ["por trimestre", r"\b11 acuerdos"], ["cvoe/00"]),
    ("¿quién faltó a la primera sesión de febrero?", ["5 de febrero", "valle monroy"], ["a cual"]),
    ("¿quién ha sido la secretaria técnica?", ["hernandez cruz", "26 de marzo de 2019", "cvoe/044/20"], []),
    ("¿qué partido faltó más?", ["de octubre de 2020 a marzo de 2021"], []),
    ("cuantos acuerdos en total entre los dos trimestres", [r"\b18 acuerdos"], []),
    ("compara los acuerdos del cuarto trimestre con los del primero", [r"\b11 acuerdos", r"\b7 acuerdos"], []),
    ("luis eduardo medina torres cuantas platicas dio", [r"\b2 platicas"], []),
    ("de q periodo es el informe mas reciente", ["1 de enero de 2021 al 31 de marzo de 2021"], []),
    ("cuantos convenios vigentes habia a fines de 2020", [r"\b37\b"], [r"\b39\b"]),
]


@pytest.mark.parametrize(("question", "must", "must_not"), FIXTURE_CASES)
def test_staff_questions_on_the_first_quarter_fixture(
    both_engine: Engine, question: str, must: list[str], must_not: list[str]
) -> None:
    check(both_engine, question, must, must_not, T1)
