"""Turn a Spanish question into folded words and entities, by general rules.

Entities: months and dates ("dic", "diciembr", "el 22 de diciembre", "26/10/2020"), years, quarters
("cuarto trimestre", "2020T4"), session references ("décima segunda", "10a", "doceava", "sesión 12",
"la última", "la próxima"), acuerdo codes ("CVOE/045/20", "acuerdo 46", "cvoe 52") and the kind of
question (counting, yes/no, when, who). Names of people and institutions are matched later, against
the store (see :mod:`bot.engine.matching`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from lang.spanish import (
    MONTH_ALIASES,
    MONTHS,
    ORDINAL_WORDS,
    QUARTER_WORDS,
    WEEKDAYS_FOLDED,
    find_dates,
    find_session_refs,
    fold,
    parse_ordinal_at,
    tokens,
)

# Words the engine understands, for typo correction ("acuerods", "diciembr", "sesoin").
LEXICON = sorted(
    set(
        [
            "acuerdo",
            "acuerdos",
            "sesion",
            "sesiones",
            "asistencia",
            "asistio",
            "asistieron",
            "asistir",
            "falto",
            "faltaron",
            "faltaste",
            "ausente",
            "ausentes",
            "ausencia",
            "ausencias",
            "inasistencia",
            "convenio",
            "convenios",
            "firmado",
            "firmados",
            "firmaron",
            "firmo",
            "suscrito",
            "suscritos",
            "suscribieron",
            "vigente",
            "vigentes",
            "instrumentos",
            "integrantes",
            "integracion",
            "integra",
            "conforman",
            "consejero",
            "consejeros",
            "consejera",
            "consejeras",
            "presidenta",
            "presidente",
            "presidencia",
            "secretaria",
            "tecnica",
            "platica",
            "platicas",
            "charla",
            "charlas",
            "curso",
            "cursos",
            "taller",
            "talleres",
            "reunion",
            "reuniones",
            "correo",
            "correos",
            "nota",
            "notas",
            "ejecutiva",
            "ejecutivas",
            "reporte",
            "reportes",
            "universidad",
            "universidades",
            "resumen",
            "resumenes",
            "trimestre",
            "trimestral",
            "informe",
            "informes",
            "ordinaria",
            "ordinarias",
            "extraordinaria",
            "extraordinarias",
            "urgente",
            "urgentes",
            "ultima",
            "ultimo",
            "proxima",
            "proximo",
            "siguiente",
            "anterior",
            "aprobaron",
            "aprobo",
            "aprobado",
            "aprobados",
            "aprobadas",
            "cuantos",
            "cuantas",
            "cuando",
            "quienes",
            "quien",
            "partido",
            "partidos",
            "observadores",
            "observacion",
            "participaron",
            "participantes",
            "personas",
            "actividades",
            "actividad",
            "seminario",
            "conferencia",
            "presentacion",
            "noticias",
            "difusion",
            "seguimiento",
            "avances",
            "reportaron",
            "calendario",
            "fecha",
            "fechas",
            "semana",
            "celebrada",
            "celebro",
            "modalidad",
            "virtual",
            "presencial",
            "ayuda",
            "preguntar",
            "pregunta",
            "preguntas",
            "hola",
            "gracias",
            "buenos",
            "buenas",
            "dias",
            "tardes",
            "noches",
            "sintesis",
            "panorama",
            "direcciones",
            "unidades",
            "representantes",
            "tomaron",
            "adoptaron",
            "acordaron",
            "mencionado",
            "menciona",
            "dice",
            "objeto",
            "contraparte",
            "tipo",
            "especifico",
            "colaboracion",
            "general",
            "anexo",
        ]
    )
    | set(MONTHS)
    | set(ORDINAL_WORDS)
    | set(WEEKDAYS_FOLDED)
)

WH_WORDS = frozenset(
    [
        "que",
        "quien",
        "quienes",
        "cuando",
        "cual",
        "cuales",
        "cuanto",
        "cuanta",
        "cuantos",
        "cuantas",
        "donde",
        "como",
        "cuantas",
    ]
)
_RELATIVE_LAST = frozenset(["ultima", "ultimo", "ultimas", "reciente", "pasada", "anterior"])
_RELATIVE_NEXT = frozenset(["proxima", "proximo", "siguiente", "venidera"])
_KIND_WORDS = {
    "ordinaria": "ordinaria",
    "ordinarias": "ordinaria",
    "extraordinaria": "extraordinaria",
    "extraordinarias": "extraordinaria",
    "urgente": "urgente",
    "urgentes": "urgente",
}
_NOT_SESSION_NOUNS = frozenset(
    [
        "reunion",
        "reuniones",
        "parte",
        "partes",
        "trimestre",
        "informe",
        "informes",
        "nota",
        "notas",
        "vez",
        "curso",
        "taller",
        "platica",
        "etapa",
        "fase",
        "semana",
        "mitad",
        "entrega",
        "edicion",
        "ronda",
        "jornada",
    ]
)


PREVIOUS_QUARTER = -1
"""Quarter number standing for "el trimestre anterior": the one before the latest informe's."""


