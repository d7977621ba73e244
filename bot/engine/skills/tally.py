"""Rankings and comparisons across quarters, months, years and sessions ("¿qué trimestre tuvo más
acuerdos?", "asistencia del tercer trimestre frente al cuarto"), shared by the skills that count."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass

from bot.engine.frame import Dimension, Form, Rank
from bot.engine.replies import Answer
from bot.engine.skills.base import QUARTER_NAMES, Ask, name
from lang.spanish import fold, month_name, plural, plural_word
from lang.vocabulary import Subject


@dataclass
class Line:
    """One group of a ranking or comparison."""

    label: str
    value: float
    shown: str
    order: tuple[int, ...] = ()


def quarters_asked(ask: Ask) -> tuple[list[tuple[int, int]], list[str]]:
    """The quarters a comparison is about (loaded ones) and the labels of those asked for but not loaded."""
    k = ask.k
    loaded = sorted(
        {(i.year, i.quarter) for i in k.informes if i.period_start <= ask.today}
        or {(i.year, i.quarter) for i in k.informes}
    )
    asked = list(ask.q.quarters)
    if not asked:
        return loaded, []
    missing = [f"el {QUARTER_NAMES[q - 1]} trimestre de {y}" for y, q in asked if (y, q) not in loaded]
    return [yq for yq in asked if yq in loaded], missing


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def tally(
    ask: Ask,
    subject: Subject,
    noun: str,
    rows: list[tuple[dt.date | None, Hashable, int | None]],
    *,
    by: Dimension | None,
) -> Answer:
    """Count ``rows`` (date, key, session id) by ``by`` and answer the ranking or comparison asked."""
    k = ask.k
    counts: dict[tuple[int, ...], set[Hashable]] = {}
    labels: dict[tuple[int, ...], str] = {}
    missing: list[str] = []
    if by == Dimension.QUARTER:
        quarters, missing = quarters_asked(ask)
        for year, quarter in quarters:
            counts[(year, quarter)] = set()
            labels[(year, quarter)] = f"el {QUARTER_NAMES[quarter - 1]} trimestre de {year}"
        for day, key, _ in rows:
            if day is not None and quarter_of(day) in counts:
                counts[quarter_of(day)].add(key)
    elif by == Dimension.MONTH:
        for day, key, _ in rows:
            if day is not None:
                counts.setdefault((day.year, day.month), set()).add(key)
                labels[(day.year, day.month)] = f"{month_name(day.month)} de {day.year}"
    elif by == Dimension.YEAR:
        for day, key, _ in rows:
            if day is not None:
                counts.setdefault((day.year,), set()).add(key)
                labels[(day.year,)] = str(day.year)
    else:
        for _day, key, session_id in rows:
            session = k.session_by_id.get(session_id or -1)
            if session is not None and session.date is not None:
                group = (session.date.toordinal(),)
                counts.setdefault(group, set()).add(key)
                labels[group] = f"la {name(session, k)}"
    lines = [Line(labels[g], len(keys), plural(len(keys), noun), g) for g, keys in counts.items()]
    return lines_answer(ask, subject, noun, lines, missing, by)


def lines_answer(
    ask: Ask, subject: Subject, noun: str, lines: list[Line], missing: list[str], by: Dimension | None
) -> Answer:
    """Render a ranking (best first) or a comparison (in time order), with its verdict when asked."""
    q = ask.q
    dimension = (
        {
            Dimension.QUARTER: ("trimestre", "trimestres"),
            Dimension.MONTH: ("mes", "meses"),
            Dimension.YEAR: ("año", "años"),
            Dimension.SESSION: ("sesión", "sesiones"),
        }.get(by, ("grupo", "grupos"))
        if by
        else ("quien", "quienes")
    )
    compare = q.form == Form.COMPARE
    chronological = sorted(lines, key=lambda line: line.order)
    if compare and q.quarters:
        wanted = [f"el {QUARTER_NAMES[quarter - 1]} trimestre de {year}" for year, quarter in q.quarters]
        chronological = sorted(lines, key=lambda line: wanted.index(line.label) if line.label in wanted else 99)
    least = q.rank == Rank.LEAST
    ranked = sorted(lines, key=lambda line: (line.value if least else -line.value, line.order))
    leaders = [line for line in ranked if ranked and line.value == ranked[0].value]
    verdict = None
    # "¿…más en 2020 o en 2021?" asks which one; "¿…más en el cuarto trimestre que en el primero?", yes or no.
    which = compare and bool(q.rank) and bool(re.search(r"\bo\s+(?:en\s+)?(?:el\s+|la\s+)?\w", fold(q.text)))
    if compare and q.rank and len(chronological) == 2 and not which:
        first, second = chronological[0].value, chronological[1].value
        verdict = first > second if q.rank == Rank.MOST else first < second
    return Answer(
        subject,
        "tally.j2",
        dict(
            compare=compare and not which,
            lines=chronological if compare else ranked,
            leaders=leaders if not compare or which else [],
            least=least,
            noun=noun,
            nouns=plural_word(noun),
            dimension=dimension,
            missing=missing,
            verdict=verdict,
            many_years=ask.k.many_years,
        ),
    )
