"""Honest ignorance, by a general rule: a word that matches nothing in the store or the domain lexicon is
the thing asked, and the informes do not hold it ("teléfono", "salario", "estacionamiento").

A word is known when the lexicon has it, when the informes use it (or a word with its stem, or one a typo
away), or when it is filler. A word the informes only write inside one capitalised name ("Presupuesto
Participativo") is unknown when asked without the rest of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine.frame import Form, Question
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import (
    CONTEXT_WORDS,
    COUNTABLE,
    FILLER,
    GENERIC_WORDS,
    LEXICON_WORDS,
    SPEECH_VERBS,
    STOPWORDS,
    WH_WORDS,
    activity_kinds_of,
    groups_named,
    role_of,
    words,
)
from bot.engine.matching import light, starting_with, stem
from bot.engine.scoring import CUE_WORDS
from bot.engine.understanding import Parsed
from lang.spanish import CARDINAL_WORDS, ORDINAL_WORDS, fold, tokens
from lang.vocabulary import Subject

_DETERMINERS = frozenset(["el", "la", "los", "las", "su", "sus", "un", "una", "que", "cual", "del", "al", "mi"])
_DOERS = frozenset(["quien", "quienes", "cuantos", "cuantas"])  # "¿quiénes votaron…?", "¿cuántos votaron…?"
_EXISTENCE = frozenset(["hubo", "hay", "habia", "existe", "existen", "tiene", "tienen", "tuvo", "tuvieron"])
_KNOWN_SUBJECTS = (
    Subject.ACUERDOS,
    Subject.SESIONES,
    Subject.ASISTENCIA,
    Subject.INTEGRACION,
    Subject.CONVENIOS,
    Subject.ACTIVIDADES,
    Subject.RESUMEN,
    Subject.INFORME,
)


@dataclass(frozen=True)
class Missing:
    """What a question asks that the informes do not hold, in the question's own words."""

    phrase: str  # "teléfono de la presidenta"
    clause: bool = False  # "cuántos observadores se acreditaron": said as what the informes do not tell


def missing(p: Parsed, k: Knowledge, q: Question) -> Missing | None:
    """What is asked when the store cannot hold it, or None.

    A word that matches nothing in the store or the domain lexicon is the thing asked when it heads a noun
    phrase ("el teléfono de la presidenta"), follows "cuánto" ("¿cuánto cuesta…?") or stands without any
    subject the engine knows. A word the informes only use inside a name ("Presupuesto Participativo") asked
    without the rest of the name is such a word too. So is the noun counted by "¿cuántos…?" when neither the
    engine nor the informes count it.
    """
    words = p.words
    known_subject = q.subject in _KNOWN_SUBJECTS
    amount = "cuanto" in words or "cuanta" in words
    named = _named_places(p) if q.subject in (Subject.CONVENIOS, Subject.ACTIVIDADES) else set()
    verbs = preterites(p.raw)
    for word in unknown_words(p, k):
        if word in named:
            continue  # "¿hay convenio con el Tribunal Electoral?": a counterpart or a place, asked about by name
        i = words.index(word)
        prev = words[i - 1] if i > 0 else ""
        if (looks_like_verb(word) or word in verbs) and prev not in _DOERS:
            continue  # "¿qué acuerdos salieron…?": what happened to the things asked, not a thing asked
        nxt = words[i + 1] if i + 1 < len(words) else ""
        # Right after a noun the engine knows ("acuerdos importantes de diciembre") a word qualifies that noun.
        modifier = prev.startswith(CUE_WORDS) and prev not in STOPWORDS
        noun = (
            prev in _DETERMINERS or (nxt in ("de", "del") and not modifier) or (prev in STOPWORDS and not known_subject)
        )
        # "¿hubo votación…?", "¿quiénes votaron…?": what exists, or who did it, is the thing asked.
        noun = noun or prev in _EXISTENCE
        if amount or prev in _DOERS:
            return Missing(_clause(p), clause=True)
        if noun or not known_subject:
            return Missing(_phrase(p, word))
    if _VOTE_RE.search(p.text):
        return Missing(_clause(p), clause=True)  # "¿quién votó en contra…?": the informes record no votes
    mass = _amount_of(words)
    if mass:
        return Missing(_clause(p), clause=True)  # "¿cuánto presupuesto tiene…?": an amount, never counted
    if (q.participants or q.groups or q.roles or q.names) and any(w in SPEECH_VERBS for w in words):
        return Missing(_clause(p), clause=True)  # "¿qué dijo el PT en la sesión?": not recorded
    counted = counted_unknown(p, k, q)
    if counted:
        return Missing(_clause(p), clause=True)
    return None


