"""Fuzzy matching of names and full-text search, on folded text.

rapidfuzz compares tokens; accents are folded first because rapidfuzz's default processing keeps
them. Short tokens (acronyms such as "ine", "pt") are only ever compared exactly, since partial or
fuzzy scoring finds "ine" inside any word.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine.lexicon import CONTEXT_WORDS, STOPWORDS, words
from lang.spanish import fold, stem, tokens

# Words of seats in the commission ("Integrante: Ernesto Ramos Mega"): titles, never part of a name.
SEAT_WORDS = words(
    """
    integrante integrantes presidencia presidenta presidente consejero consejeros consejera consejeras consejeria
    representacion representante representantes encargado encargada despacho
    """
)

# Acronyms of Mexican public bodies and parties, mapped to the words of what they stand for: general
# knowledge of the domain. Informes add their own "Nombre Largo (SIGLAS)" pairs and abbreviations such as
# "EE.UU." at load time (see harvest_acronyms and harvest_abbreviations).
ALIASES: dict[str, str] = {
    "ine": "instituto nacional electoral",
    "iecm": "instituto electoral ciudad mexico",
    "unam": "universidad nacional autonoma mexico",
    "uacm": "universidad autonoma ciudad mexico",
    "uam": "universidad autonoma metropolitana",
    "ipn": "instituto politecnico nacional",
    "itesm": "instituto tecnologico estudios superiores monterrey",
    "tec": "instituto tecnologico estudios superiores monterrey",
    "pt": "partido trabajo",
    "pri": "partido revolucionario institucional",
    "prd": "partido revolucion democratica",
    "pvem": "partido verde ecologista mexico",
    "verde": "partido verde ecologista mexico",
    "pan": "partido accion nacional",
    "mc": "movimiento ciudadano",
    "pes": "partido encuentro solidario",
    "elige": "partido equidad libertad genero",
    "oea": "organizacion estados americanos",
    "iri": "instituto republicano internacional",
    "sre": "secretaria relaciones exteriores",
    "imr": "instituto matias romero",
    "sepi": "secretaria pueblos barrios originarios comunidades indigenas residentes",
    "utvoe": "unidad tecnica vinculacion organismos externos",
    "utef": "unidad tecnica especializada fiscalizacion",
    "utaj": "unidad tecnica asuntos juridicos",
    "utcsyd": "unidad tecnica comunicacion social difusion",
    "utgydh": "unidad tecnica genero derechos humanos",
    "utsi": "unidad tecnica servicios informaticos",
    "utcfd": "unidad tecnica centro formacion desarrollo",
    "utalaod": "unidad tecnica archivo logistica apoyo organos desconcentrados",
    "deap": "direccion ejecutiva asociaciones politicas",
    "deeccc": "direccion ejecutiva educacion civica construccion ciudadania",
    "deccyc": "direccion ejecutiva educacion civica construccion ciudadania",
    "depcyc": "direccion ejecutiva participacion ciudadana capacitacion",
    "deoeyg": "direccion ejecutiva organizacion electoral geoestadistica",
    "opl": "organismos publicos locales",
    "osc": "organizaciones sociedad civil",
    "cdmx": "ciudad mexico",
}

# Everyday words for what the informes name otherwise, used when the informes lack the everyday word: staff call
# the minuta of a session its acta.
SYNONYMS: dict[str, str] = {"acta": "minuta", "actas": "minuta"}

# Who holds an office, named by the office's word: "el secretario ejecutivo", "la directora ejecutiva".
_OFFICE_OF = {
    "secretario": "secretaria",
    "ejecutivo": "ejecutiva",
    "tecnico": "tecnica",
    "administrativo": "administrativa",
    "director": "direccion",
    "directora": "direccion",
    "titular": "titular",
}

_NONE = np.zeros(0, dtype=np.int32)


_DOUBLED_RE = re.compile(r"\b([a-z])\1\.?\s?([a-z])\2\b\.?(?:\s?([a-z])\3\b\.?)?")


def join_abbreviations(folded: str) -> str:
    """Spanish plural abbreviations written with doubled letters become one token: "ee.uu." → "eeuu"."""
    return _DOUBLED_RE.sub(lambda m: m.group(0).replace(".", "").replace(" ", "") + " ", folded)


def content_tokens(text: str) -> list[str]:
    """Folded tokens without stop words (doubled-letter abbreviations joined: "EE. UU." → "eeuu")."""
    return [t for t in tokens(join_abbreviations(fold(text))) if t not in STOPWORDS]


def light(token: str) -> str:
    """A word without its plural ending: "observadores" → "observador", "minutas" → "minuta"."""
    if len(token) > 5 and token.endswith("es"):
        return token[:-2]
    if len(token) > 4 and token.endswith("s"):
        return token[:-1]
    return token


def harvest_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Find "Nombre Largo (SIGLAS)" pairs and return {siglas: folded words of the long name}.

    Each word of the name gives the acronym its first letter or its first syllable ("Sistema de
    Vinculación con los Organismos Públicos Locales Electorales (SIVOPLE)").
    """
    found: dict[str, str] = {}
    for text in texts:
        for m in re.finditer(r"\(([A-Z][A-Za-z]{1,9}(?:[- ][A-Z]{2,6})?)\)", text):
            acronym = fold(m.group(1)).replace(" ", "").replace("-", "")
            before = [w for w in tokens(text[max(0, m.start() - 200) : m.start()]) if w not in STOPWORDS]
            picked = _spell(acronym, before[-12:])
            if picked:
                found[acronym] = " ".join(picked)
    return found


