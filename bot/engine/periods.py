"""Time in a question resolved into spans of days: against ``today`` and against the months the store
holds data for ("noviembre" is the latest November with data before today; ask back when two years
qualify), quarters of loaded informes ("el trimestre anterior"), ranges and whole years."""

from __future__ import annotations

import datetime as dt
import re

from bot.engine.frame import EVERY_INFORME, Span
from bot.engine.knowledge import Knowledge
from bot.engine.replies import Clarify
from bot.engine.understanding import Parsed
from bot.engine.when import (
    CURRENT_QUARTER,
    LAST_YEAR,
    NEXT_QUARTER,
    PREVIOUS_QUARTER,
    THIS_YEAR,
    TWO_QUARTERS_AGO,
    DayMention,
    MonthMention,
)
from lang.spanish import MONTH_ALIASES, fold, month_name, short_date

QUARTER_NAMES = ("primer", "segundo", "tercer", "cuarto")


def resolve_spans(p: Parsed, k: Knowledge, today: dt.date, *, future: bool = False) -> list[Span]:
    """The days, months, ranges, quarters and years the question names, as spans resolved on ``today``."""
    years_said = [y for y in p.years if y > 0]
    quarters = [q for q in p.quarters]
    hint = years_said[0] if len(years_said) == 1 else (quarters[0].year if len(quarters) == 1 else None)
    spans: list[Span] = []
    for d in p.days:
        year = d.year or hint or (next_year(d.month, today) if future else month_year(k, d.month, today, p.raw))
        try:
            start = dt.date(year, d.month, d.day)
            end = dt.date(year, d.month, d.end_day) if d.end_day else start
        except ValueError:
            raise Clarify(f"La fecha {d.day} de {month_name(d.month)} no existe. ¿Qué día querías decir?", []) from None
        label = f"el {short_date(start)}" if end == start else f"del {start.day} al {short_date(end)}"
        spans.append(Span(start, end, label))
    for m in p.months:
        year = m.year or hint or (next_year(m.month, today) if future else month_year(k, m.month, today, p.raw))
        spans.append(Span(dt.date(year, m.month, 1), month_end(year, m.month), f"{month_name(m.month)} de {year}"))
    for r in p.ranges:
        spans.append(_range_span(r.start, r.end, k, today))
    for w in p.weeks:
        year = w.year or hint or (next_year(w.month, today) if future else month_year(k, w.month, today, p.raw))
        try:
            day = dt.date(year, w.month, w.day)
        except ValueError:
            raise Clarify(f"La fecha {w.day} de {month_name(w.month)} no existe. ¿Qué día querías decir?", []) from None
        monday = day - dt.timedelta(days=day.weekday())
        spans.append(relative_span("week", 0, monday))
    for relative in p.relative_periods:
        spans.append(relative_span(relative.unit, relative.offset, today))
    for number in p.month_days if not spans else []:
        # "la sesión del día 26": the 26th of each month the store holds
        for year, month in sorted(k.data_months):
            if number <= month_end(year, month).day and dt.date(year, month, number) <= today:
                day = dt.date(year, month, number)
                spans.append(Span(day, day, f"los días {number} de cada mes"))
    if spans:
        return spans
    if len(years_said) > 1 and len(quarters) == 1 and quarters[0].year is None and 1 <= quarters[0].quarter <= 4:
        # "¿hubo más acuerdos en 2020 o en 2021 en el cuarto trimestre?": that quarter of each year
        return [quarter_span(k, quarters[0].quarter, year, today) for year in years_said]
    for q in quarters:
        spans.append(quarter_span(k, q.quarter, q.year, today))
    if spans:
        return spans
    for y in p.years:
        year = today.year if y == THIS_YEAR else today.year - 1 if y == LAST_YEAR else y
        spans.append(Span(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}"))
    if not spans and p.all_time and k.informes:
        first = min(i.period_start for i in k.informes)
        last = max(i.period_end for i in k.informes)
        spans.append(Span(first, last if p.loaded_quarters else max(today, last), EVERY_INFORME))
    return spans


def relative_span(unit: str, offset: int, today: dt.date) -> Span:
    """ "el mes pasado" (month, -1), "esta semana" (week, 0), "ayer" (day, -1): counted from ``today``."""
    if unit == "month":
        index = today.year * 12 + today.month - 1 + offset
        year, month = divmod(index, 12)
        return Span(dt.date(year, month + 1, 1), month_end(year, month + 1), f"{month_name(month + 1)} de {year}")
    if unit == "week":
        start = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=offset)
        end = start + dt.timedelta(days=6)
        first = f"{start.day}" if start.month == end.month else short_date(start).rsplit(" de ", 1)[0]
        return Span(start, end, f"la semana del {first} al {short_date(end)}")
    day = today + dt.timedelta(days=offset)
    return Span(day, day, f"el {short_date(day)}")