COUNTED_MASS = frozenset(["gente", "tiempo", "asistencia", "publico", "personal", "participacion", "audiencia"])
_AMOUNT_VERBS = frozenset(["duro", "dura", "duran", "tardo", "tarda", "falta", "faltan", "queda", "quedan", "lleva"])


_VOTE_RE = re.compile(
    r"\bvot(?:aron|ara|aran|ando|acion|aciones|os)\b|\bvoto (?:en contra|a favor)\b|\ben contra\b|\ba favor\b"
    r"|\bunanimidad\b|\babstuv\w*|\babstencion\w*|\b(?:quien|quienes|como) voto\b"
)
_MONEY_VERBS = words(
    """
    gasto gastaron costo costaron cuesta cuestan pago pagaron invirtio invirtieron destino destinaron asigno
    asignaron ejercio ejercieron presupuesto cobro cobraron
    """
)


def _amount_of(words: list[str]) -> str | None:
    """The mass noun a singular "¿cuánto…?" asks the amount of ("cuánto presupuesto", "cuánto dinero", "cuánto
    es el presupuesto", "cuánto se gastó"): the informes count things and people, they state no amounts."""
    for i, w in enumerate(words[:-1]):
        if w not in ("cuanto", "cuanta"):
            continue
        rest = [x for x in words[i + 1 :] if x not in ("de", "se", "le", "les", "nos", "es", "fue", "era", "el", "la")]
        if rest and rest[0] in _MONEY_VERBS:
            return rest[0]
        noun = words[i + 2] if words[i + 1] == "de" and i + 2 < len(words) else words[i + 1]
        if noun in ("es", "fue", "era") and i + 3 < len(words) and words[i + 2] in ("el", "la"):
            noun = words[i + 3]  # "¿cuánto es el presupuesto…?"
        if noun in STOPWORDS or noun in COUNTED_MASS or noun in _AMOUNT_VERBS or noun.endswith("s") or len(noun) < 4:
            continue
        if noun.endswith(("o", "a", "e", "l", "n", "r")) and not looks_like_verb(noun) and not noun.endswith("aba"):
            return noun
    return None


_VERB_ENDINGS = ("aron", "ieron", "eron", "aban", "iban", "aran", "eran", "ando", "iendo")


def _named_places(p: Parsed) -> set[str]:
    """The words of what a convenio is with or an activity took place at ("con el Tribunal Electoral", "en la
    Ibero"): names, whether or not the informes have them."""
    found: set[str] = set()
    for m in re.finditer(r"\b(?:con|en)\s+(?:el|la|los|las)\s+((?:[a-z0-9]+\s*)+)", p.text):
        for w in m.group(1).split():
            if w in ("de", "del", "y", "la", "el", "los", "las") or w not in STOPWORDS:
                found.add(w)
    return found


def preterites(raw: str) -> set[str]:
    """Words written with a final accented ó: verbs in the preterite ("salió", "firmó", "pasó"), folded."""
    return {fold(w) for w in re.findall(r"[^\W\d_]+", raw) if w.lower().endswith("ó")}


def looks_like_verb(word: str) -> bool:
    """Plural past and future forms and gerunds ("salieron", "votaban", "siendo"): verbs, never the noun asked."""
    return len(word) >= 6 and word.endswith(_VERB_ENDINGS)


def _phrase(p: Parsed, word: str) -> str:
    """The question's own words for ``word`` and its complement ("teléfono de la presidenta"), accents kept."""
    raw_words = re.findall(r"[^\W_]+", p.raw)
    folded = [tokens(w)[0] if tokens(w) else "" for w in raw_words]
    if word not in folded:
        return word
    i = folded.index(word)
    end = i + 1
    if end < len(folded) and folded[end] in ("de", "del"):
        end += 1
        if end < len(folded) and folded[end] in ("la", "el", "los", "las"):
            end += 1
        end = min(len(folded), end + 1)
    return " ".join(raw_words[i:end])


