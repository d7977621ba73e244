"""Which subject a question is about: cue words (by prefix, on corrected folded words), the entities found,
what the store matches, and rapidfuzz similarity to example phrasings. A clear winner is answered, a near
tie asks back, a low score is no subject at all.

Informe-specific words are never cues here: a word like "SIVOPLE" reaches the activities because the
store's own texts match it (see :class:`Signals`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.engine.lexicon import ACTIVITY_KIND_STEMS, role_of
from bot.engine.understanding import Parsed
from lang.vocabulary import Subject

# Cue word prefixes and their weight for each subject. Weights of 2 or more name the subject itself: a
# follow-up with such a word changes the subject, one without keeps the last one.
CUES: dict[Subject, dict[str, float]] = {
    Subject.ACUERDOS: {
        "acuerd": 3.0,
        "aprob": 2.5,
        "adopt": 1.5,
        "tomaron": 1.0,
        "acord": 2.5,
        "resolvi": 1.0,
        "decid": 1.0,
    },
    Subject.SESIONES: {
        "sesion": 1.5,
        "celebr": 1.0,
        "cuando": 0.5,
        "fecha": 0.5,
        "semana": 0.7,
        "hubo": 0.3,
        "modalidad": 1.5,
        "virtual": 0.5,
        "presencial": 0.5,
        "calendario": 1.5,
        "proxim": 0.8,
        "siguiente": 0.5,
        "agenda": 1.0,
    },
    Subject.ASISTENCIA: {
        "asist": 3.0,
        "falt": 3.0,
        "ausen": 3.0,
        "inasist": 3.0,
        "presentes": 2.0,
        "partido": 1.0,
        "represent": 0.8,
        "vino": 1.5,
        "vinieron": 1.5,
        "estuv": 1.5,
        "acudi": 2.5,
        "quorum": 2.5,
        "lista": 0.5,
    },
    Subject.INTEGRACION: {
        "integr": 2.5,
        "conform": 2.0,
        "presid": 2.0,
        "consejer": 1.5,
        "miembro": 2.5,
        "compon": 2.0,
        "secretari": 0.7,
        "tecnic": 0.4,
        "titular": 0.8,
        "designa": 1.0,
        "ratific": 1.0,
    },
    Subject.CONVENIOS: {
        "conveni": 3.0,
        "firm": 2.0,
        "suscri": 2.0,
        "vigente": 2.0,
        "instrumento": 2.0,
        "contraparte": 2.0,
        "anexo": 1.0,
    },
    Subject.ACTIVIDADES: {
        **{stem: 3.0 for stem, _ in ACTIVITY_KIND_STEMS if stem != "sesion"},
        "reunion": 2.5,
        "nota": 2.0,
        "reporte": 1.5,
        "mail": 3.0,
        "universidad": 2.0,
        "evento": 2.0,
        "actividad": 2.0,
        "libro": 2.0,
        "profesor": 2.0,
        "clase": 1.0,
        "personas": 1.0,
        "particip": 1.5,
        "difund": 1.5,
        "envi": 1.2,
        "mand": 1.0,
        "capacita": 1.5,
        "imparti": 1.5,
        "simulacro": 2.0,
    },
    Subject.RESUMEN: {
        "resum": 4.0,
        "periodo": 1.0,
        "cubre": 0.6,
        "abarca": 0.6,
        "sintesis": 4.0,
        "panorama": 3.0,
        "balance": 2.0,
        "informe": 0.8,
        "trimestr": 0.8,
        "general": 0.5,
    },
    Subject.AYUDA: {
        "ayuda": 4.0,
        "ayudar": 3.0,
        "help": 4.0,
        "respond": 2.0,
        "contest": 2.0,
        "preguntar": 3.5,
        "puedo": 1.0,
        "comando": 3.0,
        "funciona": 2.0,
        "sabes": 2.0,
        "haces": 2.0,
        "instruccion": 3.0,
        "menu": 2.0,
        "opciones": 2.0,
        "usar": 1.0,
        "uso": 2.0,
    },
    Subject.SALUDO: {
        "hola": 3.0,
        "buenos": 1.5,
        "buenas": 1.5,
        "saludo": 3.0,
        "gracias": 3.0,
        "hey": 2.0,
        "adios": 3.0,
    },
}

EXAMPLES: dict[Subject, list[str]] = {
    Subject.ACUERDOS: [
        "que acuerdos se aprobaron",
        "acuerdos de la sesion",
        "que dice el acuerdo",
        "cuantos acuerdos se tomaron",
        "que se aprobo en la sesion",
    ],
    Subject.SESIONES: [
        "cuando fue la sesion",
        "que sesiones hubo",
        "sesiones del trimestre",
        "cuando es la proxima sesion",
        "que dia fue la sesion",
    ],
    Subject.ASISTENCIA: [
        "quien falto a la sesion",
        "quienes asistieron a la sesion",
        "asistio el partido a la sesion",
        "a que sesiones asistio",
    ],
    Subject.INTEGRACION: [
        "quienes integran la comision",
        "quien preside la comision",
        "quien es la secretaria tecnica",
        "quienes son los consejeros integrantes",
    ],
    Subject.CONVENIOS: [
        "que convenios se firmaron",
        "convenio con la universidad",
        "cuantos convenios estan vigentes",
        "que convenios se reportaron",
    ],
    Subject.ACTIVIDADES: [
        "que platicas se dieron",
        "cuantas personas participaron en el curso",
        "cuando fue la reunion",
        "cuantos correos se enviaron",
        "que notas ejecutivas se hicieron",
    ],
    Subject.RESUMEN: ["resumen del trimestre", "quiero el resumen trimestral", "resumen del informe"],
    Subject.AYUDA: ["que puedo preguntarte", "ayuda", "que sabes hacer", "como funciona", "que preguntas respondes"],
    Subject.SALUDO: ["hola", "buenos dias", "gracias"],
}

_AGENDA_RE = re.compile(
    r"\bque se (?:vio|vieron|trato|trataron|abordo|abordaron|discutio|discutieron|reviso|revisaron|analizo|"
    r"analizaron|presento|presentaron|hizo|hicieron|acordo|resolvio)\b"
)
_MEMBER_RE = re.compile(
    r"\b(?:es|son|era|eran|esta|estan|sigue|siguen)\s+(?:parte\s+|miembro\s+|integrante\s+)?de la comision\b"
    r"|\b(?:forma|formaba|formo)\s+parte\b|\bpertenece\w*\s+a la comision\b"
)
STRONG = 2.0
"""A cue of this weight names its subject: a follow-up that has one asks about that subject."""

# Words naming an activity: "asistieron" next to one is about the activity, not a session.
EVENT_NOUNS: tuple[str, ...] = ("reunion", "curso", "taller", "platica", "seminario", "conferencia", "evento")
EVENT_NOUNS += ("presentacion", "conversatorio", "universidad", "ceremonia", "foro")


@lru_cache(maxsize=16384)
def cue_hits(word: str) -> tuple[tuple[Subject, str, float], ...]:
    """(subject, cue, weight) of every cue the word starts with."""
    return tuple(
        (subject, cue, weight) for subject, cues in CUES.items() for cue, weight in cues.items() if word.startswith(cue)
    )


@dataclass
class Signals:
    """What the store found in a question, for scoring."""

    participants: bool = False
    counterparts: bool = False
    topic_hits: dict[Subject, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SubjectScore:
    subject: Subject
    score: float
    strong: bool  # whether a word names the subject itself


def score_subjects(p: Parsed, signals: Signals, *, name_words: set[str] = frozenset()) -> list[SubjectScore]:  # type: ignore[assignment]
    """Score every subject for ``p``; best first. Words of a matched name ("Partido Encuentro Solidario",
    "Unidad Técnica de Comunicación Social y Difusión") are the name, not kinds of activity."""
    scores: dict[Subject, float] = dict.fromkeys(CUES, 0.0)
    strong: set[Subject] = set()
    seen: set[tuple[Subject, str]] = set()
    for word in p.words:
        for subject, cue, weight in cue_hits(word):
            if (subject, cue) in seen or (subject == Subject.ACTIVIDADES and word in name_words):
                continue
            scores[subject] += weight
            seen.add((subject, cue))
            if weight >= STRONG:
                strong.add(subject)
    if p.codes:
        scores[Subject.ACUERDOS] += 4.0
        strong.add(Subject.ACUERDOS)
    elif p.article_numbers:
        # "el 52", "del cuarenta y siete": a masculine article before a number names an acuerdo.
        scores[Subject.ACUERDOS] += 2.0
    if p.sessions or p.days:
        # A session or a day named with nothing else asked is about that session.
        scores[Subject.SESIONES] += 1.0
    elif p.session_kinds:
        # "¿hubo sesiones extraordinarias?"; inside a session reference the kind is part of the name; "la
        # extraordinaria" (the article and a kind) names a session by itself.
        named = re.search(r"\bla (?:ordinaria|extraordinaria|urgente)\b", p.text)
        scores[Subject.SESIONES] += 1.0 if named else 0.8
    if p.has("sesion"):
        strong.add(Subject.SESIONES)
    if (p.attend or p.absent) and scores[Subject.ASISTENCIA] < STRONG:
        # "¿qué partidos fueron a las tres sesiones?", "¿quiénes no fueron a la 8a?": attendance, by its verb.
        scores[Subject.ASISTENCIA] += 3.0
        strong.add(Subject.ASISTENCIA)
    if (p.attend or p.absent) and not (p.tenure or p.change):
        # "¿la consejera presidenta faltó a alguna?": the seat names who; the verb asks about attendance
        scores[Subject.ASISTENCIA] = max(scores[Subject.ASISTENCIA], scores[Subject.INTEGRACION] + 0.5)

    if (p.tenure or p.change) and (signals.participants or scores[Subject.INTEGRACION] > 0 or p.has("comision")):
        # "¿desde cuándo es secretaria técnica?", "¿sigue Bernardo Valle en la comisión?": a seat over time.
        scores[Subject.INTEGRACION] += 4.0
        strong.add(Subject.INTEGRACION)
    if _AGENDA_RE.search(p.text) and (p.sessions or p.days or p.has("sesion")):
        # "¿qué se vio en la sesión del 22/12?": what it approved and discussed
        scores[Subject.ACUERDOS] += 3.0
        strong.add(Subject.ACUERDOS)
    if p.yesno and _MEMBER_RE.search(p.text):
        # "¿Sonia Pérez es de la comisión?", "¿forma parte de la comisión?": its integration, judged
        scores[Subject.INTEGRACION] += 3.0
        strong.add(Subject.INTEGRACION)
    seat = any(role_of(w) is not None for w in p.words) or bool(re.search(r"\bsecretari[oa] tecnic[oa]\b", p.text))
    if p.who and p.sessions and seat:
        # "¿quién presidió la décima sesión?": a seat of the commission at a session
        scores[Subject.INTEGRACION] += 1.5
    if signals.participants:
        # A person or party named next to a session is asking about attendance.
        scores[Subject.ASISTENCIA] += 2.5 if p.sessions else 1.5
    if signals.counterparts:
        scores[Subject.CONVENIOS] += 1.5
    activity_noun = any(w.startswith(EVENT_NOUNS) for w in p.words)
    if activity_noun and not p.sessions and scores[Subject.ASISTENCIA] > 0:
        # "¿cuántos asistieron al curso?" asks about the activity, not about session attendance.
        scores[Subject.ACTIVIDADES] += 2.0
    for subject, boost in signals.topic_hits.items():
        scores[subject] = scores.get(subject, 0.0) + boost
    attending = (p.attend or p.absent) and not (p.tenure or p.change) and (p.sessions or p.days)
    if attending and not any(w.startswith(EVENT_NOUNS) for w in p.words):
        # "¿qué órganos faltaron a la décima primera sesión?": the commission's session, not another body's
        scores[Subject.ASISTENCIA] = max(scores[Subject.ASISTENCIA], scores[Subject.ACTIVIDADES] + 0.5)
    if p.quarters and scores[Subject.RESUMEN] > 0:
        scores[Subject.RESUMEN] += 0.5
    if p.count and p.session_kinds and scores[Subject.SESIONES] > 0:
        scores[Subject.SESIONES] += 0.6  # "¿cuántas ordinarias hubo el trimestre anterior?": sessions counted
    text = p.text
    if text:
        for subject, examples in EXAMPLES.items():
            best = process.extractOne(text, examples, scorer=fuzz.token_sort_ratio)
            if best and best[1] > 60 and scores[subject] > 0:
                scores[subject] += (best[1] - 60) / 40
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    return [SubjectScore(subject, score, subject in strong) for subject, score in ranked]


CUE_WORDS = tuple(cue for cues in CUES.values() for cue in cues)
"""Every cue prefix: words starting with one say what is asked, not what about."""
