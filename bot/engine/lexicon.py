"""The domain lexicon: the words the engine itself understands, whatever informes are loaded.

Typo correction maps misspelt words to this lexicon ("acuerods" → "acuerdos"); the honest "no tengo ese
dato" rule treats a word that is neither here nor anywhere in the store as the thing asked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from lang.spanish import CARDINAL_WORDS, MONTHS, ORDINAL_WORDS, WEEKDAYS_FOLDED
from lang.vocabulary import ActivityKind, MemberRole, Modality, ParticipantGroup, SessionKind


def words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


_WORDS = words(
    """
    acuerdo acuerdos aprobado aprobados aprobadas aprobo aprobaron aprobar aprobaria acordo acordaron
    adoptaron tomaron sesion sesiones celebrada celebradas celebro celebraron ordinaria ordinarias
    extraordinaria extraordinarias urgente urgentes asistencia asistencias asistio asistieron asistir
    asistente asistentes falto faltaron faltaste faltado faltas ausente ausentes ausencia ausencias
    inasistencia inasistencias presente presentes quorum convenio convenios firmado firmados firmaron firmo
    firmar suscrito suscritos suscribieron suscribio vigente vigentes instrumento instrumentos integrantes
    integrante integracion integra integran conforman conforma miembros miembro consejero consejeros
    consejera consejeras presidenta presidente presidencia preside secretaria secretario tecnica tecnico
    titular titulares platica platicas charla charlas curso cursos taller talleres reunion reuniones correo
    correos nota notas ejecutiva ejecutivas reporte reportes universidad universidades resumen resumenes
    trimestre trimestres trimestral informe informes ultima ultimo penultima antepenultima proxima proximo siguiente
    anterior cuantos cuantas cuando quienes quien partido partidos observadores participaron participantes
    personas actividades actividad seminario conferencia presentacion noticias difusion seguimiento avances
    reportaron calendario fecha fechas semana modalidad virtual presencial hibrida ayuda preguntar pregunta
    preguntas hola gracias buenos buenas dias tardes noches sintesis panorama direcciones unidades
    organo organos area areas dependencia dependencias
    representantes mencionado menciona dice objeto contraparte tipo especifico especificos colaboracion
    general anexo observaciones comparado compara comparar comparame comparalos frente comparacion
    diferencia mayor menor trata tratan trato
    tratado habla hablan hablaba refiere refieren menciona mencionan mencionado dicho toca tocan pasado
    pasada actual hoy ayer manana semana quincena tema temas asunto asuntos punto puntos orden duro dura
    duraron duracion decidio decidieron resolvio resolvieron cargo puesto rol funcion funciones porcentaje
    tasa proporcion promedio mejor peor gente sigue siguen continua continuan permanece estuvo estuvieron
    todavia aun desde hasta seccion secciones apartado apartados capitulo capitulos indice estructura
    hora horas horario inicio inicia inicio empezo empezaron comenzo comenzaron cambio cambios alta altas
    baja bajas incorporo incorporaron sustituyo sustituto sustitucion reemplazo relevo semipresencial
    nuevo nueva nuevos nuevas reciente recientes recien salio salieron entro entraron llego llegaron lugar
    dejo dejaron
    """
)

LEXICON = sorted(
    set(_WORDS)
    | set(MONTHS)
    | set(ORDINAL_WORDS)
    | set(WEEKDAYS_FOLDED)
    | set(CARDINAL_WORDS)
    | {k.label.replace("á", "a").replace("é", "e").replace("ó", "o").replace("í", "i") for k in ActivityKind}
)
LEXICON_WORDS = frozenset(LEXICON)

WH_WORDS = frozenset(
    ["que", "quien", "quienes", "cuando", "cual", "cuales", "cuanto", "cuanta", "cuantos", "cuantas", "donde", "como"]
)

STOPWORDS = words(
    """
    a al ante con contra de del desde el en entre e la las lo los o para por que se sin sobre su sus un una
    unos unas y u le les me mi nos es son fue fueron ha han hay cual cuales como mas muy ya este esta estos
    estas ese esa eso esos esas aquel
    """
)

# Words that name the institute, the commission or the city: context in every question, never a topic or a name.
CONTEXT_WORDS = frozenset(["iecm", "instituto", "electoral", "ciudad", "mexico", "cdmx", "comision", "cvoe"])

# Politeness, greetings, chat filler and everyday verbs of asking: they carry no topic and are never unknown.
FILLER = words(
    """
    plis please pls porfa porfis porfavor favor xfa xfavor gracias grax thx oye oiga hola buenas buenos dias
    tardes noches bot asistente ok oki vale va bueno pues entonces ahora ahorita rapido rapidito nomas solo
    solamente quiero quisiera queria necesito ocupo saber sabes sabias dime dame decir digas dices puedes
    podrias pasame mandame manda pasa muestrame mostrar muestra ver checar chequear consultar consulta
    buscar busca info informacion datos dato me te mi tu usted ustedes hay habia tenemos tiene tienen tengo
    tenia alguien algo alguna alguno algun algunos algunas todo toda todos todas cosa cosas onda tal hey
    jefe jefa lic mtra mtro doctor doctora senor senora exactamente exacto cierto verdad seguro neta
    aproximadamente mas menos si no tambien igual mismo misma esto eso aqui ahi alla otra otro otros otras
    vez veces cada hasta desde donde cuanto cuanta sea fuera era eran registro registrado registrada
    registrados registradas hizo hicieron hecho hecha dio dieron realizo realizaron llevaron cabo tuvo
    tuvieron lugar paso pasaron ocurrio sucedio esa ese pasas pasar mandas mandar das ensename ensena ensenas
    muestras compartes comparteme regalas regalame recuerdas recuerdame podria podrian puede pueden gustaria
    ayudas sabrias sabe saben conoces tienes significa significan quiere decir dijeras podrias hacer
    """
)

# Words that carry no topic in a question about the store ("¿qué dice…?", "lista de…").
GENERIC_WORDS = FILLER | words(
    """
    dice dicen sobre tema temas acerca hubo tomo tomaron sesion sesiones ordinaria ordinarias extraordinaria
    extraordinarias urgente urgentes comision cvoe iecm instituto electoral ciudad mexico lista listado
    listame enlista cuales cual numero total cantidad trimestre trimestral mes meses ano anos dia fecha
    celebro celebraron celebrada celebradas reportaron reporto reportados es son esta estan era fueron ha
    han sido ya se le lo la las los el un una del al fue ser hubieron habido hay existe existen
    trata tratan trato tratado tratar habla hablan hablaba hablo refiere refieren menciona mencionan
    mencionado dicho toca tocan relacionado relacionados relativo relativa antes despues durante luego
    posterior posteriores anterior anteriores previo previos previa previas entre lleva llevan llevamos
    vio vieron abordo abordaron discutio discutieron reviso revisaron analizo analizaron presentaron hicieron
    explicame cuentame dime platicame hablame muestrame describeme indicame dame comentame resumeme detallame
    porque xq poco poca pocos pocas poquito poquita poquitos poquitas mucho mucha muchos muchas muchisimos muchisimas
    tanto tanta tantos tantas tan nuevo nueva nuevos nuevas reciente recientes recien
    comparado comparada comparados comparadas comparando comparacion versus vs
    """
)

# What someone said in a session: the informes record what was agreed, never what each participant said.
SPEECH_VERBS = words(
    """
    dijo dijeron opino opinaron comento comentaron expreso expresaron manifesto manifestaron intervino
    intervinieron hablo hablaron declaro declararon argumento argumentaron senalo senalaron pregunto preguntaron
    respondio respondieron contesto contestaron voto votaron critico criticaron
    """
)

_ORDINAL_INFORME = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4}
INFORME_ORDINALS = _ORDINAL_INFORME
"""Ordinal words that name a quarter's informe ("el tercer informe")."""

