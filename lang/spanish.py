"""Spanish language helpers shared by the importer and the answer engine.

Everything here works on *folded* text (lower case, accents removed) unless a name says otherwise,
so that "Décima", "decima" and "DÉCIMA" are one word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import snowballstemmer

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
MONTH_ALIASES: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTHS)}
MONTH_ALIASES.update(
    {
        "ene": 1,
        "feb": 2,
        "mar": 3,
        "abr": 4,
        "jun": 6,
        "jul": 7,
        "ago": 8,
        "sep": 9,
        "sept": 9,
        "set": 9,
        "setiembre": 9,
        "oct": 10,
        "nov": 11,
        "dic": 12,
    }
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
WEEKDAYS_FOLDED = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")

# Feminine ordinal words as written in session names; masculine and apocopated forms fold to them.
_UNIT_ORDINALS = {
    "primer": 1,
    "primero": 1,
    "primera": 1,
    "segundo": 2,
    "segunda": 2,
    "tercer": 3,
    "tercero": 3,
    "tercera": 3,
    "cuarto": 4,
    "cuarta": 4,
    "quinto": 5,
    "quinta": 5,
    "sexto": 6,
    "sexta": 6,
    "septimo": 7,
    "septima": 7,
    "setimo": 7,
    "setima": 7,
    "octavo": 8,
    "octava": 8,
    "noveno": 9,
    "novena": 9,
}
_TEN_ORDINALS = {
    "decimo": 10,
    "decima": 10,
    "vigesimo": 20,
    "vigesima": 20,
    "trigesimo": 30,
    "trigesima": 30,
    "cuadragesimo": 40,
    "cuadragesima": 40,
}
_SINGLE_ORDINALS = {
    "undecimo": 11,
    "undecima": 11,
    "duodecimo": 12,
    "duodecima": 12,
    # Partitive numerals that people use as ordinals ("la doceava sesión").
    "onceavo": 11,
    "onceava": 11,
    "doceavo": 12,
    "doceava": 12,
    "treceavo": 13,
    "treceava": 13,
    "catorceavo": 14,
    "catorceava": 14,
    "quinceavo": 15,
    "quinceava": 15,
    "dieciseisavo": 16,
    "dieciseisava": 16,
    "diecisieteavo": 17,
    "diecisieteava": 17,
    "dieciochoavo": 18,
    "dieciochoava": 18,
    "diecinueveavo": 19,
    "diecinueveava": 19,
    "veinteavo": 20,
    "veinteava": 20,
}
ORDINAL_WORDS = set(_UNIT_ORDINALS) | set(_TEN_ORDINALS) | set(_SINGLE_ORDINALS)

_CARDINALS = {
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiuno": 21,
    "veintiun": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
}

CARDINAL_WORDS = frozenset(_CARDINALS)
"""Cardinal numbers in words ("doce", "cuarenta"): never misspellings of anything."""

_FEMININE_UNITS = (
    "",
    "primera",
    "segunda",
    "tercera",
    "cuarta",
    "quinta",
    "sexta",
    "séptima",
    "octava",
    "novena",
)
_FEMININE_TENS = ("", "décima", "vigésima", "trigésima", "cuadragésima")

QUARTER_WORDS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4}


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (ñ becomes n), keeping everything else."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_TOKEN_RE = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Folded alphanumeric tokens of ``text``."""
    return _TOKEN_RE.findall(fold(text))


