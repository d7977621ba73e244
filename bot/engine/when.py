"""Time in a question, by general rules: days ("el 22 de diciembre", "26/11", "22/12/2020"), months ("dic",
"octubre y noviembre"), ranges ("de septiembre de 2020 a febrero de 2021", "del 1 al 15 de noviembre",
"entre octubre y diciembre", "desde noviembre"), years ("en 2021", "el año pasado"), quarters ("el tercer
trimestre frente al cuarto", "2020T4", "el trimestre anterior") and weekdays.

Works on the normalised question (folded, typos corrected, punctuation kept); returns mentions that are
not yet dates: a month without a year is resolved later against the store and today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lang.spanish import MONTH_ALIASES, QUARTER_WORDS, WEEKDAYS_FOLDED, find_dates, number_from_word, tokens

PREVIOUS_QUARTER = -1
"""Quarter number standing for "el trimestre pasado" / "anterior": the one before today's (in a follow-up, the
one before the quarter just discussed)."""
NEXT_QUARTER = -2
"""Quarter number standing for "el próximo trimestre": the one after today's (or after the one discussed)."""
TWO_QUARTERS_AGO = -3
"""Quarter number standing for "el trimestre antepasado": two before today's (or before the one discussed)."""
CURRENT_QUARTER = 0
"""Quarter number standing for "este trimestre" / "el trimestre": the latest informe's."""
THIS_YEAR, LAST_YEAR = -1, -2


@dataclass(frozen=True)
class DayMention:
    """A day (or a few days: "7 y 9 de diciembre") without its year resolved."""

    day: int
    month: int
    year: int | None
    end_day: int | None = None


@dataclass(frozen=True)
class MonthMention:
    month: int
    year: int | None


@dataclass(frozen=True)
class QuarterMention:
    quarter: int  # 1-4, PREVIOUS_QUARTER, NEXT_QUARTER or CURRENT_QUARTER
    year: int | None


Point = DayMention | MonthMention | int  # an int is a year


@dataclass(frozen=True)
class RangeMention:
    """From ``start`` to ``end``; None is an open end ("desde noviembre", "hasta diciembre")."""

    start: Point | None
    end: Point | None


@dataclass(frozen=True)
class RelativeMention:
    """A period named by its distance from today: "el mes pasado" (month, -1), "esta semana" (week, 0), "ayer"."""

    unit: str  # "day", "week" or "month"
    offset: int


