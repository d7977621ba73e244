"""Names in a question matched against the store: people, parties and bodies that take part in the sessions,
convenio counterparts, other bodies named as the owner of what is asked ("el presidente del IECM"), and names
the store does not have ("¿asistió Pedro Gómez?")."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import CONTEXT_WORDS, GENERIC_WORDS, LEXICON_WORDS, STOPWORDS, WH_WORDS, groups_named
from bot.engine.matching import EntityMatch
from bot.engine.scoring import CUES
from bot.engine.understanding import Parsed
from lang.spanish import MONTH_ALIASES, tokens
from lang.vocabulary import Subject

_ORGANIZATION_RE = re.compile(
    r"\b(?:presidente|presidenta|preside|titular|titulares|integrantes?|miembros?|acuerdos?|sesion(?:es)?|"
    r"secretari[oa]|consejer[oa]s?|conforman|integran|acordo)\s+(?:de|del|de la|en el|en la)\s+(?:la\s+|el\s+)?"
    r"(?P<org>iecm|ine|instituto(?:\s+\w+){0,4}|consejo(?:\s+\w+){0,3}|comision(?:\s+\w+){1,6}|comite(?:\s+\w+){0,4}|"
    r"junta(?:\s+\w+){0,3}|tribunal(?:\s+\w+){0,3}|congreso(?:\s+\w+){0,3}|gobierno(?:\s+\w+){0,3})"
)
_ACTOR_RE = re.compile(
    r"\b(?:acordo|acordaron|aprobo|aprobaron|decidio|resolvio|tomo|tomaron|adopto|adoptaron|emitio|emitieron)\s+"
    r"(?:el\s+|la\s+)?"
    r"(?P<org>consejo(?:\s+\w+){1,3}|comision(?:\s+\w+){2,6}|comite(?:\s+\w+){1,4}|ine|junta(?:\s+\w+){1,3})"
)


_NOT_NAME = frozenset(["en", "el", "la", "los", "las", "que", "y", "o", "total", "trimestre", "ano", "este", "esta"])


_OUR_COMMISSION = frozenset(["permanente", "de", "vinculacion", "con", "organismos", "externos", "cvoe", "la", "esta"])


def same_person(
    p: Parsed, k: Knowledge, matches: list[EntityMatch], others: list[str] | None = None
) -> list[EntityMatch]:
    """Drop a person matched by one of the names the question gives her when the other is not hers: "Sonia
    Pérez" is not "María Guadalupe Zavala Pérez" (that name goes to ``others``). A name is a run of words no
    lexicon knows."""
    runs: list[list[str]] = [[]]
    for word in p.words:
        plain = word in LEXICON_WORDS or word in STOPWORDS or word in GENERIC_WORDS or word in WH_WORDS
        if plain or word in p.entity_words or not word.isalpha() or len(word) < 3:
            runs.append([])
        else:
            runs[-1].append(word)
    kept = []
    for match in matches:
        participant = k.participants.get(str(match.key))
        if participant is None or not participant.person:
            kept.append(match)
            continue
        label = set(tokens(" ".join(participant.labels)))
        if participant.seat and not set(p.words) & set(tokens(participant.person)):
            continue  # "la secretaria técnica": the seat named by its title, whoever held it (see _roles)
        for run in runs:
            inside = [w for w in run if _in_label(w, label)]
            if inside and len(run) > len(inside) and not any(w in k.aliases for w in run):
                person = set(tokens(participant.person))
                if others is not None and any(_in_label(w, person) for w in inside):
                    others.extend(w for w in run if w not in others)  # a person's name, not a body's word
                break  # a name of the question's own run is not this person's
        else:
            kept.append(match)
    return kept


def _in_label(word: str, label: set[str]) -> bool:
    return word in label or any(fuzz.ratio(word, w) >= 84 or (len(word) >= 4 and w.startswith(word)) for w in label)


def organization_of(p: Parsed) -> str | None:
    """Another body named as the owner of what is asked ("el presidente del IECM", "acuerdos del INE")."""
    m = _ORGANIZATION_RE.search(p.text) or _ACTOR_RE.search(p.text)
    if m is None:
        return None
    # verbs as the question writes them ("cambió", "se mencionan"): the sentence goes on after the name
    verbs = {tokens(w)[0] for w in re.findall(r"[^\W\d_]+", p.raw) if re.search(r"(?:ó|aron|ieron)$", w.lower())}
    words: list[str] = []
    for word in m.group("org").split():
        if words and (word in _NOT_NAME or word in WH_WORDS or word == "se" or word in verbs):
            break  # "la comisión en total": the name ends where the sentence goes on
        words.append(word)
    if words[0] == "comision" and set(words[1:]) <= _OUR_COMMISSION:
        return None
    article = "la" if words[0] in ("comision", "junta", "secretaria", "direccion", "unidad") else "el"
    return f"{article} {as_written(p, words[:6])}"


def as_written(p: Parsed, folded: list[str]) -> str:
    """The words ``folded`` as the question writes them ("IECM", "Comisión de Participación Ciudadana")."""
    raw = re.findall(r"[^\W_]+", p.raw)
    keys = [tokens(w)[0] if tokens(w) else "" for w in raw]
    for start in range(len(keys) - len(folded) + 1):
        if keys[start : start + len(folded)] == folded:
            return " ".join(raw[start : start + len(folded)])
    return " ".join(w.upper() if len(w) <= 4 else w for w in folded)


def name_words_of(p: Parsed) -> list[str]:
    """Words that may be part of a name: not time, codes or question words, nor a group in the plural
    ("¿qué direcciones faltaron?" asks about a group, not about one Dirección)."""
    words = p.words
    return [
        w
        for i, w in enumerate(words)
        if (w not in p.entity_words or not w.isdigit())
        and not (w.endswith("s") and groups_named(w))
        and not _a_month_said(p, i)
    ]


def _a_month_said(p: Parsed, i: int) -> bool:
    """ "de julio a septiembre": a month of a time expression, not "Julio César" (whose next word is a name)."""
    word = p.words[i]
    if word not in MONTH_ALIASES or word not in p.entity_words:
        return False
    nxt = p.words[i + 1] if i + 1 < len(p.words) else ""
    return not nxt or nxt in STOPWORDS or nxt in p.entity_words or nxt.isdigit()


def matched_words(k: Knowledge, participants: list[EntityMatch], counterparts: list[EntityMatch]) -> set[str]:
    words: set[str] = set()
    for match in participants:
        participant = k.participants.get(str(match.key))
        if participant is not None:
            words.update(tokens(" ".join(participant.labels)))
    for match in counterparts:
        convenio = k.convenio_by_id.get(match.key)  # type: ignore[call-overload]
        if convenio is not None:
            words.update(tokens(convenio.counterpart))
    for alias, expansion in k.aliases.items():
        if set(expansion.split()) <= words:
            words.add(alias)
    return words - GENERIC_WORDS - STOPWORDS


def counterpart_words(p: Parsed) -> list[str]:
    asked = re.search(r"\bcon (?:el |la |los |las )?(.+)$", p.text)
    if not asked:
        return []
    words = [w for w in asked.group(1).split() if w not in STOPWORDS and w not in GENERIC_WORDS and w not in WH_WORDS]
    return [w for w in words if not w.startswith(tuple(CUES[Subject.CONVENIOS])) and w not in p.entity_words]


def unmatched_names(p: Parsed, k: Knowledge, matched: set[str]) -> list[str]:
    """Capitalised words the store does not know ("¿asistió Pedro Gómez?"): someone asked about by name."""
    raw = re.findall(r"[^\W\d_]+", p.raw)
    runs: list[list[str]] = [[]]
    for i, w in enumerate(raw):
        # The first word is capitalised anyway: it starts a name only when the next one is capitalised too.
        first_of_name = i > 0 or (len(raw) > 1 and raw[1][:1].isupper() and not raw[1].isupper())
        if first_of_name and w[:1].isupper() and len(w) > 2 and not w.isupper():
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    names: list[str] = []
    for run in runs:
        keys = [tokens(w)[0] for w in run if tokens(w)]
        if any(key not in k.vocabulary and key not in matched for key in keys):
            names.extend(run)  # "Juan Carlos Mendoza": the whole name, though "Juan" is somebody else's too
    return names


def unknown_acronyms(p: Parsed, k: Knowledge) -> list[str]:
    """A party or body named by its acronym that nobody in the store is ("¿MC faltó a alguna sesión?" when
    Movimiento Ciudadano takes no part): its name, as the acronym stands for it."""
    for word in p.words:
        expansion = k.aliases.get(word)
        if not expansion or len(word) > 6 or word in CONTEXT_WORDS:
            continue
        named = k.participant_index.match(expansion.split()) + k.counterpart_index.match(expansion.split())
        if not any(m.coverage >= 0.5 for m in named):
            return [word.upper()]
    return []