def _spell(acronym: str, words: list[str]) -> list[str] | None:
    """The shortest run of words ending the list whose prefixes (1 to 3 letters) spell ``acronym``; else the
    last run of words anywhere before it that spells it ("el Programa Anual de Trabajo y el Calendario de
    Sesiones 2021 (PAT)": the name's first words)."""
    for start in range(len(words) - 1, -1, -1):
        run = words[start:]
        if len(run) > len(acronym):
            break
        if _prefixes_spell(acronym, run):
            return run
    for end in range(len(words) - 1, 0, -1):
        for start in range(end - 1, max(-1, end - len(acronym) - 1), -1):
            run = words[start : end + 1]
            if len(run) >= 2 and _prefixes_spell(acronym, run):
                return run
    return None


def _prefixes_spell(acronym: str, run: list[str]) -> bool:
    if not run:
        return not acronym
    word = run[0]
    return any(
        acronym.startswith(word[:n]) and _prefixes_spell(acronym[n:], run[1:])
        for n in range(1, min(3, len(word)) + 1)
        if len(acronym) - n >= len(run) - 1
    )


def harvest_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """ "EE.UU." and the like, spelt out by the capitalised words the informes themselves use:
    {"eeuu": "estados unidos"} when "Estados Unidos" appears in them."""
    texts = list(texts)
    wanted: set[str] = set()
    for text in texts:
        for m in _DOUBLED_RE.finditer(fold(text)):
            wanted.add("".join(g for g in m.groups() if g))
    if not wanted:
        return {}
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for m in re.finditer(r"\b([A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,})\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,})", text):
            pairs[(fold(m.group(1)), fold(m.group(2)))] += 1
    found: dict[str, str] = {}
    for initials in wanted:
        if len(initials) != 2:
            continue
        candidates = [(n, pair) for pair, n in pairs.items() if (pair[0][0], pair[1][0]) == tuple(initials)]
        if candidates:
            found[initials[0] * 2 + initials[1] * 2] = " ".join(max(candidates)[1])
    return found