def _clause(p: Parsed) -> str:
    """ "cuántos observadores se acreditaron": the question from its question word on."""
    text = re.sub(r"[¿?¡!]", "", p.raw).strip()
    m = re.search(r"(?i)\b(?:cu[aá]nt[oa]s?|qui[eé]n(?:es)?|qu[eé]|c[oó]mo)\b.*", text)
    clause = m.group(0) if m else f"si {text[:1].lower()}{text[1:]}"  # "¿el acuerdo 53 fue por unanimidad?"
    return clause[:1].lower() + clause[1:]


def unknown_words(p: Parsed, k: Knowledge) -> list[str]:
    """The question's words that nothing knows, in order."""
    found: list[str] = []
    for word in p.words:
        if _ordinary(word, p) or word in found:
            continue
        partner = k.bound.get(word)
        if partner is not None and partner not in p.words and not _named_with(word, p, k):
            found.append(word)  # "presupuesto" without "participativo"
            continue
        if not _known(word, k):
            found.append(word)
    return found


def _named_with(word: str, p: Parsed, k: Knowledge) -> bool:
    """Whether the question names, with ``word``, a rarer word of the same text ("el plebiscito de Chile": the
    informes' "Plebiscito Nacional … de Chile"), so that the name is asked in other words."""
    others = [w for w in p.words if w != word and len(w) > 3 and w not in STOPWORDS and w not in LEXICON_WORDS]
    others = [w for w in others if w not in GENERIC_WORDS and not activity_kinds_of(w)]
    if not others:
        return False
    indexes = (k.activity_search, k.acuerdo_search, k.passage_search)
    return any(hit[2] >= 0.99 for index in indexes for hit in index.search([word, *others], limit=1))


def counted_unknown(p: Parsed, k: Knowledge, q: Question) -> str | None:
    """The noun a "¿cuántos…?" counts when neither the engine nor the informes count it ("observadores")."""
    word = p.counted
    if q.form != Form.COUNT or not word or word in STOPWORDS or word in FILLER or word in GENERIC_WORDS:
        return None
    if word.startswith(CUE_WORDS) or word in p.entity_words or len(word) <= 3:
        return None
    if word in COUNTABLE or stem(word) in k.countable or activity_kinds_of(word) or groups_named(word) or role_of(word):
        return None
    if word.endswith(("aron", "ieron", "aba", "ian")):
        return None  # a verb: "¿cuántos participaron?"
    return word


def _ordinary(word: str, p: Parsed) -> bool:
    return (
        len(word) <= 3
        or word.isdigit()
        or any(c.isdigit() for c in word)
        or word in p.entity_words
        or word in WH_WORDS
        or word in STOPWORDS
        or word in FILLER
        or word in GENERIC_WORDS
        or word in LEXICON_WORDS
        or word in CONTEXT_WORDS
        or word in ORDINAL_WORDS
        or word in CARDINAL_WORDS
        or word.startswith(CUE_WORDS)
    )


_TOPIC_MARKS = frozenset(
    ["sobre", "acerca", "respecto", "relacionado", "relacionados", "relativo", "referente", "tema"]
)


def loose_words(p: Parsed, k: Knowledge, topic: list[str]) -> list[str]:
    """Topic words that neither the store nor the lexicon knows and that the question does not introduce as its
    topic ("¿qué acuerdos salieron en la 11a?"): they must not empty a list that the other conditions answer."""
    loose = []
    named = _named_places(p)  # "¿se dieron pláticas en la Ibero?": where, asked by name
    for word in topic:
        i = p.words.index(word) if word in p.words else -1
        before = p.words[max(0, i - 3) : i] if i >= 0 else []
        if not _known(word, k) and not _TOPIC_MARKS.intersection(before) and word not in named:
            loose.append(word)
    return loose


def known_word(word: str, k: Knowledge) -> bool:
    """Whether the informes use ``word`` (or a word with its stem, or one a typo away)."""
    return _known(word, k)


def _known(word: str, k: Knowledge) -> bool:
    if word in k.vocabulary or light(word) in k.light_words or starting_with(k.vocabulary_list, word):
        return True
    if len(stem(word)) >= 5 and stem(word) in k.stems:
        return True  # another form of a word the informes use ("imparte", "impartido")
    cache = k.known_cache
    if word not in cache:
        match = process.extractOne(word, k.vocabulary_list, scorer=fuzz.ratio, score_cutoff=84)
        cache[word] = bool(match and match[0][0] == word[0] and abs(len(match[0]) - len(word)) <= 2)
    return cache[word]