# What a question about the informe itself is made of ("el cuarto informe trimestral de actividades").
INFORME_WORDS = frozenset(_ORDINAL_INFORME) | words(
    "informe informes este trimestral actividades periodo cubre abarca comprende acuerdo"
)

COUNTABLE = words(
    """
    acuerdo acuerdos sesion sesiones convenio convenios instrumento instrumentos actividad actividades
    evento eventos persona personas participante participantes asistente asistentes integrante integrantes
    miembro miembros partido partidos consejero consejeros consejeras consejerias vez veces dia dias mes
    meses trimestre trimestres hora horas ausencia ausencias falta faltas inasistencia inasistencias
    asistencia asistencias representante representantes unidad unidades direccion direcciones area areas
    universidad universidades institucion instituciones gente
    """
)
"""Nouns a counting question may ask about whatever the informe; figures the informes state add their own."""


@lru_cache(maxsize=16384)
def group_of(word: str) -> ParticipantGroup | None:
    """The participant group a word names ("partidos", "consejeras", "unidades", "direcciones")."""
    for group, stems in _GROUP_STEMS:
        if word.startswith(stems):
            return group
    return None


# "¿qué órganos faltaron?", "las áreas": every body of the Institute that sits in the sessions, not parties or seats
_ORGANS = frozenset(
    [ParticipantGroup.SECRETARIA, ParticipantGroup.DIRECCION, ParticipantGroup.UNIDAD, ParticipantGroup.REPRESENTACION]
)
_ORGAN_WORDS = frozenset(["organo", "organos", "area", "areas", "dependencia", "dependencias"])


