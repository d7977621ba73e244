"""Honest ignorance, by a general rule: a word that matches nothing in the store or the domain lexicon is
the thing asked, and the informes do not hold it ("teléfono", "salario", "estacionamiento").

A word is known when the lexicon has it, when the informes use it (or a word with its stem, or one a typo
away), or when it is filler. A word the informes only write inside one capitalised name ("Presupuesto
Participativo") is unknown when asked without the rest of that name.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.engine.frame import Form, Question
from bot.engine.knowledge import Knowledge
from bot.engine.lexicon import (
    CONTEXT_WORDS,
    COUNTABLE,
    FILLER,
    GENERIC_WORDS,
    LEXICON_WORDS,
    STOPWORDS,
    WH_WORDS,
    activity_kinds_of,
    group_of,
    role_of,
)
from bot.engine.matching import stem
from bot.engine.scoring import CUE_WORDS
from bot.engine.understanding import Parsed
from lang.spanish import CARDINAL_WORDS, ORDINAL_WORDS


def unknown_words(p: Parsed, k: Knowledge) -> list[str]:
    """The question's words that nothing knows, in order."""
    found: list[str] = []
    for word in p.words:
        if _ordinary(word, p) or word in found:
            continue
        partner = k.bound.get(word)
        if partner is not None and partner not in p.words:
            found.append(word)  # "presupuesto" without "participativo"
            continue
        if not _known(word, k):
            found.append(word)
    return found


def counted_unknown(p: Parsed, k: Knowledge, q: Question) -> str | None:
    """The noun a "¿cuántos…?" counts when neither the engine nor the informes count it ("observadores")."""
    word = p.counted
    if q.form != Form.COUNT or not word or _ordinary(word, p) or word.startswith(CUE_WORDS):
        return None
    if word in COUNTABLE or stem(word) in k.countable or activity_kinds_of(word) or group_of(word) or role_of(word):
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


def _known(word: str, k: Knowledge) -> bool:
    if word in k.vocabulary or stem(word) in k.stems:
        return True
    cache = k.known_cache
    if word not in cache:
        match = process.extractOne(word, k.vocabulary_list, scorer=fuzz.ratio, score_cutoff=84)
        cache[word] = bool(match and match[0][0] == word[0] and abs(len(match[0]) - len(word)) <= 2)
    return cache[word]