_STEMMER = snowballstemmer.stemmer("spanish")


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Snowball stem of a folded token."""
    return str(_STEMMER.stemWord(token))


def ordinal_feminine(number: int) -> str:
    """Spanish feminine ordinal words for a session number: 12 → "décima segunda"."""
    if number <= 0 or number >= 50:
        return f"{number}.ª"
    tens, units = divmod(number, 10)
    words = [w for w in (_FEMININE_TENS[tens], _FEMININE_UNITS[units]) if w]
    return " ".join(words)


def parse_ordinal_at(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse an ordinal starting at ``words[i]``; return (value, words consumed) or None.

    Understands "decima segunda", "decimosegunda", "vigesima", "undecima", "doceava",
    "12a", "12ª" (folded to "12a"), "10o", "1ra", "2da", "3ra", "4ta", "7ma", "11va".
    """
    word = words[i]
    if word in _SINGLE_ORDINALS:
        return _SINGLE_ORDINALS[word], 1
    if word in _UNIT_ORDINALS:
        return _UNIT_ORDINALS[word], 1
    if word in _TEN_ORDINALS:
        value = _TEN_ORDINALS[word]
        if i + 1 < len(words) and words[i + 1] in _UNIT_ORDINALS:
            return value + _UNIT_ORDINALS[words[i + 1]], 2
        return value, 1
    for ten_word, ten in _TEN_ORDINALS.items():
        stem = ten_word[:-1]  # "decim"
        if word.startswith(stem) and len(word) > len(ten_word):
            rest = word[len(stem) + 1 :]
            if rest in _UNIT_ORDINALS:
                return ten + _UNIT_ORDINALS[rest], 1
    match = re.fullmatch(r"(\d{1,2})(?:a|o|ra|da|ta|va|ma|na|er|ro|do|to|vo|mo|no)", word)
    if match:
        return int(match.group(1)), 1
    return None


