"""Who represented each party before the commission: a table of the parties' representatives ("Partido
político | Representación | Periodo"), read into the party's attendance rows, session by session, since the
attendance tables name the party only."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lang.spanish import find_dates, fold, tokens
from lang.vocabulary import ParticipantGroup
from seed.document import Block, BlockKind
from seed.informe import ParsedAttendanceRow
from seed.sections.base import Reading

_PARTY_HEAD_RE = re.compile(r"\bpartido|\bfuerza politica")
_PERSON_HEAD_RE = re.compile(r"\brepresenta|\bnombre|\bpersona\b|\btitular")
_PERIOD_HEAD_RE = re.compile(r"\bperiodo|\bvigencia|\bfecha|\bdesde|\blapso")
_UNTIL_RE = re.compile(r"\b(?:hasta|al)\b")
_ACRONYM_RE = re.compile(r"\(([A-ZÁÉÍÓÚÑ]{2,8})\)")
_SPELL_OPENER_RE = re.compile(r"\b(?:hasta|a partir|desde|todo el|durante)\b|^del\b")
_GENERIC_RE = re.compile(r"partido|politico")  # words every party's name holds


@dataclass
class Spell:
    """Someone who represented a party, between two days when the table says so."""

    party: str
    person: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    folded = [fold(h) for h in header]
    party = next((c for c, h in enumerate(folded) if _PARTY_HEAD_RE.search(h)), None)
    person = next((c for c, h in enumerate(folded) if c != party and _PERSON_HEAD_RE.search(h)), None)
    period = next((c for c, h in enumerate(folded) if c not in (party, person) and _PERIOD_HEAD_RE.search(h)), None)
    if party is None or person is None:
        return None
    return party, person, period


def _bounds(text: str, year: int) -> tuple[dt.date | None, dt.date | None]:
    """ "Hasta el 19 de mayo de 2022", "A partir del 20 de mayo", "Del 1 de abril al 19 de mayo", "Todo el
    trimestre": the first and last day, None where open."""
    folded = fold(text)
    dates = [(d.start_index, d.value) for d in find_dates(text, default_year=year) if d.value is not None]
    if not dates:
        return None, None
    if len(dates) >= 2:
        return dates[0][1], dates[-1][1]
    at, day = dates[0]
    # "hasta el …" closes the spell; "a partir del …", "desde el …" (or a date alone) opens it
    return (None, day) if _UNTIL_RE.search(folded[:at]) else (day, None)


def spells(table: Block, year: int) -> list[Spell]:
    """The representatives a table lists, each with the days the table gives (a party's cell left empty, or
    merged down its rows, is the party of the row above)."""
    # The labels' row itself: a body row without dates or numbers may have been read as a second header row
    columns = _columns(table.rows[0]) if table.rows else None
    if columns is None:
        return []
    party_c, person_c, period_c = columns
    found: list[Spell] = []
    party = ""
    for row in table.rows[1:]:
        cells = [*(c.strip() for c in row), ""]
        party = cells[min(party_c, len(row))] or party
        person = cells[min(person_c, len(row))]
        period = cells[min(period_c, len(row))] if period_c is not None else ""
        if not party or not person or not re.search(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+\s+[A-ZÁÉÍÓÚÑ]", person):
            continue
        if len(_SPELL_OPENER_RE.findall(fold(period))) > 1:
            continue  # two representatives' rows read as one ("Hasta el 19 de mayo … A partir del 20 de mayo")
        start, end = _bounds(period, year)
        found.append(Spell(party, person, start, end))
    return found


def _names(party: str) -> set[str]:
    """How an attendance table may name a party: its name, its acronym, its name without "Partido"."""
    names = {fold(party)}
    names |= {fold(m.group(1)) for m in _ACRONYM_RE.finditer(party)}
    bare = _ACRONYM_RE.sub("", party).strip()
    names |= {fold(bare), " ".join(t for t in tokens(bare) if not _GENERIC_RE.fullmatch(t))}
    return {n for n in names if n}


def _matches(row: ParsedAttendanceRow, names: set[str]) -> bool:
    body = fold(_ACRONYM_RE.sub(lambda m: f" {m.group(1)} ", row.body)).strip()
    acronyms = {fold(m.group(1)) for m in _ACRONYM_RE.finditer(row.body)}
    bare = " ".join(t for t in tokens(body) if not _GENERIC_RE.fullmatch(t))
    return bool(({body, bare} | acronyms) & names)


def read_representation(reading: Reading) -> None:
    """Each party's representative at each session, from the informe's table of representatives."""
    listed = [s for p in reading.blocks(kinds=(BlockKind.TABLE,)) for s in spells(p.block, reading.year)]
    if not listed:
        return
    parties = [r for r in reading.informe.attendance if r.group == ParticipantGroup.PARTIDO and not r.person]
    for row in parties:
        mine = [s for s in listed if _matches(row, _names(s.party))]
        if not mine:
            continue
        for key in row.marks:
            day = reading.informe.sessions[key].date if key in reading.informe.sessions else None
            sitting = [s for s in mine if day is not None and s.covers(day)] if len(mine) > 1 else mine
            if len(sitting) == 1:
                row.people[key] = sitting[0].person
        if len(mine) == 1 or (len(set(row.people.values())) == 1 and len(row.people) == len(row.marks)):
            row.person = mine[0].person if len(mine) == 1 else next(iter(row.people.values()))
            row.people.clear()
