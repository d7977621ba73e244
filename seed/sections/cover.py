"""Cover and approval: the title, the quarter and its period, and the acuerdo and session that approved it."""

from __future__ import annotations

import datetime as dt
import re

from lang.names import find_session_refs
from lang.spanish import ACUERDO_CODE_RE, MONTH_ALIASES, QUARTER_WORDS, first_date, fold
from lang.vocabulary import SessionKind
from seed.informe import InformeFormatError, ParsedInforme
from seed.sections.base import Part, Placed, Reading, acuerdo_code

_QUARTER_RE = re.compile(r"\b(primer|primero|segundo|tercer|tercero|cuarto)\s+informe")
_PERIOD_RE = re.compile(
    r"\b(enero|abril|julio|octubre)\s*(?:de\s+20\d\d\s*)?(?:a|y|al|-|–|—|hasta)\s*"
    r"(marzo|junio|septiembre|diciembre)\s*,?\s*(?:de\s+|del\s+)?(20\d\d)"
)
_ABOUT_PERIOD_RE = re.compile(r"\b(?:periodo|trimestre|informe)\b")
_QUARTER_OF_YEAR_RE = re.compile(r"\b(primer|segundo|tercer|cuarto)\s+trimestre\s+(?:de(?:l)?\s+)?(20\d\d)")


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    start = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, after - dt.timedelta(days=1)


def stated_period(texts: list[str]) -> tuple[int, int] | None:
    """The quarter a sentence about the informe's period states: "el periodo comprendido entre octubre y
    diciembre de 2020", "durante el periodo abril–junio de 2021"."""
    for text in texts:
        for sentence in re.split(r"(?<=[.;:])\s+", fold(text)):
            m = _PERIOD_RE.search(sentence)
            if m and (MONTH_ALIASES[m.group(2)] - MONTH_ALIASES[m.group(1)]) == 2 and _ABOUT_PERIOD_RE.search(sentence):
                return int(m.group(3)), (MONTH_ALIASES[m.group(1)] - 1) // 3 + 1
    return None


def named_quarter(texts: list[str]) -> tuple[int, int] | None:
    """The first quarter named in words ("durante el cuarto trimestre de 2020"): a last resort."""
    for text in texts:
        m = _QUARTER_OF_YEAR_RE.search(fold(text))
        if m:
            return int(m.group(2)), QUARTER_WORDS[m.group(1)]
    return None


_MONTH_WORD = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
_PERIOD_TAIL_RE = re.compile(
    rf"(?<=\d{{4}})\s*[(,.–—-]?\s*(?:(?:periodo|per[ií]odo)(?:\s+que\s+se\s+informa|\s+que\s+comprende|\s+reportado)?:?\s*)?{_MONTH_WORD}\s*(?:[–—-]|a|al)\s*{_MONTH_WORD}(?:\s+(?:de\s+)?20\d\d)?\)?\s*$",
    re.IGNORECASE,
)


def read_cover(placed: list[Placed], source_name: str, form: str) -> Reading:
    """Start the reading: the informe's title, quarter and period, and its approval."""
    cover = [p for p in placed if p.part == Part.COVER]
    body = [p for p in placed if p.part not in (Part.COVER, Part.INDEX)]
    # The period is stated on the cover or in the introduction (else the first lines of the body).
    about = [p.text for p in placed if p.part in (Part.COVER, Part.INTRO)] or [p.text for p in body[:8]]
    title = next((p.text for p in cover if "informe" in fold(p.text)), "")
    if not title:
        title = next((p.text for p in placed[:40] if re.search(r"informe\s+trimestral", fold(p.text))), "")
    # A period printed under the title joins it when the lines are read as one ("… 2022 ENERO – MARZO 2022").
    title = _PERIOD_TAIL_RE.sub("", title).strip()
    if "informe" not in fold(title):
        raise InformeFormatError(
            "No encontré el título del informe trimestral: el archivo no parece un informe de la Comisión."
        )
    folded_title = fold(title)
    quarter = QUARTER_WORDS[m.group(1)] if (m := _QUARTER_RE.search(folded_title)) else None
    years = re.findall(r"\b(20\d\d)\b", folded_title)
    year = int(years[-1]) if years else None
    stated = stated_period(about)
    named = named_quarter([p.text for p in body[:60]])
    from_name = re.search(r"(20\d\d)[_-]?t([1-4])", fold(source_name))
    if stated:
        year = year or stated[0]
        quarter = quarter or stated[1]
    for fallback in (named, (int(from_name.group(1)), int(from_name.group(2))) if from_name else None):
        if fallback:
            year = year or fallback[0]
            quarter = quarter or fallback[1]
    if year is None or quarter is None:
        raise InformeFormatError(
            "No pude determinar el trimestre y el año del informe (título, periodo o nombre del archivo)."
        )
    start, end = quarter_bounds(year, quarter)
    informe = ParsedInforme(
        commission="CVOE", year=year, quarter=quarter, title=title, period_start=start, period_end=end, form=form
    )
    informe.stated_quarter = stated
    reading = Reading(placed, informe, source_name)
    _read_approval(reading, " ".join(p.text for p in cover))
    return reading


def _read_approval(reading: Reading, cover_text: str) -> None:
    """ "Aprobado mediante acuerdo CVOE/004/21, punto 4, primera sesión ordinaria, jueves 21 de enero de 2021"."""
    informe = reading.informe
    folded = fold(cover_text)
    if "aprobad" not in folded:
        return
    code = ACUERDO_CODE_RE.search(cover_text)
    if code:
        informe.approval_acuerdo = acuerdo_code(code)
    point = re.search(r"\bpunto\s+(\d+)", folded)
    informe.approval_point = int(point.group(1)) if point else None
    refs = find_session_refs(cover_text)
    when = first_date(cover_text)
    if refs:
        ref = refs[-1]
        # Approved in a later session: the year is its date's, or the one after a fourth quarter's.
        year = ref.year or (when.year if when else informe.year + (informe.quarter == 4))
        key = (year, ref.kind or SessionKind.ORDINARIA.value, ref.number)
        reading.session(key, when)
        informe.approval_session = key
    informe.approval_date = when
