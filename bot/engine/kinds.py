"""Kinds a question names: of activity (the one asked, and those only completing it: "notas de las sesiones") and
of legal instrument ("convenios específicos", "el convenio general")."""

from __future__ import annotations

from bot.engine.lexicon import activity_kinds_of
from bot.engine.understanding import Parsed
from lang.vocabulary import ActivityKind

# The kinds of instrument, by the words that name them.
INSTRUMENT_WORDS = {
    "especifico": "especifico",
    "especificos": "especifico",
    "general": "general",
    "generales": "general",
    "colaboracion": "colaboracion",
    "apoyo": "apoyo",
    "anexo": "anexo",
    "anexos": "anexo",
    "coordinacion": "coordinacion",
}


def instruments(p: Parsed) -> tuple[str, ...]:
    """The kinds of instrument named ("convenios específicos", "¿es general?"); "general" after the head of a
    body's name is part of that name ("la Contraloría General", "la Dirección General")."""
    found = []
    for i, w in enumerate(p.words):
        before = p.words[i - 1] if i else ""
        if w in INSTRUMENT_WORDS and not (w.startswith("general") and before.startswith(_BODY_HEADS)):
            found.append(INSTRUMENT_WORDS[w])
    return tuple(dict.fromkeys(found))


_BODY_HEADS = (
    "contralor", "secretari", "direcci", "consejo", "coordinaci", "procuradur", "fiscal", "auditor", "tesorer",
    "junta", "asamblea", "oficial", "unidad", "comisi", "jefatura", "gerencia", "subdirecci", "administraci",
)  # fmt: skip


def activity_kinds(p: Parsed, name_words: set[str]) -> tuple[set[ActivityKind], list[str]]:
    """The kinds of activity asked, and the words of kinds that only complete them: "notas de las sesiones del
    Consejo General" asks for notes (about sessions), a kind after "de" completing the first one."""
    kinds: set[ActivityKind] = set()
    complements: list[str] = []
    for i, w in enumerate(p.words):
        found = set(activity_kinds_of(w)) if w not in name_words else set()
        if found and kinds and {"de", "del", "a", "al"} & set(p.words[max(0, i - 2) : i]):
            complements.append(w)
            continue
        kinds |= found
    return kinds, complements