def month_year(k: Knowledge, month: int, today: dt.date, question: str = "") -> int:
    """A month without a year: the latest such month with data before today; ask when two years qualify."""
    years = sorted((y for y, m in k.data_months if m == month and dt.date(y, month, 1) <= today), reverse=True)
    if len(years) >= 2 and years[0] == today.year and month == today.month:
        # This month is still running and last year's is complete: either may be meant.
        raise Clarify(
            f"¿{month_name(month).capitalize()} de {years[0]} o de {years[1]}?",
            [_with_year(question, month, y) for y in years[:2]],
        )
    if years:
        return years[0]
    return today.year if dt.date(today.year, month, 1) <= today else today.year - 1


def _with_year(question: str, month: int, year: int) -> str:
    """The question again with its month given a year ("acuerdos de noviembre de 2030")."""
    names = [name for name, number in MONTH_ALIASES.items() if number == month]
    for m in re.finditer(r"[^\W\d_]+", question):
        if fold(m.group(0)) in names:
            return f"{question[: m.start()]}{month_name(month)} de {year}{question[m.end() :]}"
    return f"{month_name(month)} de {year}"


def next_year(month: int, today: dt.date) -> int:
    """A month asked about in the future tense: its next occurrence (this month included)."""
    return today.year if month >= today.month else today.year + 1


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def quarter_span(k: Knowledge, quarter: int, year: int | None, today: dt.date) -> Span:
    """ "el cuarto trimestre (de 2020)", "el trimestre anterior", "este trimestre" as a span of days."""
    latest = k.latest_informe(today)
    if quarter == CURRENT_QUARTER:
        year, quarter = (latest.year, latest.quarter) if latest else (today.year, (today.month - 1) // 3 + 1)
    elif quarter in (PREVIOUS_QUARTER, NEXT_QUARTER, TWO_QUARTERS_AGO):
        # "el trimestre pasado": the one before today's, as the calendar counts them
        shift = {PREVIOUS_QUARTER: -1, NEXT_QUARTER: 1, TWO_QUARTERS_AGO: -2}[quarter]
        year, quarter = shift_quarter(today.year, (today.month - 1) // 3 + 1, shift)
    if year is None:
        loaded = sorted((i.year for i in k.informes if i.quarter == quarter and i.period_start <= today), reverse=True)
        if loaded:
            year = loaded[0]
        else:
            year = today.year if dt.date(today.year, 3 * quarter - 2, 1) <= today else today.year - 1
    start = dt.date(year, 3 * quarter - 2, 1)
    return Span(
        start, month_end(year, 3 * quarter), f"el {QUARTER_NAMES[quarter - 1]} trimestre de {year}", (year, quarter)
    )


def shift_quarter(year: int, quarter: int, shift: int) -> tuple[int, int]:
    """The quarter ``shift`` quarters after (before, when negative) ``quarter`` of ``year``."""
    index = year * 4 + quarter - 1 + shift
    return index // 4, index % 4 + 1


def _range_span(start: object, end: object, k: Knowledge, today: dt.date) -> Span:
    first = min((d for y, m in k.data_months for d in [dt.date(y, m, 1)]), default=dt.date(today.year, 1, 1))

    def bound(point: object, *, is_end: bool, other_year: int | None) -> dt.date:
        if point is None:
            return today if is_end else first
        if isinstance(point, int):
            return dt.date(point, 12, 31) if is_end else dt.date(point, 1, 1)
        if isinstance(point, DayMention):
            year = point.year or other_year or month_year(k, point.month, today)
            return dt.date(year, point.month, point.day)
        assert isinstance(point, MonthMention)
        year = point.year or other_year or month_year(k, point.month, today)
        return month_end(year, point.month) if is_end else dt.date(year, point.month, 1)

    end_year = getattr(end, "year", None) if not isinstance(end, int) else end
    lo = bound(start, is_end=False, other_year=None if end_year is None else end_year)
    if isinstance(start, MonthMention | DayMention) and start.year is None and end_year and end is not None:
        end_month = getattr(end, "month", 12)
        if start.month > end_month:
            lo = lo.replace(year=end_year - 1)
    hi = bound(end, is_end=True, other_year=lo.year)
    if hi < lo:  # "de diciembre a febrero": February of the year after (its own last day, 28 or 29)
        hi = bound(end, is_end=True, other_year=lo.year + 1) if end_year is None else hi
        hi = hi if hi >= lo else lo
    if start is None:
        label = f"hasta el {short_date(hi)}"
    elif end is None:
        label = f"desde el {short_date(lo)}"
    elif lo.day == 1 and hi == month_end(hi.year, hi.month):
        left = month_name(lo.month) + ("" if lo.year == hi.year else f" de {lo.year}")
        label = f"de {left} a {month_name(hi.month)} de {hi.year}"
    elif (lo.year, lo.month) == (hi.year, hi.month):
        label = f"del {lo.day} al {short_date(hi)}"
    elif lo.year == hi.year:
        label = f"del {lo.day} de {month_name(lo.month)} al {short_date(hi)}"
    else:
        label = f"del {short_date(lo)} al {short_date(hi)}"
    return Span(lo, hi, label)