@dataclass(frozen=True)
class SessionMention:
    """A session named in a question: a number (with kind and year when said) or a relative word."""

    number: int | None = None
    kind: str | None = None
    year: int | None = None
    relative: str | None = None  # last | next | penultimate


@dataclass(frozen=True)
class CodeMention:
    """An acuerdo named by code or number."""

    prefix: str | None
    number: int
    year: int | None


@dataclass(frozen=True)
class DateMention:
    day: int
    month: int
    year: int | None


@dataclass
class Understanding:
    """What a question says, before looking anything up."""

    raw: str
    words: list[str]
    months: list[tuple[int, int | None]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    quarter: tuple[int | None, int | None] | None = None  # (quarter, year); (None, None) = "el trimestre"
    sessions: list[SessionMention] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    codes: list[CodeMention] = field(default_factory=list)
    entity_words: set[str] = field(default_factory=set)
    count: bool = False
    yesno: bool = False
    when: bool = False
    who: bool = False
    negated: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def has(self, *prefixes: str) -> bool:
        """Whether any word starts with one of ``prefixes``."""
        return any(w.startswith(prefixes) for w in self.words)

    def content_words(self, ignore: frozenset[str] = frozenset()) -> list[str]:
        """Words that are not entities, question words or ``ignore``d cue words: the topic."""
        return [w for w in self.words if w not in self.entity_words and w not in WH_WORDS and w not in ignore]


@lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """Map a misspelt word to the lexicon ("diciembr" → "diciembre"); other words stay."""
    if len(word) < 5 or word.isdigit() or word in _LEXICON_SET:
        return word
    match = process.extractOne(word, LEXICON, scorer=fuzz.ratio, score_cutoff=82)
    if match and abs(len(match[0]) - len(word)) <= 2 and match[0][0] == word[0]:
        return str(match[0])
    return word


LEXICON_WORDS = frozenset(LEXICON)
_LEXICON_SET = LEXICON_WORDS
_CODE_RE = re.compile(r"\b(cvoe|iecm[- /]?acu[- /]?cg)\s*[-/ ]?\s*(\d{1,3})(?:\s*[-/]\s*(\d{4}|\d{2}))?\b")
# "acuerdo 46", "acuerdos 46 y 47", "acuerdos de 46"; never a year, "26 de octubre" or "26/10/2020".
_NUMBER = r"\d{1,3}(?!\d)(?!\s*de\s+[a-z])(?!\s*/\s*\d{1,2}\s*/)"
_ACUERDO_NUMBER_RE = re.compile(
    rf"\bacuerdos?\s+(?:(?:de|del)\s+)?(?:(?:numero|num|no)\s+)?((?:{_NUMBER}(?:\s*/\s*(?:\d{{4}}|\d{{2}}))?"
    rf"(?:\s*(?:,|y|e)\s*)?)+)"
)


def understand(question: str, *, known_words: frozenset[str] = frozenset()) -> Understanding:
    """Extract entities and the kind of question from ``question``."""
    raw = question
    folded = fold(question)
    words = [w if w in known_words else correct(w) for w in tokens(question)]
    u = Understanding(raw=raw, words=words)
    text = " ".join(words)
    entity_words = u.entity_words

    # Acuerdo codes: "CVOE/045/20", "cvoe 52", "acuerdo 46", "acuerdos 46 y 47".
    for m in _CODE_RE.finditer(folded):
        prefix = "IECM" if m.group(1).startswith("iecm") else "CVOE"
        year = int(m.group(3)) if m.group(3) else None
        u.codes.append(CodeMention(prefix, int(m.group(2)), year))
        entity_words.update(tokens(m.group(0)))
    if not u.codes:
        for m in _ACUERDO_NUMBER_RE.finditer(folded):  # with its slashes: "26/10/2020" is a date
            for number, year in re.findall(rf"({_NUMBER})(?:\s*/\s*(\d{{4}}|\d{{2}}))?", m.group(1)):
                u.codes.append(CodeMention(None, int(number), int(year) if year else None))
                entity_words.update([number, year] if year else [number])

    # Dates and months.
    for found in find_dates(folded):
        u.dates.append(DateMention(found.day, found.month, found.year))
        entity_words.update(tokens(folded[found.start_index : found.end_index]))
    date_months = {d.month for d in u.dates}
    for i, w in enumerate(words):
        month = MONTH_ALIASES.get(w)
        if month is None or (len(w) == 3 and w in ("mar", "set", "sep") and not _year_after(words, i)):
            continue
        if month in date_months:
            continue
        year = _year_after(words, i)
        u.months.append((month, year))
        entity_words.add(w)
        if year:
            entity_words.add(str(year))
    for w in words:
        if re.fullmatch(r"20\d\d", w):
            u.years.append(int(w))
            entity_words.add(w)
    if re.search(r"\beste ano\b|\ben curso\b", text):
        u.years.append(-1)  # resolved against today
    if re.search(r"\b(?:el )?ano pasado\b", text):
        u.years.append(-2)

    # Quarters: "cuarto trimestre de 2020", "trimestre 4", "4T", "2020-T4", "el trimestre".
    quarter_match = re.search(
        r"\b(20\d\d)\s*t([1-4])\b|\bt([1-4])\s*(?:de\s+|del\s+)?(20\d\d)?\b|\b([1-4])\s*t\b", text
    )
    if quarter_match:
        quarter = int(quarter_match.group(2) or quarter_match.group(3) or quarter_match.group(5))
        stated = quarter_match.group(1) or quarter_match.group(4)
        u.quarter = (quarter, int(stated) if stated else None)
    if "trimestre" in words or "trimestres" in words:
        # "trimestre" names a period; "(informe) trimestral" is only an adjective.
        i = words.index(next(w for w in words if w.startswith("trimestre")))
        quarter_n: int | None = None
        if i > 0 and words[i - 1] in QUARTER_WORDS:
            quarter_n = QUARTER_WORDS[words[i - 1]]
        elif i > 0 and re.fullmatch(r"([1-4])(?:o|er|ro|to)?", words[i - 1]):
            quarter_n = int(words[i - 1][0])
        elif i + 1 < len(words) and re.fullmatch(r"[1-4]", words[i + 1]):
            quarter_n = int(words[i + 1])
        elif i + 1 < len(words) and words[i + 1] in ("anterior", "pasado"):
            quarter_n = PREVIOUS_QUARTER  # resolved against the latest informe
            entity_words.add(words[i + 1])
        if u.quarter is None:
            u.quarter = (quarter_n, _year_after(words, i))
        entity_words.update({"trimestre", "trimestral"})

    # Session references.
    for ref in find_session_refs(question):
        u.sessions.append(SessionMention(ref.number, ref.kind, ref.year))
    for i, w in enumerate(words):
        if w in _KIND_WORDS:
            u.kinds.add(_KIND_WORDS[w])
        parsed = parse_ordinal_at(words, i) if (w in ORDINAL_WORDS or re.fullmatch(r"\d{1,2}[a-z]{1,2}", w)) else None
        if parsed:
            nxt = words[i + parsed[1]] if i + parsed[1] < len(words) else ""
            if nxt in ("trimestre", "trimestral", "informe"):
                continue
            if nxt == "sesion" or nxt == "sesiones":
                entity_words.update(words[i : i + parsed[1]])
                continue  # found above
            if i > 0 and _second_ordinal_word(words, i):
                continue  # "primera" of "decima primera", read with its first word
            # A bare ordinal names a session unless a noun follows ("la primera reunión").
            if nxt and nxt not in _KIND_WORDS and nxt not in ("de", "del", "y", "o", "e") and nxt not in WH_WORDS:
                continue
            kind = _KIND_WORDS.get(nxt)
            mention = SessionMention(parsed[0], kind, None)
            if mention not in u.sessions:
                u.sessions.append(mention)
            entity_words.update(words[i : i + parsed[1]])
    numbered = re.search(r"\bsesion(?:es)?\s+(?:numero\s+|no\s+)?(\d{1,2})\b(?!\s*de\s+\w+\s+de)", text)
    if numbered and not any(s.number == int(numbered.group(1)) for s in u.sessions):
        u.sessions.append(SessionMention(int(numbered.group(1)), None, None))
        entity_words.add(numbered.group(1))
    for i, w in enumerate(words):
        near = words[max(0, i - 2) : i + 3]
        session_near = any(x.startswith("sesion") for x in near)
        at_end = i == len(words) - 1 or words[i + 1] in WH_WORDS
        if w == "penultima" and (session_near or at_end):
            u.sessions.append(SessionMention(relative="penultimate"))
        elif w in _RELATIVE_LAST and (session_near or at_end) and not _noun_near(words, i):
            u.sessions.append(SessionMention(relative="last"))
        elif w in _RELATIVE_NEXT and (session_near or at_end) and not _noun_near(words, i):
            u.sessions.append(SessionMention(relative="next"))
        elif w in ("proximas", "proximos", "siguientes") and session_near:
            u.sessions.append(SessionMention(relative="upcoming"))
    if u.kinds:
        u.sessions = [
            SessionMention(s.number, s.kind or (next(iter(u.kinds)) if len(u.kinds) == 1 else None), s.year, s.relative)
            for s in u.sessions
        ]

    # Kind of question.
    u.count = bool(re.search(r"\bcuant[oa]s?\b|\bnumero de\b|\bcantidad de\b|\btotal de\b", text))
    u.when = bool(re.search(r"\bcuando\b|\bfecha\b|\bque dia\b|\ben que dia\b", text))
    u.who = bool(re.search(r"\bquien(?:es)?\b", text))
    u.negated = bool(re.search(r"\bno\s+(?:asisti|vin|estuv|acudi|fue|se present|particip)", text))
    has_wh = any(w in WH_WORDS for w in words)
    first = words[0] if words else ""
    u.yesno = (
        not has_wh
        and bool(words)
        and (
            "?" in question
            or first
            in (
                "hubo",
                "hay",
                "existe",
                "existen",
                "tenemos",
                "tiene",
                "asistio",
                "falto",
                "estuvo",
                "vino",
                "participo",
                "acudio",
                "se",
                "fue",
            )
        )
    )
    return u


def _year_after(words: list[str], i: int) -> int | None:
    for j in range(i + 1, min(len(words), i + 4)):
        if re.fullmatch(r"20\d\d", words[j]):
            return int(words[j])
        if words[j] not in ("de", "del"):
            break
    return None


def _second_ordinal_word(words: list[str], i: int) -> bool:
    parsed = parse_ordinal_at(words, i - 1)
    return parsed is not None and parsed[1] == 2


def _noun_near(words: list[str], i: int) -> bool:
    """Whether a non-session noun follows a relative word ("la última reunión")."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    return nxt in _NOT_SESSION_NOUNS or nxt in ("acuerdo", "convenio", "correo", "platica", "nota")