def groups_named(word: str) -> frozenset[ParticipantGroup]:
    """Every participant group a word names: one ("partidos"), or the Institute's bodies ("órganos")."""
    if word in _ORGAN_WORDS:
        return _ORGANS
    group = group_of(word)
    return frozenset([group]) if group is not None else frozenset()


_GROUP_STEMS: tuple[tuple[ParticipantGroup, tuple[str, ...]], ...] = (
    (ParticipantGroup.PARTIDO, ("partido",)),
    (ParticipantGroup.CONSEJERIA, ("consejer",)),
    (ParticipantGroup.DIRECCION, ("direccion",)),
    (ParticipantGroup.UNIDAD, ("unidad",)),
    (ParticipantGroup.REPRESENTACION, ("representacion",)),
)


@lru_cache(maxsize=16384)
def role_of(word: str) -> MemberRole | None:
    """The seat of the commission a word names ("presidenta", "consejeros"); the secretaría técnica takes two."""
    for role in (MemberRole.PRESIDENCIA, MemberRole.CONSEJERIA):
        if word.startswith(role.synonyms):
            return role
    return None


@lru_cache(maxsize=16384)
def session_kind_of(word: str) -> SessionKind | None:
    """ "extraordinarias" → SessionKind.EXTRAORDINARIA."""
    for kind in SessionKind:
        if word.startswith(kind.synonyms):
            return kind
    return None


@lru_cache(maxsize=16384)
def modality_of(word: str) -> Modality | None:
    """ "virtual", "en linea", "presencial", "hibrida"."""
    for modality in Modality:
        if any(word.startswith(s) for s in modality.synonyms if " " not in s):
            return modality
    return None


def _activity_kind_stems() -> tuple[tuple[str, tuple[ActivityKind, ...]], ...]:
    """Word stems that ask for a kind of activity (courses and workshops are asked for together)."""
    cues: dict[str, list[ActivityKind]] = {}
    for kind in ActivityKind:
        if kind.general:
            continue
        for synonym in kind.synonyms:
            cues.setdefault(synonym, []).append(kind)
    for cue in ("curso", "taller", "capacitacion"):
        cues[cue] = [ActivityKind.CURSO, ActivityKind.TALLER]
    return tuple((cue, tuple(kinds)) for cue, kinds in cues.items())


ACTIVITY_KIND_STEMS = _activity_kind_stems()


ACTIVITY_WORDS = (
    *(stem for stem, _ in ACTIVITY_KIND_STEMS),
    *("nota", "ejecutiv", "cuant", "particip", "asist", "persona", "integrante", "envi", "mand", "dier", "hic"),
    *("actividad", "evento", "realiz", "llev", "organiz", "imparti"),
)
"""Words that say which kind of activity is asked for or that it is counted, not what it was about."""


@lru_cache(maxsize=16384)
def activity_kinds_of(word: str) -> tuple[ActivityKind, ...]:
    """The activity kinds a word names ("pláticas" → PLATICA; "cursos" → CURSO and TALLER)."""
    for stem, kinds in ACTIVITY_KIND_STEMS:
        if word.startswith(stem) and len(word) - len(stem) <= 3:
            return kinds
    return ()


# Stems of the verbs that tell one holder of a seat or a party's representation followed another
CHANGE_STEMS: tuple[str, ...] = ("cambi", "sustitu", "relev", "reemplaz")

