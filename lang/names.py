"""Names the informes give: sessions in full ("Décima primera sesión ordinaria") and in short ("2ª ext.
(urgente)"), and the rows of an attendance list that stand in for an organ ("Encargado del despacho de…").

A leaf of the ``lang`` layer, built on :mod:`lang.spanish`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lang.spanish import fold, parse_cardinal_at, parse_ordinal_at, tokens
from lang.vocabulary import SessionKind

# --- attendance labels ---------------------------------------------------------------------------

_STAND_IN_RE = re.compile(r"^(?:encargad[oa]s?\s+(?:del\s+despacho\s+)?de|en\s+representacion\s+de)\s+(?P<of>.+)$")


def organ_key(body: str) -> str:
    """An organ's name to compare by: folded, without a leading article or spacing ("la Secretaría Ejecutiva")."""
    return " ".join(re.sub(r"^(?:la|el|los|las)\s+", "", fold(body).strip(" ,.:")).split())


def stand_in_for(body: str) -> str | None:
    """The organ a row of an attendance list stands in for ("Encargado del despacho de la Secretaría
    Ejecutiva", "En representación de la Unidad Técnica…"), as :func:`organ_key` writes it."""
    match = _STAND_IN_RE.match(organ_key(body))
    return organ_key(match.group("of")) if match else None


# --- session names -----------------------------------------------------------------------------

_KIND_WORDS = {kind.value: kind.value for kind in SessionKind}
"""Session kinds as written (folded): the values of :class:`SessionKind`."""


@dataclass(frozen=True)
class SessionRef:
    """A session named in a text: its number, kind and year when written, and where (word indexes)."""

    number: int
    kind: str | None
    year: int | None
    start: int
    end: int
    urgent: bool = False  # "extraordinaria urgente": an extraordinaria (numbered among them) called urgently


def find_session_refs(text: str) -> list[SessionRef]:
    """Session names in ``text``: "Décima primera sesión ordinaria", "1a. Sesión Extraordinaria de 2021",
    "sesión extraordinaria urgente número 3", "sesión ordinaria 12"."""
    words = tokens(text)
    refs: list[SessionRef] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "sesion" or word == "sesiones":
            # ordinal before: "decima primera sesion", "1a sesion"
            number, start = _ordinal_before(words, i)
            j = i + 1
            kinds: list[str] = []
            while j < len(words) and words[j] in _KIND_WORDS:
                kinds.append(_KIND_WORDS[words[j]])
                j += 1
            if number is None and j < len(words):
                k = j + 1 if words[j] in ("numero", "no", "num") else j
                if k < len(words):
                    parsed = parse_ordinal_at(words, k) or (
                        parse_cardinal_at(words, k) if words[k].isdigit() and len(words[k]) <= 2 else None
                    )
                    if parsed:
                        number, j = parsed[0], k + parsed[1]
                        start = i
                        # "sesión 3ª extr. urgente": the kind after the number, in full or abbreviated
                        while j < len(words) and (words[j] in _KIND_WORDS or _kind_abbreviation(words[j])):
                            kinds.append(_KIND_WORDS.get(words[j]) or _kind_abbreviation(words[j]) or "")
                            j += 1
            if number is not None:
                # "extraordinaria (urgente)" is numbered among the extraordinarias; "urgente" alone is its own series.
                urgent = SessionKind.URGENTE in kinds and SessionKind.EXTRAORDINARIA in kinds
                kind = SessionKind.EXTRAORDINARIA.value if urgent else (kinds[0] if kinds else None)
                year = None
                if j + 1 < len(words) and words[j] in ("de", "del") and re.fullmatch(r"20\d\d", words[j + 1]):
                    year = int(words[j + 1])
                refs.append(SessionRef(number, kind, year, start, j, urgent))
            i = max(j, i + 1)
            continue
        i += 1
    return refs


_KIND_ABBREVIATIONS = {
    short: kind.value
    for kind, shorts in (
        (SessionKind.ORDINARIA, ("o", "ord", "ordin", "ordinaria")),
        (SessionKind.EXTRAORDINARIA, ("e", "ext", "extr", "extra", "extraord", "extraordinaria")),
        (SessionKind.URGENTE, ("u", "urg", "urgente")),
    )
    for short in shorts
}


def _kind_abbreviation(word: str) -> str | None:
    """The kind an abbreviation of two letters or more names ("ext", "ord", "urg"); one letter is a word."""
    return _KIND_ABBREVIATIONS.get(word) if len(word) > 1 else None


def short_session_ref(label: str) -> SessionRef | None:
    """A column's label that ends in a session's short name: "1ª ord.", "2a. Ext. (urgente)", "Asistencia a
    las sesiones 3 ord."; the words after the number must all name its kind (or year)."""
    words = [w for w in tokens(label) if w not in ("sesion", "ses", "s", "de", "la", "del")]
    for i in range(len(words) - 1):
        parsed = parse_ordinal_at(words, i)
        if parsed is None and words[i].isdigit() and len(words[i]) <= 2:
            parsed = int(words[i]), 1
        if parsed is None:
            continue
        rest = words[i + parsed[1] :]
        kinds = [_KIND_ABBREVIATIONS.get(w) for w in rest if not re.fullmatch(r"20\d\d", w)]
        if not kinds or None in kinds or len(kinds) > 2:
            continue
        year = next((int(w) for w in rest if re.fullmatch(r"20\d\d", w)), None)
        urgent = SessionKind.URGENTE in kinds and SessionKind.EXTRAORDINARIA in kinds
        kind = SessionKind.EXTRAORDINARIA.value if urgent else kinds[0]
        return SessionRef(parsed[0], kind, year, i, len(words), urgent)
    return None


def _ordinal_before(words: list[str], i: int) -> tuple[int | None, int]:
    for back in (2, 1):
        k = i - back
        if k >= 0:
            parsed = parse_ordinal_at(words, k)
            if parsed and k + parsed[1] == i:
                return parsed[0], k
    return None, i


def parse_session_list(text: str) -> list[int]:
    """ "Décima, décima primera y décima segunda" → [10, 11, 12]; "11a y 12a" → [11, 12]."""
    words = tokens(text)
    numbers: list[int] = []
    i = 0
    while i < len(words):
        parsed = parse_ordinal_at(words, i)
        if parsed:
            numbers.append(parsed[0])
            i += parsed[1]
        else:
            i += 1
    return numbers