def parse_cardinal_at(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse a cardinal number written in digits or words ("veinte y dos" too) at ``words[i]``."""
    word = words[i]
    if word.isdigit():
        return int(word), 1
    if word not in _CARDINALS:
        return None
    value = _CARDINALS[word]
    if value in (30, 40, 50, 60, 70, 80, 90) and i + 2 < len(words) and words[i + 1] == "y":
        unit = _CARDINALS.get(words[i + 2])
        if unit is not None and unit < 10:
            return value + unit, 3
    return value, 1


def number_from_word(word: str) -> int | None:
    """``"49"`` → 49, ``"ocho"`` → 8, anything else → None."""
    if word.isdigit():
        return int(word)
    return _CARDINALS.get(fold(word))


# --- dates -------------------------------------------------------------------------------------

_MONTH_NAMES_RE = "|".join(sorted((m for m in MONTH_ALIASES if len(m) > 3), key=len, reverse=True))
_DAY = r"(\d{1,2})\s*(?:°|º|o\b|ro\b)?"
_LONG_DATE_RE = re.compile(
    rf"\b{_DAY}\s*(?:(?:y|al|a)\s+(?:(?:{'|'.join(WEEKDAYS_FOLDED)})\s+)?(\d{{1,2}})\s+)?de\s+"
    rf"({_MONTH_NAMES_RE})\b(?:\s*(?:de|del)?\s*(\d{{4}}))?"
)
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text, with an optional second day ("7 y 9 de diciembre")."""

    value: date | None  # None when the year is unknown
    day: int
    month: int
    year: int | None
    end: date | None
    start_index: int
    end_index: int
    end_day: int | None = None  # the second day as written, even when the year is unknown


def find_dates(text: str, *, default_year: int | None = None) -> list[FoundDate]:
    """All Spanish dates in ``text`` in order of appearance.

    A date written without a year takes the year of the next date in the text that has one
    ("del 19 de octubre al 22 de noviembre de 2020"), or ``default_year``.
    """
    folded = fold(text)
    raw: list[tuple[int, int, int, int, int | None]] = []  # start, end, day, month, year
    seconds: dict[int, int] = {}
    for m in _LONG_DATE_RE.finditer(folded):
        day = int(m.group(1))
        month = MONTH_ALIASES[m.group(3)]
        stated_year = int(m.group(4)) if m.group(4) else None
        raw.append((m.start(), m.end(), day, month, stated_year))
        if m.group(2):
            seconds[len(raw) - 1] = int(m.group(2))
    for m in _ISO_DATE_RE.finditer(folded):
        raw.append((m.start(), m.end(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _NUMERIC_DATE_RE.finditer(folded):
        if any(s <= m.start() < e for s, e, *_ in raw):
            continue
        short_year = int(m.group(3))
        raw.append(
            (
                m.start(),
                m.end(),
                int(m.group(1)),
                int(m.group(2)),
                short_year + 2000 if short_year < 100 else short_year,
            )
        )
    order = sorted(range(len(raw)), key=lambda k: raw[k][0])
    # The year of the next date that states one, for each position: one pass from the end (linear time).
    next_year: list[int | None] = [None] * (len(order) + 1)
    for pos in range(len(order) - 1, -1, -1):
        stated = raw[order[pos]][4]
        next_year[pos] = stated if stated is not None else next_year[pos + 1]
    found: list[FoundDate] = []
    for pos, k in enumerate(order):
        start, end, day, month, maybe_year = raw[k]
        year: int | None = maybe_year
        if year is None:
            later = next_year[pos + 1]
            year = later if later is not None else default_year
        value = _safe_date(year, month, day)
        end_value = _safe_date(year, month, seconds[k]) if k in seconds else None
        if value is None and year is not None:
            continue  # 31 de febrero and the like
        found.append(FoundDate(value, day, month, year, end_value, start, end, seconds.get(k)))
    return found


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None or not 1 <= month <= 12:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def first_date(text: str, *, default_year: int | None = None) -> date | None:
    """The first full date in ``text``, if any."""
    for found in find_dates(text, default_year=default_year):
        if found.value:
            return found.value
    return None


def long_date(value: date) -> str:
    """``date(2020, 11, 26)`` → "jueves 26 de noviembre de 2020"."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} de {MONTHS[value.month - 1]} de {value.year}"


def short_date(value: date) -> str:
    """``date(2020, 11, 26)`` → "26 de noviembre de 2020"."""
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"


def plural_word(singular: str) -> str:
    """The regular Spanish plural: "sesión" → "sesiones", "acuerdo" → "acuerdos", "actividad" → "actividades".

    Multi-word phrases put their first word in plural ("convenio suscrito" is not handled: pass both forms
    to :func:`plural`).
    """
    if not singular:
        return singular
    folded_last = fold(singular[-1])
    if singular.endswith(("ión", "ion")):
        return singular[:-3] + "iones"
    if singular.endswith("z"):
        return singular[:-1] + "ces"
    if folded_last in "aeiou":
        return singular + "s"
    return singular + "es"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "sesión")`` → "1 sesión"; ``plural(3, "sesión")`` → "3 sesiones": the count with its noun."""
    return f"{count} {singular if count == 1 else (plural_form or plural_word(singular))}"


def month_name(month: int) -> str:
    """1 → "enero"."""
    return MONTHS[month - 1]


# --- acuerdo codes -----------------------------------------------------------------------------

ACUERDO_CODE_RE = re.compile(
    r"\b(?P<prefix>IECM[/-]ACU[/-]CG|CVOE|[A-Z]{3,6})\s*[/-]\s*(?P<number>\d{1,3})\s*[/-]\s*(?P<year>\d{4}|\d{2})\b"
)
"""Codes as written in informes: CVOE/050/20, CVOE/50/20, CVOE/028/2019, IECM-ACU-CG-075-2020."""


def normalise_acuerdo_code(prefix: str, number: int, year: int) -> str:
    """Canonical spelling: CVOE/050/20; the Consejo General's keep their own form, IECM-ACU-CG-075-2020."""
    prefix = prefix.upper().replace("/", "-")
    if prefix.startswith("IECM"):
        return f"IECM-ACU-CG-{number:03d}-{year % 100 + 2000 if year < 100 else year}"
    return f"{prefix}/{number:03d}/{year % 100:02d}"


def full_year(year: int) -> int:
    """20 → 2020, 2019 → 2019."""
    return year + 2000 if year < 100 else year