# How staff shorten words in chat ("q acuerdos hubo", "prox sesion", "kuantos"): read as the whole word.
ABBREVIATIONS = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "qe": "que",
    "qn": "quien",
    "xq": "porque",
    "pq": "porque",
    "x": "por",
    "d": "de",
    "dl": "del",
    "tb": "tambien",
    "tmb": "tambien",
    "tmbn": "tambien",
    "cdo": "cuando",
    "kien": "quien",
    "kienes": "quienes",
    "ses": "sesion",
    "sesn": "sesion",
    "acdo": "acuerdo",
    "acdos": "acuerdos",
    "acu": "acuerdo",
    "conv": "convenio",
    "convs": "convenios",
    "prox": "proxima",
    "sig": "siguiente",
    "srio": "secretario",
    "sria": "secretaria",
    "secre": "secretaria",
    "secres": "secretarias",
    "ult": "ultima",
    "ord": "ordinaria",
    "ords": "ordinarias",
    "ordin": "ordinaria",
    "ext": "extraordinaria",
    "exts": "extraordinarias",
    "extr": "extraordinaria",
    "extrao": "extraordinaria",
    "extraord": "extraordinaria",
    "extraordin": "extraordinaria",
    "extra": "extraordinaria",
    "extras": "extraordinarias",
    "urg": "urgente",
    "trim": "trimestre",
    "asist": "asistencia",
    "pres": "presidenta",
    "comi": "comision",
    "info": "informacion",
}


@lru_cache(maxsize=16384)
def correct(word: str) -> str:
    """Map a misspelt or shortened word to the lexicon ("diciembr" → "diciembre", "prox" → "proxima",
    "kuantos" → "cuantos"); other words stay."""
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if word.startswith(("ku", "ka", "ko")) and len(word) > 3:
        word = "c" + word[1:]  # a "k" for a hard "c": "kuantos", "konvenio"
    if word.startswith(("ki", "ke")) and len(word) > 3:
        word = "qu" + word[1:]  # "kien", "ke"
    if 3 <= len(word) <= 4 and word not in LEXICON_WORDS and word not in FILLER and word not in STOPWORDS:
        # A question word missing a letter ("qien", "cuado" is long enough for the rule below).
        missing = [wh for wh in WH_WORDS if len(wh) == len(word) + 1 and _one_insertion(word, wh)]
        if len(missing) == 1:
            return missing[0]
    if len(word) < 5 or word.isdigit() or word in LEXICON_WORDS or word in FILLER:
        return word
    # A word written as it sounds ("secion", "novienbre"): the lexicon's word that sounds the same.
    sounds = [m[0] for m in process.extract(word, LEXICON, scorer=fuzz.ratio, score_cutoff=75, limit=6)]
    alike = [w for w in sounds if sound(w) == sound(word) and w[0] == word[0]]
    if alike:
        return str(alike[0])
    match = process.extractOne(word, LEXICON, scorer=fuzz.ratio, score_cutoff=82)
    if match and abs(len(match[0]) - len(word)) <= 2 and match[0][0] == word[0]:
        return str(match[0])
    return word


_SOUNDS = (
    (r"(?<!c)h", ""), (r"qu", "k"), (r"c(?=[ei])", "s"), (r"cc", "ks"), (r"c", "k"), (r"z", "s"),
    (r"v", "b"), (r"ll", "y"), (r"n(?=[bp])", "m"), (r"x", "ks"), (r"(.)\1", r"\1"),
)  # fmt: skip


def sound(word: str) -> str:
    """How a folded Spanish word sounds, for telling spellings by ear apart ("secion" sounds as "sesion",
    "novienbre" as "noviembre", "vienes" as "bienes")."""
    for pattern, replacement in _SOUNDS:
        word = re.sub(pattern, replacement, word)
    return word


def _one_insertion(short: str, long: str) -> bool:
    """Whether inserting one letter into ``short`` gives ``long``."""
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def is_number(word: str) -> bool:
    return bool(re.fullmatch(r"\d+", word))


# Words that ask for one attribute of a thing rather than name a topic ("las observaciones", "la modalidad").
ATTRIBUTE_WORDS: tuple[str, ...] = (
    "observaciones",
    "objeto",
    "proposito",
    "finalidad",
    "modalidad",
    "periodo",
    "cubre",
    "abarca",
)
ATTRIBUTE_WORDS += ("comprende", "horas", "duracion", "duro", "contraparte", "texto", "porcentaje", "tasa")
ATTRIBUTE_WORDS += ("proporcion", "promedio")


def role_words(word: str) -> bool:
    """Whether a word is part of the name of a seat ("secretaria", "técnica", "presidenta", "consejero")."""
    return word.startswith(("secretari", "tecnic", "president", "presidenc", "consejer"))
