"""Sessions: the quarter's sessions as the informe presents them (a table of sessions, a list, the headings
over each session's acuerdos) with their dates and modality. A session only mentioned (a minuta of last
quarter's session, the one that approved the informe) is a reference, never one of the quarter's."""

from __future__ import annotations

import re

from lang.names import find_session_refs
from lang.spanish import ACUERDO_CODE_RE, find_dates, fold
from lang.vocabulary import Modality
from seed.document import BlockKind
from seed.informe import SessionKey
from seed.sections.attendance import is_attendance
from seed.sections.base import Part, Placed, Reading, sentences, time_in


def modality_in(text: str) -> str | None:
    """The modality a text names ("en modalidad virtual", "sesión presencial"), if exactly one."""
    folded = fold(text)
    spans = [
        (m.start(), m.end(), modality.value)
        for modality in Modality
        for synonym in modality.synonyms
        for m in re.finditer(re.escape(synonym), folded)
    ]
    # A word inside a longer one names nothing of its own ("presencial" in "semipresencial").
    found = {
        value
        for start, end, value in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    }
    return found.pop() if len(found) == 1 else None


def read_sessions(reading: Reading) -> None:
    """The sessions the informe presents as held in its quarter."""
    for placed in reading.blocks(Part.SESSIONS):
        if placed.kind == BlockKind.TABLE:
            if not is_attendance(placed.block):
                _session_table(reading, placed)
            continue
        said = sentences(placed.text)
        if len(said) > 1 and _only_a_name(said[0]):
            # "Sexta sesión ordinaria. Se celebró el jueves 14 de julio…": a run-in heading and its sentence
            said = [f"{said[0]} {said[1]}", *said[2:]]
        for k, sentence in enumerate(said):
            _session_sentence(reading, sentence, placed.kind != BlockKind.PARAGRAPH or len(placed.text) < 200 or k == 0)
            folded = fold(sentence)
            if "sesiones" in folded and ("celebr" in folded or "realiz" in folded or "llev" in folded):
                reading.default_modality = reading.default_modality or modality_in(sentence)
                _modalities_by_clause(reading, sentence)
    for placed in reading.blocks(Part.ACUERDOS):
        key = group_session(reading, placed)
        if key is not None:
            reading.session(key, reading.date(placed.text), held=True, at=time_in(placed.text))


def _session_table(reading: Reading, placed: Placed) -> None:
    """A row of session names over a row of dates (and perhaps rows of times and modalities), or one row
    per session with its date (its time, its modality)."""
    rows = placed.block.rows
    for r, row in enumerate(rows[:2]):
        refs = [find_session_refs(c) for c in row]
        filled = [c for c in row if c]
        if not filled or sum(bool(x) for x in refs) * 2 < len(filled) or r + 1 >= len(rows):
            continue
        below = rows[r + 1]
        if not any(reading.date(c) for c in below):
            continue
        for c, cell_refs in enumerate(refs):
            if cell_refs and c < len(below):
                column_text = " ".join(other[c] for other in rows[r + 1 :] if c < len(other))
                when = reading.date(below[c])
                key = reading.key_for(cell_refs[0], when)
                modality, at = modality_in(column_text), time_in(column_text)
                reading.session(key, when, held=True, modality=modality, at=at)
        return
    for row in placed.block.body:
        joined = " ".join(row)
        named = find_session_refs(joined)
        when = reading.date(joined)
        if len({(ref.number, ref.kind) for ref in named}) == 1 and when:
            key = reading.key_for(named[0], when)
            reading.session(key, when, held=True, modality=modality_in(joined), at=time_in(joined))


_CLAUSE_RE = re.compile(r"[;:,]\s+|\s+y\s+(?=(?:la|el|las|los)\s)")


def _modalities_by_clause(reading: Reading, sentence: str) -> None:
    """ "Cuatro de ellas se realizaron de manera virtual y la décima segunda sesión ordinaria se celebró de
    manera presencial": a clause naming one session gives it its modality, one naming none gives the rest."""
    for clause in _CLAUSE_RE.split(sentence):
        modality = modality_in(clause)
        if modality is None:
            continue
        refs = find_session_refs(clause)
        if len(refs) == 1:
            reading.session(reading.key_for(refs[0], reading.date(clause)), modality=modality)
        elif not refs and reading.default_modality is None:
            reading.default_modality = modality


def _only_a_name(sentence: str) -> bool:
    """A sentence that is a session's name and nothing else ("Quinta sesión extraordinaria urgente.")."""
    refs = find_session_refs(sentence)
    return len(refs) == 1 and refs[0].start == 0 and len(sentence.split()) <= 7 and not find_dates(sentence)


def _session_sentence(reading: Reading, sentence: str, short: bool) -> None:
    """ "Primera sesión extraordinaria, celebrada el viernes 5 de febrero de 2021." — one session, its date
    after its name, in the quarter. Sentences that name one session in passing are left alone."""
    refs = find_session_refs(sentence)
    if len({(r.number, r.kind) for r in refs}) != 1:
        return
    dates = [d for d in find_dates(sentence, default_year=reading.year) if d.value]
    if not dates or refs[0].year not in (None, dates[0].year):
        return
    when = dates[0].value
    if refs[0].kind is None and not any(k[2] == refs[0].number for k in reading.informe.sessions):
        return  # "fue la primera sesión con la participación de…": an ordinal of its own, no session's name
    if reading.informe.contains(when) and (short or len(dates) == 1):
        key = reading.key_for(refs[0], when)
        reading.session(key, when, held=True, modality=modality_in(sentence), at=time_in(sentence))


def group_session(reading: Reading, placed: Placed) -> SessionKey | None:
    """The session a heading (or a short line) over a group of acuerdos names: "Décima sesión ordinaria,
    lunes 26 de octubre de 2020:", "Primera sesión extraordinaria (5 de febrero de 2021)"."""
    if placed.kind == BlockKind.TABLE or len(placed.text) > 200:
        return None
    if placed.kind not in (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.ITEM):
        return None
    refs = find_session_refs(placed.text)
    if len({(r.number, r.kind, r.year) for r in refs}) != 1:
        return None
    if ACUERDO_CODE_RE.match(placed.text) or (placed.kind != BlockKind.HEADING and refs[0].start > 1):
        return None
    return reading.key_for(refs[0], reading.date(placed.text))


def finish_sessions(reading: Reading) -> None:
    """Sessions without a modality of their own take the one the informe states for all; held sessions
    without a date are reported."""
    for session in reading.informe.held:
        if not session.modality and reading.default_modality:
            session.modality = reading.default_modality
        if session.date is None:
            reading.warn(f"No encontré la fecha de la {session.name}.")
