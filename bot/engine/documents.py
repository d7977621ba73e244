"""Documents asked about: the informes the store holds ("¿de qué trimestres tienes información?") and the
sessions a minuta is about ("la minuta de la décima sesión", "el acta de la sesión del 22 de diciembre"), told
apart from the session where something happened."""

from __future__ import annotations

import re

from bot.engine.frame import SessionRef, Span
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import ATTRIBUTE_WORDS, GENERIC_WORDS, STOPWORDS, activity_kinds_of, group_of, role_of
from bot.engine.scoring import CUE_WORDS

_DATED_RE = re.compile(r"\b(?P<noun>[a-z]+) de la sesion (?:[a-z]+ ){0,2}?(?:el|del|de) (?P<day>\d{1,2}) de [a-z]+")


_CATALOGUE_RE = re.compile(
    r"\b(?:de\s+)?(?:que|cuales|q)\s+(?:informes?|trimestres|periodos)\b"
    r"|\binformes?\s+(?:\w+\s+)?(?:cargados?|disponibles?|importados?|registrados?)\b"
    r"|\b(?:tienes|hay|tengo|conoces|manejas)\s+(?:\w+\s+)?(?:datos|informacion)\s+(?:de\s+)?(?:que|cuales)\b"
    r"|\bhasta\s+(?:que\s+fecha|cuando)\s+(?:tienes|hay|llegan|cubren)\b"
    r"|\b(?:que|cual)\s+periodo\s+(?:cubren|abarcan|comprenden)\s+(?:tus|los)\s+(?:datos|informes)"
)
# What the store holds, said of the informes ("¿qué informes tienes?", "¿qué informes se han aprobado?"); any
# other verb asks about their content ("¿en qué trimestres hubo reuniones…?", "¿qué informes presentó la UTVOE?").
_HOLDING_RE = re.compile(
    r"\b(?:tienes|tiene|tengo|hay|cargad\w*|disponibles?|importad\w*|registrad\w*|conoces|manejas|aprobad\w*"
    r"|existen|incluye\w*|cubre\w*|abarca\w*|llegan|informacion|datos)\b"
)


def asks_catalogue(text: str) -> bool:
    """Whether the question asks which informes (quarters) the store holds, not what one of them says."""
    return (
        bool(_CATALOGUE_RE.search(text))
        and bool(_HOLDING_RE.search(text))
        and not re.search(r"\b(?:hubo|hicieron|realiz\w*|celebr\w*|present\w*|firm\w*|asist\w*|falt\w*)\b", text)
    )


def of_document(noun: str | None, k: Knowledge) -> bool:
    """Whether a session completing ``noun`` is what a document is about ("la minuta de la décima sesión"): the
    noun is one the acuerdos' texts use and no cue, attribute or filler of a question."""
    if noun is None or noun in GENERIC_WORDS or noun in STOPWORDS or noun.startswith(CUE_WORDS):
        return False
    if noun.startswith(ATTRIBUTE_WORDS) or group_of(noun) or role_of(noun) or activity_kinds_of(noun):
        return False
    return any(term in k.acuerdo_search.idf for term in k.acuerdo_search.query_terms([noun]))


def document_days(text: str, spans: list[Span], k: Knowledge) -> tuple[list[Span], tuple[SessionRef, ...]]:
    """The day of a session a document is about is that session, not when the document was dealt with: "¿cuándo
    se aprobó la minuta de la sesión del 22 de diciembre?" asks about the session held that day."""
    held = {s.date for s in k.sessions if s.date is not None}
    refs: list[SessionRef] = []
    kept = list(spans)
    for m in _DATED_RE.finditer(text):
        if not of_document(m.group("noun"), k):
            continue
        for span in kept:
            if span.start == span.end and span.start.day == int(m.group("day")) and span.start in held:
                refs.append(SessionRef(day=span.start))
                kept.remove(span)
                break
    return kept, tuple(refs)
