"""Intent scoring: cue words (by prefix, on corrected folded words) + rapidfuzz similarity to example
phrasings + the entities found. Confidence comes in bands: a clear winner is answered, a near tie
asks back, a low score is ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine.understanding import Understanding

# Cue word prefixes and their weight for each intent.
CUES: dict[str, dict[str, float]] = {
    "acuerdos": {
        "acuerd": 3.0,
        "aprob": 2.5,
        "adopt": 1.5,
        "tomaron": 1.0,
        "acord": 2.5,
        "resolvi": 1.0,
        "cvoe": 2.0,
    },
    "sesiones": {
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
    "asistencia": {
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
    "integracion": {
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
    "convenios": {
        "conveni": 3.0,
        "firm": 2.0,
        "suscri": 2.0,
        "vigente": 2.0,
        "instrumento": 2.0,
        "contraparte": 2.0,
        "anexo": 1.0,
    },
    "actividades": {
        "platica": 3.0,
        "charla": 3.0,
        "curso": 3.0,
        "taller": 3.0,
        "reunion": 2.5,
        "correo": 3.0,
        "mail": 3.0,
        "email": 3.0,
        "nota": 2.0,
        "sivople": 3.0,
        "reporte": 1.5,
        "universidad": 2.0,
        "seminario": 3.0,
        "conferencia": 2.5,
        "noticia": 3.0,
        "chilango": 2.0,
        "evento": 2.0,
        "actividad": 2.0,
        "libro": 2.0,
        "profesor": 2.0,
        "clase": 1.0,
        "personas": 1.0,
        "particip": 1.5,
        "difund": 1.5,
        "envi": 1.2,
        "capacita": 1.5,
        "mision": 1.5,
        "red": 0.8,
        "imparti": 1.5,
        "ceremonia": 2.0,
        "conversatorio": 3.0,
        "simulacro": 2.0,
    },
    "summary": {
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
    "help": {
        "ayuda": 4.0,
        "ayudar": 3.0,
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
    },
    "greeting": {
        "hola": 3.0,
        "buenos": 1.5,
        "buenas": 1.5,
        "saludo": 3.0,
        "gracias": 3.0,
        "hey": 2.0,
        "que tal": 2.0,
        "adios": 3.0,
    },
}

EXAMPLES: dict[str, list[str]] = {
    "acuerdos": [
        "que acuerdos se aprobaron",
        "acuerdos de la sesion",
        "que dice el acuerdo",
        "cuantos acuerdos se tomaron",
        "que se aprobo en la sesion",
    ],
    "sesiones": [
        "cuando fue la sesion",
        "que sesiones hubo",
        "sesiones del trimestre",
        "cuando es la proxima sesion",
        "que dia fue la sesion",
    ],
    "asistencia": [
        "quien falto a la sesion",
        "quienes asistieron a la sesion",
        "asistio el partido a la sesion",
        "a que sesiones asistio",
    ],
    "integracion": [
        "quienes integran la comision",
        "quien preside la comision",
        "quien es la secretaria tecnica",
        "quienes son los consejeros integrantes",
    ],
    "convenios": [
        "que convenios se firmaron",
        "convenio con la universidad",
        "cuantos convenios estan vigentes",
        "que convenios se reportaron",
    ],
    "actividades": [
        "que platicas se dieron",
        "cuantas personas participaron en el curso",
        "cuando fue la reunion",
        "cuantos correos se enviaron",
        "que notas ejecutivas se hicieron",
    ],
    "summary": ["resumen del trimestre", "quiero el resumen trimestral", "resumen del informe"],
    "help": ["que puedo preguntarte", "ayuda", "que sabes hacer", "como funciona"],
    "greeting": ["hola", "buenos dias", "gracias"],
}

INTENT_LABELS = {
    "acuerdos": "los acuerdos",
    "sesiones": "las sesiones",
    "asistencia": "la asistencia",
    "integracion": "la integración de la Comisión",
    "convenios": "los convenios",
    "actividades": "las actividades",
    "summary": "el resumen del trimestre",
    "help": "la ayuda",
    "greeting": "un saludo",
}

ACTIVITY_NOUNS = (
    "reunion",
    "curso",
    "taller",
    "platica",
    "seminario",
    "conferencia",
    "evento",
    "presentacion",
    "conversatorio",
    "universidad",
    "ceremonia",
)
"""Words naming an activity: "asistieron" next to one is about the activity, not a session."""

CUE_WORDS = frozenset(w for cues in CUES.values() for w in cues)


@dataclass(frozen=True)
class IntentScore:
    intent: str
    score: float


def score_intents(
    u: Understanding, *, participants: bool, counterparts: bool, topic_hits: dict[str, float]
) -> list[IntentScore]:
    """Score every intent for ``u``; best first."""
    scores: dict[str, float] = dict.fromkeys(CUES, 0.0)
    for intent, cues in CUES.items():
        seen: set[str] = set()
        for word in u.words:
            for cue, weight in cues.items():
                if cue not in seen and (word.startswith(cue) if " " not in cue else False):
                    scores[intent] += weight
                    seen.add(cue)
        for cue, weight in cues.items():
            if " " in cue and cue in u.text:
                scores[intent] += weight
    if u.codes:
        scores["acuerdos"] += 4.0
    if u.sessions:
        scores["sesiones"] += 0.5
    elif u.kinds:
        # "¿hubo sesiones extraordinarias?"; inside a session reference the kind is part of the name.
        scores["sesiones"] += 0.8
    if participants:
        # A person or party named next to a session is asking about attendance.
        scores["asistencia"] += 2.5 if u.sessions else 1.5
    if counterparts:
        scores["convenios"] += 1.5
    activity_noun = any(w.startswith(ACTIVITY_NOUNS) for w in u.words)
    if activity_noun and not u.sessions and scores["asistencia"] > 0:
        # "¿cuántos asistieron al curso?" asks about the activity, not about session attendance.
        scores["actividades"] += 2.0
    if "ine" in u.words and u.has("sesion") and not u.sessions and not u.has(*CUES["convenios"]):
        # The sessions of the INE's bodies that the unit follows are results, not the commission's sessions.
        scores["actividades"] += 2.5
    for intent, boost in topic_hits.items():
        scores[intent] += boost
    if u.quarter is not None and scores["summary"] > 0:
        scores["summary"] += 0.5
    text = u.text
    if text:
        for intent, examples in EXAMPLES.items():
            best = process.extractOne(text, examples, scorer=fuzz.token_sort_ratio)
            if best and best[1] > 60 and scores[intent] > 0:
                scores[intent] += (best[1] - 60) / 40
    return sorted((IntentScore(i, s) for i, s in scores.items()), key=lambda s: s.score, reverse=True)