@dataclass
class TimeFound:
    days: list[DayMention] = field(default_factory=list)
    months: list[MonthMention] = field(default_factory=list)
    ranges: list[RangeMention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    quarters: list[QuarterMention] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    relative: list[RelativeMention] = field(default_factory=list)
    weeks: list[DayMention] = field(default_factory=list)  # "la semana del 23 de noviembre": the week of a day
    month_days: list[int] = field(default_factory=list)  # "la sesión del día 26": that day of any month
    all_time: bool = False  # "en total", "hasta ahora": every informe loaded
    loaded_quarters: bool = False  # "entre los dos trimestres": the periods of the informes loaded, to their end
    words: set[str] = field(default_factory=set)  # words that are part of a time expression


_MONTH = "|".join(sorted(MONTH_ALIASES, key=len, reverse=True))
_AMBIGUOUS_MONTHS = frozenset(["mar", "set", "sep", "ago"])  # "mar" is the sea, "set" a set, "ago" a verb
_YEAR = r"(?:de\s+|del\s+)?(20\d\d)"
# One end of a range: "septiembre de 2020", "1 de octubre", "15 de noviembre de 2020", "2021".
_POINT = rf"(?:(\d{{1,2}})\s+de\s+)?({_MONTH})\b(?:\s+{_YEAR})?|(20\d\d)"
_RANGE_RE = re.compile(
    rf"\b(?P<open>de|del|desde|entre)\s+(?:el\s+)?(?P<a>{_POINT})\s+(?P<join>a|al|hasta|y)\s+(?:el\s+)?(?P<b>{_POINT})"
)
_OPEN_RE = re.compile(
    r"\b(?P<how>desde|a partir|hasta|antes|despues|posterior(?:es)?|anterior(?:es)?|previos?|previas?)"
    rf"(?:\s+(?:de|del|a|al))?\s+(?:el\s+)?(?P<a>{_POINT})"
)
_AFTER = ("desde", "a partir", "despues", "posterior", "posteriores")
# "la semana del 23 de noviembre", "la primera semana de diciembre": a week named by a day or by its place.
_WEEK_OF_RE = re.compile(rf"\bsemana del (\d{{1,2}}) de ({_MONTH})\b(?:\s+{_YEAR})?")
_NTH_WEEK_RE = re.compile(rf"\b(primera|segunda|tercera|cuarta) semana de ({_MONTH})\b(?:\s+{_YEAR})?")
_SHORT_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
# Periods named by their distance from today; "mañana" after "la" or "de" is the morning, not tomorrow.
_RELATIVE_PERIODS: tuple[tuple[re.Pattern[str], str, int], ...] = tuple(
    (re.compile(pattern), unit, offset)
    for pattern, unit, offset in (
        (r"\b(?:el |del |en el )?mes (?:pasado|anterior)\b", "month", -1),
        (
            r"\b(?:este|del|en el) mes(?: actual| en curso)?\b(?! (?:pasado|anterior|que|proximo|siguiente|de)\b)",
            "month",
            0,
        ),
        (r"\b(?:el |del )?(?:proximo|siguiente) mes\b|\bmes (?:que viene|proximo|siguiente)\b", "month", 1),
        (r"\b(?:la )?semana (?:pasada|anterior)\b", "week", -1),
        (r"\besta semana\b", "week", 0),
        (r"\b(?:la )?(?:proxima|siguiente) semana\b|\bsemana (?:que viene|proxima|entrante)\b", "week", 1),
        (r"\b(?:antier|anteayer|antes de ayer)\b", "day", -2),
        (r"\bayer\b", "day", -1),
        (r"(?<!hasta )\bhoy\b", "day", 0),
        (r"(?<!la )(?<!de )(?<!por )\bmanana\b", "day", 1),
    )
)
_AGO_RE = re.compile(r"\bhace (un|una|[a-z]+|\d{1,2}) (mes|meses|semana|semanas|dia|dias)\b")
_AGO_UNITS = {"mes": "month", "meses": "month", "semana": "week", "semanas": "week", "dia": "day", "dias": "day"}
_QUARTER_CODE_RE = re.compile(
    r"\b(20\d\d)\s*-?\s*[tq]\s*([1-4])\b|\b[tq]([1-4])\s*(?:de\s+|del\s+)?(20\d\d)?\b"
    # "4T 2020", "el 2T de 2022", "del 1T": the number first, with a year or after an article
    r"|(?:\b(?:el|del|al|en)\s+)?\b([1-4])\s*[tq]\b(?:\s*(?:de\s+|del\s+)?(20\d\d)\b)?"
)
_END_OF_YEAR_RE = re.compile(
    r"\b(?:a|al|hacia|para)\s+(?:fines|finales|final|cierre)\s+(?:de|del)\s+(?:ano\s+)?(20\d\d)\b"
)
_MONTH_DAY_RE = re.compile(rf"\b(?:el|del|al|los|dia)\s+dias?\s+(\d{{1,2}})\b(?!\s*(?:de\s+(?:{_MONTH})\b|/))")
_SEMESTER_RE = re.compile(r"\b(primer|primero|1er|1ro|1o|segundo|2do|2o)\s+semestre\b(?:\s+" + _YEAR + ")?")
_QUARTER_ELLIPSIS_RE = re.compile(
    r"\b(?:frente\s+al?|contra\s+el|(?:vs\.?|versus)(?:\s+el)?|comparado\s+con\s+el|con\s+el|y\s+el|o\s+el|al|(?:o|y)\s+en\s+el|"
    r"(?:con|y|a|que)\s+(?:los|las)\s+del|"
    r"que\s+(?:en\s+)?el|a\s+el)\s+"
    r"(primer|primero|segundo|tercer|tercero|cuarto|[1-4](?:o|er|ro|do|to))\b(?!\s+(?:informe|sesion|trimestre))"
    r"(?:\s+" + _YEAR + ")?"
)


def find_time(norm: str, words: list[str]) -> TimeFound:
    """Every time expression of the normalised question ``norm`` (whose corrected words are ``words``)."""
    found = TimeFound()
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def take(start: int, end: int) -> None:
        taken.append((start, end))
        found.words.update(tokens(norm[start:end]))

    for m in _RANGE_RE.finditer(norm):
        if m.group("join") == "y" and m.group("open") != "entre":
            continue  # "de octubre y diciembre" are two months, not a range
        a, b = _point(m.group("a")), _point(m.group("b"))
        if a is None or b is None:
            continue
        if isinstance(a, DayMention) and isinstance(b, DayMention) and a.year is None:
            a = DayMention(a.day, a.month, b.year)
        if isinstance(a, MonthMention) and a.year is None and isinstance(b, MonthMention) and b.year:
            a = MonthMention(a.month, b.year - (1 if a.month > b.month else 0))
        found.ranges.append(RangeMention(a, b))
        take(m.start(), m.end())
    for m in _OPEN_RE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        point = _point(m.group("a"))
        if point is None:
            continue
        after = m.group("how") in _AFTER
        found.ranges.append(RangeMention(point, None) if after else RangeMention(None, point))
        take(m.start(), m.end())
    for m in _WEEK_OF_RE.finditer(norm):
        if free(m.start(), m.end()):
            year = int(m.group(3)) if m.group(3) else None
            found.weeks.append(DayMention(int(m.group(1)), MONTH_ALIASES[m.group(2)], year))
            take(m.start(), m.end())
    for m in _NTH_WEEK_RE.finditer(norm):
        if free(m.start(), m.end()):
            month, year = MONTH_ALIASES[m.group(2)], int(m.group(3)) if m.group(3) else None
            first = 1 + 7 * ("primera", "segunda", "tercera", "cuarta").index(m.group(1))
            found.ranges.append(RangeMention(DayMention(first, month, year), DayMention(first + 6, month, year)))
            take(m.start(), m.end())
    for m in _END_OF_YEAR_RE.finditer(norm):
        if free(m.start(), m.end()):  # "a fines de 2020": its last month
            found.months.append(MonthMention(12, int(m.group(1))))
            found.words.update(("fines", "finales", "final", "cierre"))
            take(m.start(), m.end())
    for m in _MONTH_DAY_RE.finditer(norm):
        if free(m.start(), m.end()) and 1 <= int(m.group(1)) <= 31:
            found.month_days.append(int(m.group(1)))
            found.words.update(("dia", m.group(1)))
            take(m.start(), m.end())
    for m in _SEMESTER_RE.finditer(norm):
        if free(m.start(), m.end()):  # "el primer semestre de 2021": January to June
            year = int(m.group(2)) if m.group(2) else None
            first = 1 if m.group(1).startswith(("p", "1")) else 7
            found.ranges.append(RangeMention(MonthMention(first, year), MonthMention(first + 5, year)))
            found.words.update((m.group(1), "semestre"))
            take(m.start(), m.end())
    for m in re.finditer(rf"\b(?:el\s+)?primero\s+de\s+({_MONTH})\b(?:\s+{_YEAR})?", norm):
        if free(m.start(), m.end()):  # "el primero de diciembre": its first day
            year = int(m.group(2)) if m.group(2) else None
            found.days.append(DayMention(1, MONTH_ALIASES[m.group(1)], year))
            found.words.update(("primero", m.group(1)))
            take(m.start(), m.end())
    for date in find_dates(norm):
        if not free(date.start_index, date.end_index):
            continue
        end_day = date.end_day
        found.days.append(DayMention(date.day, date.month, date.year, end_day))
        take(date.start_index, date.end_index)
    for m in re.finditer(rf"\b(\d{{1,2}})\s+de\s+({_MONTH})\b(?:\s+{_YEAR})?", norm):
        if free(m.start(), m.end()) and 1 <= int(m.group(1)) <= 31:  # "22 de dic": an abbreviated month
            year = int(m.group(3)) if m.group(3) else None
            found.days.append(DayMention(int(m.group(1)), MONTH_ALIASES[m.group(2)], year))
            take(m.start(), m.end())
    for m in _SHORT_DATE_RE.finditer(norm):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12 and free(m.start(), m.end()) and not _after_code(norm, m.start()):
            found.days.append(DayMention(day, month, None))
            take(m.start(), m.end())
    for m in re.finditer(rf"\b({_MONTH})\b", norm):
        if not free(m.start(), m.end()):
            continue
        name = m.group(1)
        year_match = re.match(rf"\s+{_YEAR}", norm[m.end() :])
        if name in _AMBIGUOUS_MONTHS and not year_match and not _month_context(norm, m.start()):
            continue
        month = MONTH_ALIASES[name]
        year = int(year_match.group(1)) if year_match else None
        found.months.append(MonthMention(month, year))
        take(m.start(), m.end() + (year_match.end() if year_match else 0))
    for pattern, unit, offset in _RELATIVE_PERIODS:
        for m in pattern.finditer(norm):
            if free(m.start(), m.end()):
                found.relative.append(RelativeMention(unit, offset))
                take(m.start(), m.end())
    for m in _AGO_RE.finditer(norm):  # "hace dos meses", "hace 3 semanas"
        count = 1 if m.group(1) in ("un", "una") else number_from_word(m.group(1))
        if count is not None and free(m.start(), m.end()):
            found.relative.append(RelativeMention(_AGO_UNITS[m.group(2)], -count))
            take(m.start(), m.end())
    _quarters(norm, words, found, free, take)
    for m in re.finditer(r"\b20\d\d\b", norm):
        if free(m.start(), m.end()) and not _inside_code(norm, m.start()) and not _in_a_name(norm, m.start()):
            found.years.append(int(m.group(0)))
            take(m.start(), m.end())
    if re.search(
        r"\beste ano\b|\bano en curso\b|\bano actual\b|\b(?:del|el|en el) ano\b(?! (?:pasado|anterior))", norm
    ):
        found.years.append(THIS_YEAR)
        found.words.update(("ano", "este"))
    if re.search(r"\b(?:el )?ano pasado\b|\bano anterior\b", norm):
        found.years.append(LAST_YEAR)
        found.words.update(("ano", "pasado", "anterior"))
    found.loaded_quarters = bool(
        re.search(r"\b(?:los (?:dos|tres|cuatro|cinco)|ambos) (?:informes|trimestres)\b", norm)
    )
    if found.loaded_quarters or re.search(
        r"\ben total\b|\bhasta (?:ahora|hoy|la fecha)\b|\ben todos los (?:informes|trimestres)\b|\bhistoric"
        r"|\btodos los (?:informes|trimestres)\b",
        norm,
    ):
        found.all_time = True
        found.words.update(
            ("total", "ahora", "hoy", "fecha", "todos", "informes", "trimestres", "dos", "tres", "cuatro")
        )
        found.words.update(("ambos", "entre"))
    for i, w in enumerate(words):
        if w in WEEKDAYS_FOLDED:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if not nxt.isdigit():  # "el lunes 26 de octubre": the date says it all
                found.weekdays.append(WEEKDAYS_FOLDED.index(w))
            found.words.add(w)
    return found


def _quarters(norm: str, words: list[str], found: TimeFound, free, take) -> None:
    for m in _QUARTER_CODE_RE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        if m.group(5) and not (m.group(6) or re.match(r"(?:el|del|al|en)\b", m.group(0))):
            continue  # "4t" alone, with neither year nor article, is not surely a quarter
        number = int(m.group(2) or m.group(3) or m.group(5))
        year = m.group(1) or m.group(4) or m.group(6)
        found.quarters.append(QuarterMention(number, int(year) if year else None))
        take(m.start(), m.end())
    for m in re.finditer(r"\btrimestre(s)?\b", norm):
        before = tokens(norm[: m.start()])
        after = tokens(norm[m.end() :])
        quarter: int | None = None
        used_before = 0
        if before and before[-1] in QUARTER_WORDS:
            quarter, used_before = QUARTER_WORDS[before[-1]], 1
        elif before and re.fullmatch(r"([1-4])(?:o|er|ro|to|ero|do)?", before[-1]):
            quarter, used_before = int(before[-1][0]), 1
        elif after and re.fullmatch(r"[1-4]", after[0]):
            quarter = int(after[0])
        elif before and before[-1] in ("cada", "por"):
            continue  # "en cada trimestre", "por trimestre": a dimension, not a quarter
        elif after and after[0] in ("anterior", "pasado"):
            quarter = PREVIOUS_QUARTER
            found.words.add(after[0])
        elif after and after[0] in ("antepasado", "trasanterior", "antepenultimo"):
            quarter = TWO_QUARTERS_AGO
            found.words.add(after[0])
        elif (after and after[0] in ("siguiente", "proximo", "entrante")) or (
            before and before[-1] in ("siguiente", "proximo")
        ):
            quarter = NEXT_QUARTER
            found.words.update(("siguiente", "proximo", "entrante"))
        elif before and before[-1] in ("este", "actual", "ultimo"):
            quarter = CURRENT_QUARTER
            found.words.add(before[-1])
        elif m.group(1) is None:
            quarter = CURRENT_QUARTER  # "el trimestre": the latest one
        else:
            continue  # "¿qué trimestre…?", "los trimestres": a dimension, not a quarter
        if quarter is not None and before and before[-1] in ("que", "cual") and not used_before:
            continue
        year_match = re.match(rf"\s+(?:[1-4]\s+)?{_YEAR}", norm[m.end() :])
        year = int(year_match.group(1)) if year_match else None
        found.quarters.append(QuarterMention(quarter, year))
        if used_before:
            found.words.add(before[-1])
        found.words.update(("trimestre", "trimestres", "trimestral"))
        if year_match:
            take(m.end(), m.end() + year_match.end())
    if found.quarters:
        # "el tercer trimestre frente al cuarto": the second quarter is named by its ordinal alone.
        for m in _QUARTER_ELLIPSIS_RE.finditer(norm):
            quarter = QUARTER_WORDS.get(m.group(1)) or int(m.group(1)[0])
            year = int(m.group(2)) if m.group(2) else None
            if all(q.quarter != quarter for q in found.quarters):
                found.quarters.append(QuarterMention(quarter, year))
                found.words.add(m.group(1))


def _point(text: str) -> Point | None:
    m = re.fullmatch(_POINT, text.strip())
    if m is None:
        return None
    if m.group(4):
        return int(m.group(4))
    month = MONTH_ALIASES[m.group(2)]
    year = int(m.group(3)) if m.group(3) else None
    if m.group(1):
        return DayMention(int(m.group(1)), month, year)
    return MonthMention(month, year)


def _after_code(norm: str, start: int) -> bool:
    """Whether the digits at ``start`` belong to an acuerdo code ("cvoe 47/20")."""
    return bool(re.search(r"(?:cvoe|acu|cg)\s*[-/ ]?\s*$", norm[:start]))


_PERIOD_LEADS = frozenset(
    [
        "en",
        "de",
        "del",
        "durante",
        "desde",
        "hasta",
        "a",
        "al",
        "para",
        "entre",
        "y",
        "o",
        "e",
        "con",
        "contra",
        "frente",
        "vs",
        "versus",
        "que",
        "el",
        "la",
        "los",
        "las",
        "todo",
        "todos",
        "todas",
        "ano",
        "anos",
        "resumen",
        "informe",
        "trimestre",
        "asistencia",
        "actividad",
        "semestre",
        "periodo",
        # "la segunda extraordinaria 2022": a session's year
        "sesion",
        "ordinaria",
        "extraordinaria",
        "urgente",
    ]
)


def _in_a_name(norm: str, at: int) -> bool:
    """A year right after a singular word that no period follows is part of a name ("el programa anual de
    trabajo 2022", "presupuesto participativo 2022"), not when something happened ("acuerdos 2021", "en 2021")."""
    before = re.findall(r"[a-z0-9]+", norm[:at])
    word = before[-1] if before else ""
    return word.isalpha() and len(word) > 2 and not word.endswith("s") and word not in _PERIOD_LEADS


def _inside_code(norm: str, start: int) -> bool:
    return bool(re.search(r"(?:cvoe|cg)[-/ ]*\d{1,3}[-/ ]*$", norm[:start]))


def _month_context(norm: str, start: int) -> bool:
    """ "en mar", "de sep": an ambiguous abbreviation reads as a month after "en", "de" or "del"."""
    return bool(re.search(r"\b(?:en|de|del|y|a|hasta|desde)\s+$", norm[:start]))