def split_compounds(vocabulary: set[str]) -> dict[str, tuple[str, str]]:
    """Tokens made of two words the informes also write apart ("votochilango" → "voto", "chilango")."""
    found: dict[str, tuple[str, str]] = {}
    for token in vocabulary:
        if len(token) < 8 or token.isdigit():
            continue
        for cut in range(3, len(token) - 2):
            head, tail = token[:cut], token[cut:]
            if head in vocabulary and tail in vocabulary and len(tail) >= 4:
                found[token] = (head, tail)
                break
    return found


def starting_with(vocabulary: list[str], prefix: str, limit: int = 3) -> list[str]:
    """Words of the sorted ``vocabulary`` that lengthen ``prefix`` by 3 letters or more (at most ``limit``;
    none when more words would fit, since then the prefix names nothing in particular)."""
    found: list[str] = []
    for i in range(bisect_left(vocabulary, prefix), len(vocabulary)):
        word = vocabulary[i]
        if not word.startswith(prefix):
            break
        if len(word) > len(prefix) + 2:
            found.append(word)
            if len(found) > limit:
                return []
    return found


@dataclass(frozen=True)
class EntityMatch:
    key: Hashable
    score: float
    coverage: float


class EntityIndex:
    """Names (people, parties, institutions) matched against a question's tokens.

    Each matched label token weighs its inverse document frequency, so "Partido" alone matches
    nothing while "MORENA" or "Varela" single out one entry. Near-equal best matches are returned
    together so that the caller can ask which one was meant.
    """

    def __init__(
        self, entries: Iterable[tuple[Hashable, str]], aliases: dict[str, str], common: frozenset[str] = frozenset()
    ) -> None:
        self.entries: list[tuple[Hashable, set[str]]] = []
        for key, label in entries:
            words = {t for t in content_tokens(label) if len(t) >= 2}
            if words:
                self.entries.append((key, words))
        df: Counter[str] = Counter(w for _, words in self.entries for w in words)
        n = len(self.entries)
        self.idf = {w: math.log((n + 1) / (c + 0.5)) + 0.1 for w, c in df.items()}
        self.vocab = sorted(self.idf)
        self.aliases = aliases
        self.common = common  # ordinary words ("presencial"): never read as a misspelt name

    def expand(self, question_tokens: list[str]) -> tuple[set[str], list[set[str]]]:
        """Label words the question names (exact or by a close spelling), and the acronyms' expansions."""
        found: set[str] = set()
        expansions: list[set[str]] = []
        for token in question_tokens:
            if token in STOPWORDS or token in CONTEXT_WORDS or token in SEAT_WORDS:
                continue
            office = _OFFICE_OF.get(token)
            if office in self.idf:
                found.add(office)  # "el secretario ejecutivo" heads the Secretaría Ejecutiva
            if token in self.idf:
                found.add(token)
            elif len(token) > 4 and token.endswith("s"):
                # A plural finds its singular ("universidades" → "universidad"), even for ordinary words.
                found.update(w for w in (token[:-1], token[:-2]) if w in self.idf)
            elif len(token) >= 4 and token not in self.common:
                # A shortened name finds the whole word ("ibero" → "iberoamericana").
                longer = starting_with(self.vocab, token)
                if 0 < len(longer) <= 2:
                    found.update(longer)
            alias = self.aliases.get(token)
            if alias:
                expansions.append(set(alias.split()))
            if token not in self.idf and token not in self.common and len(token) >= 5:
                for word, _score, _ in process.extract(token, self.vocab, scorer=fuzz.ratio, score_cutoff=84, limit=3):
                    if abs(len(word) - len(token)) <= 2 and word[0] == token[0]:
                        found.add(word)
        return found, expansions

    def match(self, question_tokens: list[str]) -> list[EntityMatch]:
        """Entries the question names, best first; the best ones are near-equal when ambiguous.

        An acronym counts only when everything it stands for is in the label ("UACM" does not
        match the UNAM). Thresholds are relative to the most distinctive word an index can have,
        so that small indexes (nine convenios) and large ones behave alike.
        """
        words, expansions = self.expand(question_tokens)
        if not words and not expansions:
            return []
        distinct = math.log((len(self.entries) + 1) / 1.5) + 0.1
        scored: list[EntityMatch] = []
        for key, label_words in self.entries:
            hit = label_words & words
            for expansion in expansions:
                if expansion <= label_words:
                    hit |= expansion
            if not hit:
                continue
            score = sum(self.idf[w] for w in hit)
            if score < 0.6 * distinct or max(self.idf[w] for w in hit) < 0.5 * distinct:
                continue
            coverage = score / sum(self.idf[w] for w in label_words)
            scored.append(EntityMatch(key, score, coverage))
        scored.sort(key=lambda m: (m.score, m.coverage), reverse=True)
        return scored

    @staticmethod
    def best(matches: list[EntityMatch], *, tolerance: float = 0.25) -> list[EntityMatch]:
        """The matches within ``tolerance`` of the best score (one unless ambiguous)."""
        if not matches:
            return []
        top = matches[0]
        tied = [m for m in matches if m.score >= top.score - tolerance]
        if len(tied) > 1:
            full = [m for m in tied if m.coverage >= top.coverage - 0.05 and m.coverage > 0.6]
            if len(full) == 1:
                return full
        return tied


