"""Figures: the numbers the prose states. Every counted noun becomes a figure the engine can quote ("se
enviaron 49 correos"); the counts an informe states about its own records (sessions held, acuerdos
adopted, convenios signed, rows of a table) are kept apart for the checks; and the instruments signed
since a year and those in force."""

from __future__ import annotations

import re

from lang.names import find_session_refs
from lang.spanish import MONTH_ALIASES, fold, number_from_word, tokens
from lang.vocabulary import SessionKind
from seed.document import BlockKind
from seed.informe import ParsedFigure, StatedCount
from seed.sections.activities import kind_named
from seed.sections.base import Part, Reading, sentences

_NOT_COUNTS = ("articulo", "articulos", "fraccion", "circulares", "punto", "el", "del", "tabla", "numero")
_NOT_NOUNS = ("ellos", "ellas", "cuales", "mas", "veces", "horas", "anos", "dias", "meses", "minutos")
_HELD_RE = re.compile(r"\b(?:celebr\w*|realiz\w*|llev\w* a cabo|sesion\w*|tuv\w*)\b")
_KIND_RE = re.compile(r"(\w+)\s+(?:de\s+ellas\s+)?(ordinarias?|extraordinarias?(?:\s+urgentes?)?|urgentes?)\b")
_SIGNED_RE = re.compile(
    r"(?:suscripcion|firma|celebracion|suscribi\w*|firm\w*|celebr\w*)\s+(?:de\s+)?(\w+)\s+(?:nuevos?\s+)?(?:convenios?|instrumentos?)"
    r"|(\w+)\s+(?:nuevos?\s+)?(?:convenios?|instrumentos?)\s+(?:\w+\s+){0,3}(?:suscrit|firmad|celebrad)"
)
_NONE_SIGNED_RE = re.compile(r"\bno se (?:reporta|registr\w*|llev\w* a cabo|suscribi\w*|firm\w*)\b.{0,40}\bconvenio")
_FOLLOWED_RE = re.compile(r"(?:avances?|seguimiento|report\w*)\b.{0,40}?\ben\s+(\w+)\s+(?:convenios?|instrumentos?)")
# A caption's numbering ("Tabla I.1", "Cuadro 3.2.", "Gráfica 4:") counts nothing.
_CAPTION_RE = re.compile(
    r"^\s*(?:tabla|cuadro|gr[aá]fic[oa]|figura|imagen|anexo|ilustraci[oó]n)\s+[\dIVXivx]+(?:[.-]\d+)*\s*[.:-]?\s+",
    re.IGNORECASE,
)
_ACCUMULATED_RE = re.compile(r"a la fecha|vigente|acumulad|desde (?:el )?20\d\d|de 20\d\d a")


def read_figures(reading: Reading) -> None:
    """Figures, stated counts and the convenios' totals."""
    informe = reading.informe
    for placed in reading.blocks(kinds=(BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.NOTE)):
        for sentence in sentences(_CAPTION_RE.sub("", placed.text)):
            informe.figures.extend(_figures(sentence, placed.section))
            folded = fold(sentence)
            if placed.part == Part.SESSIONS:
                _sessions_stated(reading, sentence, folded)
            if placed.part == Part.ACUERDOS:
                _acuerdos_stated(reading, sentence, folded)
            if "convenio" in folded or "instrumento" in folded:
                _convenios_stated(reading, sentence, folded, placed.section)
                _totals(reading, folded)
    _series_stated(reading)


def _figures(sentence: str, section: str) -> list[ParsedFigure]:
    """Numbers that count things: a plural noun after them, not an article number, a date or a table's."""
    found = []
    words = tokens(sentence)
    for i, word in enumerate(words[:-1]):
        value = number_from_word(word)
        if value is None or word in ("un", "una", "uno") or (word.isdigit() and len(word) == 4):
            continue
        before = words[i - 1] if i else ""
        noun = words[i + 1]
        if before in _NOT_COUNTS or before.isdigit() or noun in MONTH_ALIASES:
            continue
        if not noun.endswith("s") or len(noun) < 4 or noun in _NOT_NOUNS:
            continue
        if i + 2 < len(words) and words[i + 1] == "de" and words[i + 2] in MONTH_ALIASES:
            continue
        found.append(ParsedFigure(value, noun, sentence, section))
    return found


def _sessions_stated(reading: Reading, sentence: str, folded: str) -> None:
    """ "La Comisión celebró tres sesiones ordinarias", "cuatro sesiones, dos ordinarias, una extraordinaria…"."""
    m = re.search(r"\b(\w+)\s+sesiones?\b(?:\s+(ordinarias?|extraordinarias?|urgentes?))?", folded)
    if not m or not _HELD_RE.search(folded) or number_from_word(m.group(1)) is None:
        return
    total = number_from_word(m.group(1))
    assert total is not None
    stated = reading.informe.stated
    if m.group(2):
        kind = _kind(m.group(2))
        stated.append(StatedCount("sesiones", total, sentence, kind, core=True))
        return
    stated.append(StatedCount("sesiones", total, sentence, core=True))
    by_kind: dict[str, int] = {}
    for part in _KIND_RE.finditer(folded[m.end() :]):
        value = number_from_word(part.group(1))
        if value is not None:
            kind = _kind(part.group(2))
            by_kind[kind] = by_kind.get(kind, 0) + value
    if sum(by_kind.values()) == total:
        for kind, value in by_kind.items():
            stated.append(StatedCount("sesiones", value, sentence, kind, core=True))


def _kind(word: str) -> str:
    if "urgente" in word:
        return SessionKind.URGENTE.value
    return SessionKind.EXTRAORDINARIA.value if word.startswith("extra") else SessionKind.ORDINARIA.value


def _acuerdos_stated(reading: Reading, sentence: str, folded: str) -> None:
    """ "adoptó un total de 11 acuerdos, tres de ellos en la décima sesión ordinaria, cinco en…"."""
    m = re.search(
        r"(?:total de|adopt\w*|aprob\w*|tom\w*|acord\w*|emiti\w*)\s+"
        r"(?:un total de\s+|(?:los|las)\s+(?:siguientes\s+)?)?(\w+)\s+acuerdos?\b",
        folded,
    )
    if not m or number_from_word(m.group(1)) is None or _ACCUMULATED_RE.search(folded):
        return
    total = number_from_word(m.group(1))
    assert total is not None
    stated = reading.informe.stated
    stated.append(StatedCount("acuerdos", total, sentence, core=True))
    words = tokens(sentence)
    parts: list[tuple[str, int]] = []
    previous_end = 0
    for ref in find_session_refs(sentence):
        value = next(
            (
                v
                for k in range(ref.start - 1, max(previous_end, ref.start - 6) - 1, -1)
                if (v := number_from_word(words[k])) is not None and not re.fullmatch(r"20\d\d", words[k])
            ),
            None,
        )
        previous_end = ref.end
        if value is not None:
            key = reading.key_for(ref, None)
            parts.append((reading.session(key).name, value))
    if parts and sum(v for _, v in parts) == total:
        stated.extend(StatedCount("acuerdos", v, sentence, name, core=True) for name, v in parts)


def _convenios_stated(reading: Reading, sentence: str, folded: str, section: str) -> None:
    stated = reading.informe.stated
    if _ACCUMULATED_RE.search(folded):
        return
    if _NONE_SIGNED_RE.search(folded):
        stated.append(StatedCount("convenios suscritos", 0, sentence, section, core=True))
        return
    m = _SIGNED_RE.search(folded)
    if m:
        value = number_from_word(m.group(1) or m.group(2))
        if value is not None:
            stated.append(StatedCount("convenios suscritos", value, sentence, section, core=True))
        return
    m = _FOLLOWED_RE.search(folded)
    if m and (value := number_from_word(m.group(1))) is not None:
        stated.append(StatedCount("convenios con seguimiento", value, sentence, section))


def _totals(reading: Reading, folded: str) -> None:
    """ "De 2019 a la fecha, el IECM cuenta con un total de 75 instrumentos…, de los cuales 37 se encuentran
    vigentes"."""
    informe = reading.informe
    total = re.search(r"(?:total de|cuenta con)\s+(\w+)\s+(?:instrumentos|convenios)", folded)
    if total and number_from_word(total.group(1)) and _ACCUMULATED_RE.search(folded):
        informe.convenios_total = number_from_word(total.group(1))
        since = re.search(r"\b(?:de|desde)\s+(?:el\s+)?(20\d\d)\b", folded)
        informe.convenios_since_year = int(since.group(1)) if since else informe.convenios_since_year
    force = re.search(
        r"\b(\w+)\s+(?:(?:instrumentos|convenios)\s+(?:\w+\s+)?)?"
        r"(?:se encuentran|estan|permanecen|siguen|son)?\s*vigentes",
        folded,
    )
    if force and number_from_word(force.group(1)) is not None and informe.convenios_vigentes is None:
        informe.convenios_vigentes = number_from_word(force.group(1))


def _series_stated(reading: Reading) -> None:
    """A count in the text before a table of activities: "se enviaron 49 correos" above it. The figure must
    count the table's kind in its section; when the section holds several tables of that kind, only the
    table's own introducing sentence counts."""
    informe = reading.informe
    # A table whose rows state quantities (e-mails sent each month) counts them in a column, not in rows.
    summed = {c.scope.split(" › ")[0] for c in informe.stated if c.what == "suma"}
    series_of: dict[tuple[str, str], list[str]] = {}
    for activity in informe.activities:
        if activity.series and activity.series not in summed:
            names = series_of.setdefault((activity.section, activity.kind.value), [])
            if activity.series not in names:
                names.append(activity.series)
    for (section, kind), names in series_of.items():
        figures = [f for f in informe.figures if f.section == section and kind_named(fold(f.noun)) == kind]
        for series in names:
            own = [f for f in figures if fold(f.sentence) in fold(series) or fold(series) in fold(f.sentence)]
            chosen = own or (figures if len(names) == 1 else [])
            if chosen:
                informe.stated.append(StatedCount("actividades", chosen[0].value, chosen[0].sentence, series))