class SearchIndex:
    """BM25 over stemmed folded tokens, for topics ("observadores", "Sor Juana") in texts."""

    def __init__(self, docs: Iterable[tuple[Hashable, str]], aliases: dict[str, str] | None = None) -> None:
        self.keys: list[Hashable] = []
        self.aliases = aliases or {}
        raw: list[list[str]] = []
        for key, text in docs:
            self.keys.append(key)
            raw.append(content_tokens(text))
        compounds = split_compounds({t for doc in raw for t in doc})
        self.doc_terms: list[Counter[str]] = []
        # Words as written (plural aside): "observadores" is closer to "observadores" than to "observaciones".
        self.doc_words: list[frozenset[str]] = [frozenset(light(t) for t in doc) for doc in raw]
        for doc in raw:
            expanded = list(doc)
            for word in doc:
                expanded.extend(compounds.get(word, ()))
                alias = self.aliases.get(word)
                if alias and len(word) >= 3:
                    # A document that writes the acronym answers for its name too ("IRI", "EE.UU.").
                    expanded.extend(alias.split())
            self.doc_terms.append(Counter(stem(t) for t in expanded))
        df: Counter[str] = Counter(t for terms in self.doc_terms for t in terms)
        n = max(1, len(self.keys))
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.lengths = [sum(t.values()) for t in self.doc_terms]
        self.avg_len = sum(self.lengths) / n if self.doc_terms else 1.0
        self.postings: dict[str, list[int]] = defaultdict(list)
        parts: dict[str, list[float]] = defaultdict(list)
        k1, b = 1.4, 0.6
        for i, terms in enumerate(self.doc_terms):
            norm = k1 * (1 - b + b * self.lengths[i] / self.avg_len)
            for term, tf in terms.items():
                self.postings[term].append(i)
                parts[term].append(self.idf[term] * tf * (k1 + 1) / (tf + norm))
        # Each posting's BM25 part, computed once, as arrays: a question only adds them up, whatever the number of
        # quarters loaded (thousands of rows share "Red de Observación").
        self.arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {
            term: (np.fromiter(docs, dtype=np.int32, count=len(docs)), np.array(parts[term], dtype=np.float64))
            for term, docs in self.postings.items()
        }
        # Documents by each word as written (plural aside), to tell a word found as written from one found by stem.
        with_word: dict[str, list[int]] = defaultdict(list)
        for i, written in enumerate(self.doc_words):
            for word in written:
                with_word[word].append(i)
        self.with_word = {word: np.array(docs, dtype=np.int32) for word, docs in with_word.items()}
        self.index_of: dict[Hashable, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            self.index_of[key].append(i)
        numbered = all(isinstance(key, int) for key in self.keys)
        self.numbers = np.array(self.keys, dtype=np.int64) if numbered and self.keys else None
        self.vocab = sorted(self.idf)
        self._terms: dict[str, list[str]] = {}

    def query_terms(self, words: list[str]) -> list[str]:
        """Stemmed query terms, acronyms expanded and misspellings mapped to known terms."""
        terms: list[str] = []
        for word in words:
            if word in STOPWORDS:
                continue
            cached = self._terms.get(word)
            if cached is None:
                cached = self._terms[word] = self._word_terms(word)
            terms.extend(cached)
        return list(dict.fromkeys(terms))

    def _word_terms(self, word: str) -> list[str]:
        """The terms one word of a question stands for (kept: questions repeat their words)."""
        expansion = self.aliases.get(word)
        terms = [stem(w) for w in expansion.split()] if expansion else []
        term = stem(word)
        if term not in self.idf and word in SYNONYMS:
            return [stem(w) for w in SYNONYMS[word].split()]
        if term not in self.idf and len(word) >= 4:
            # A shortened word finds the whole one ("ibero" → "iberoamericana").
            longer = starting_with(self.vocab, term)
            if 0 < len(longer) <= 2:
                return terms + longer
        if term not in self.idf and len(word) >= 5:
            # Typos seldom change the first letter: "mision" must not become "comision".
            close = process.extractOne(term, self.vocab, scorer=fuzz.ratio, score_cutoff=85)
            if close and close[0][0] == term[0] and abs(len(close[0]) - len(term)) <= 1:
                term = close[0]
        return [*terms, term]

    def search(
        self,
        words: list[str],
        *,
        restrict: AbstractSet[Hashable] | None = None,
        limit: int = 10,
        ignore_unknown: bool = False,
    ) -> list[tuple[Hashable, float, float]]:
        """(key, bm25 score, share of the query's weight found) for the best documents."""
        all_terms = self.query_terms(words)
        terms = [t for t in all_terms if t in self.idf]
        if not terms:
            return []
        # A word no document has weighs as much as the rarest word, so it lowers every share.
        unseen_weight = math.log(1 + (len(self.keys) + 0.5) / 1.5)
        total_weight = sum(self.idf.get(t, 0.0 if ignore_unknown else unseen_weight) for t in all_terms)
        size = len(self.keys)
        scores = np.zeros(size)
        found = np.zeros(size)
        # A word matched only through its stem ("observadores" ~ "observaciones") counts less than as written.
        written: dict[str, set[str]] = defaultdict(set)
        for word in words:
            written[stem(word)].add(light(word))
        for term in terms:
            docs, parts = self.arrays[term]
            forms = written.get(term)
            if forms:
                exact = np.zeros(size, dtype=bool)
                for form in forms:
                    exact[self.with_word.get(form, _NONE)] = True
                parts = np.where(exact[docs], parts, 0.6 * parts)
            scores[docs] += parts
            found[docs] += self.idf[term]
        if restrict is not None:
            if self.numbers is not None:  # numbered documents (activities): the keys allowed, as an array
                wanted = np.fromiter((key for key in restrict if isinstance(key, int)), dtype=np.int64)
                allowed = np.isin(self.numbers, wanted)
            else:
                allowed = np.zeros(size, dtype=bool)
                allowed[[i for key in restrict for i in self.index_of.get(key, ())]] = True
            scores[~allowed] = 0.0
        hit = np.flatnonzero(scores)
        if len(hit) > limit:
            hit = hit[np.argpartition(-scores[hit], limit - 1)[:limit]]
        ranked = hit[np.lexsort((hit, -scores[hit]))]
        return [(self.keys[i], float(scores[i]), float(found[i]) / total_weight) for i in ranked]
