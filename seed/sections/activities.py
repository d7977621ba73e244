"""Results and activities: the dated rows of the results' tables (talks, e-mails, notes, reports…) and
the events the prose tells (courses, meetings), each with a general kind (``ActivityKind``) and the
informe's own name for its table or list (its series)."""

from __future__ import annotations

import datetime as dt
import re

from lang.numbers import number_in_words
from lang.spanish import MONTH_ALIASES, find_dates, first_date, fold, number_from_word
from lang.vocabulary import ActivityKind
from seed.document import BlockKind, caption_title
from seed.informe import ParsedActivity, StatedCount
from seed.sections.acuerdos import ACUERDO_CODE_RE
from seed.sections.attendance import is_attendance
from seed.sections.base import Part, Placed, Reading, cell, column, is_total_row
from seed.sections.convenios import is_convenio_table

SERIES_CHARS = 200
_TITLE_CHARS = 80  # a row with no text of its own is titled by its table's caption, when it is short
# A counted noun names what a table lists: "se realizaron 13 reportes", "ocho notas ejecutivas".
_COUNTED_RE = re.compile(r"(?=(?<![\d.])\b(\d+|[a-z]+)\s+([a-z]+))")  # not a heading's "6.3 Pláticas"
_EVENT_KINDS = frozenset(
    {
        ActivityKind.PLATICA,
        ActivityKind.CURSO,
        ActivityKind.TALLER,
        ActivityKind.SEMINARIO,
        ActivityKind.CONFERENCIA,
        ActivityKind.CONVERSATORIO,
        ActivityKind.FORO,
        ActivityKind.PRESENTACION,
        ActivityKind.CEREMONIA,
        ActivityKind.REUNION,
    }
)
"""Kinds of activity that are events (told in prose with a date), not documents or messages."""
_EVENT_VERB_RE = re.compile(
    r"\b(se realizo|se realizaron|se llevo a cabo|se llevaron a cabo|tuvo lugar|tuvieron lugar|se celebro|"
    r"se celebraron|se impartio|se impartieron|se efectuo|se efectuaron|se organizo|se desarrollo)\b"
)
_RANGE_RE = re.compile(r"\s*(?:al|hasta el|a)\s+(?:\w+\s+)?")


def kind_named(
    folded: str, *, counted: bool = False, among: frozenset[ActivityKind] | None = None
) -> ActivityKind | None:
    """The activity kind a folded text names: its counted noun when ``counted``, else its first kind word."""
    stems = [(stem, kind) for kind in ActivityKind for stem in kind.synonyms if among is None or kind in among]
    if counted:
        for m in _COUNTED_RE.finditer(folded):
            if number_from_word(m.group(1)) is None:
                continue
            for stem, kind in stems:
                if m.group(2).startswith(stem):
                    return kind
        return None
    found = [(m.start(), kind) for stem, kind in stems for m in re.finditer(rf"\b{stem}", folded)]
    return min(found)[1] if found else None


def _month_of(text: str, reading: Reading) -> tuple[dt.date, dt.date] | None:
    """A row that stands for a month of the quarter ("Agosto", "Agosto de 2022" in a table of counts by
    month): its first and last day."""
    m = re.fullmatch(r"\s*([a-z]+)(?:\s+(?:de\s+)?(20\d\d))?\s*", fold(text))
    month = MONTH_ALIASES.get(m.group(1)) if m and len(m.group(1)) > 3 else None
    if month is None or m is None:
        return None
    year = int(m.group(2)) if m.group(2) else reading.year
    first = dt.date(year, month, 1)
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return (first, last) if reading.informe.contains(first) else None


def classify_table(
    header: list[str], context: str, section: str, lead: str = "", rows: list[str] | None = None
) -> tuple[ActivityKind, str]:
    """The kind of activity a dated table lists, and the informe's own name for the table (its series).

    The kind is the noun the informe counts ("se enviaron 49 correos"), or else the kind most rows start
    with ("Nota ejecutiva sobre…"), or else the first kind word of the caption, the header, the
    introducing sentence or the section. The series is the caption without its number ("Tabla 3.1 Pláticas
    en universidades" → "Pláticas en universidades"), or else the sentence that introduces the table.
    """
    caption = caption_title(context) if re.match(r"(?i)^(?:tabla|cuadro|gr[aá]fica)\b", context) else ""
    # The paragraph before a caption tells what the table lists; before a sentence, it is another subject.
    texts = [fold(t) for t in (caption, " ".join(header), context, lead if caption else "", section) if t]
    kind = next((k for t in texts if (k := kind_named(t, counted=True))), None)
    if kind is None and rows:
        firsts = [kind_named(" ".join(fold(r).split()[:2])) for r in rows]
        common = max(set(firsts), key=firsts.count)
        kind = common if common is not None and firsts.count(common) * 2 >= len(firsts) else None
    kind = kind or next((k for t in texts if (k := kind_named(t))), None) or ActivityKind.ACTIVIDAD
    series = (caption or context or section).strip().rstrip(":")
    if len(series) > SERIES_CHARS:
        series = series[:SERIES_CHARS].rsplit(" ", 1)[0] + "…"
    return kind, series


def _activity_tables(reading: Reading) -> list[tuple[Placed, str, str]]:
    """The results' tables that list activities, each with the text before it and the text before that."""
    found = []
    previous = [""]
    for placed in reading.blocks(Part.RESULTS, Part.OTHER):
        if placed.kind == BlockKind.HEADING or placed.kind == BlockKind.PARAGRAPH or placed.kind == BlockKind.ITEM:
            previous.append(placed.text)
            continue
        if placed.kind != BlockKind.TABLE:
            continue
        table = placed.block
        if is_attendance(table) or is_convenio_table(table, placed.section):
            continue
        if any(ACUERDO_CODE_RE.match(c.strip()) for r in table.body for c in r):
            continue
        context = table.caption or previous[-1]
        found.append((placed, context, previous[-1] if table.caption else previous[-2] if len(previous) > 1 else ""))
    return found


def read_activities(reading: Reading) -> None:
    """Activities from the results' tables and from the events the prose tells."""
    for placed, context, lead in _activity_tables(reading):
        _read_table(reading, placed, context, lead)
    _read_events(reading)


_PEOPLE_RE = re.compile(r"\b(?:asistentes|asistencia|participantes|participacion|personas|beneficiari|poblacion)")


def _count_of(text: str) -> int | None:
    """The number a cell states: "42", "5 pláticas", "ciento doce personas"."""
    stripped = text.strip()
    if not stripped or len(stripped) > 40 or first_date(stripped, default_year=2000):
        return None
    return number_in_words(stripped)


def numeric_columns(body: list[list[str]], skip: set[int]) -> set[int]:
    """Columns whose cells state numbers (people, e-mails sent…), not items: most non-empty cells count."""
    found = set()
    rows = [r for r in body if any(r) and not is_total_row(r)]
    for c in range(max((len(r) for r in rows), default=0)):
        cells = [r[c] for r in rows if c < len(r) and r[c].strip()]
        if c not in skip and cells and sum(_count_of(v) is not None for v in cells) >= 0.8 * len(cells):
            found.add(c)
    return found


def _read_table(reading: Reading, placed: Placed, context: str, lead: str) -> None:
    table = placed.block
    header = table.header if table.header_rows else []
    body = table.body if table.header_rows else table.rows
    kind, series = classify_table(
        header,
        context,
        placed.section,
        lead,
        # What most rows start with: a sample of the rows is enough.
        [" ".join(c for c in r if not first_date(c, default_year=reading.year)) for r in body[:40] if any(r)],
    )
    date_column = column(header, "fecha")
    number_column = next((i for i, h in enumerate(header) if fold(h).strip(" .") in ("no", "num", "#", "n")), None)
    place_column = column(
        header, "universidad", "instancia", "institucion", "sede", "organismo", "dependencia", "impartid", "organiz"
    )
    person_column = column(header, "profesor", "ponente", "imparte", "responsable", "expositor")
    detail_column = column(header, "clase", "observaciones", "objetivo", "materia")
    # "Curso o taller", "Nombre del evento": the column that names each row, when the header says which
    title_column = column(header, "curso", "taller", "titulo", "nombre del", "evento", "actividad", "denominacion")
    title_column = None if title_column in (place_column, person_column, detail_column, date_column) else title_column
    used = {c for c in (date_column, number_column, place_column, person_column, detail_column) if c is not None}
    counted = numeric_columns(body, used)
    people = next((c for c in sorted(counted) if c < len(header) and _PEOPLE_RE.search(fold(header[c]))), None)
    used |= counted
    fill: dict[int, str] = {}
    activities = reading.informe.activities
    group: list[ParsedActivity] = []  # the rows since the last subtotal
    for row in body:
        if not any(row):
            continue
        if is_total_row(row):
            _total_row(
                reading, row, header, series, counted, people, group, [a for a in activities if a.series == series]
            )
            group = []
            continue
        cells = dict(enumerate(row))
        # Grouping columns (Instancia, Observaciones) are written once per group: fill them down.
        for c in (place_column, detail_column):
            if c is not None:
                if cells.get(c):
                    fill[c] = cells[c]
                else:
                    cells[c] = fill.get(c, "")
        date_cell = cell(row, date_column)
        if date_column is None:
            date_cell = next((v for v in row if first_date(v, default_year=reading.year)), "")
        found = [d for d in find_dates(date_cell, default_year=reading.year) if d.value]
        month_row = None if found else _month_of(row[0] if row else "", reading)
        others = [
            v
            for c, v in cells.items()
            if c not in used and v and v != date_cell and not re.fullmatch(r"\d{1,3}\s*[.)]?", v.strip())
        ]
        named = cell(row, title_column).strip() if title_column is not None else ""
        title = (
            named
            or max(others, key=len, default="")
            or (series if len(series) <= _TITLE_CHARS else kind.label[:1].upper() + kind.label[1:])
        )
        if not title:
            continue
        detail = (cells.get(detail_column) or None) if detail_column is not None else None
        quantities = [f"{header[c]}: {row[c]}" for c in sorted(counted) if c != people and c < len(header) and row[c]]
        if quantities:
            detail = "; ".join([*([detail] if detail else []), *quantities])
        # "Curso “…”" and "Taller “…”" in one table of courses and workshops: each row's own first word
        own = kind_named(" ".join(fold(title).split()[:1]), among=_EVENT_KINDS) if kind in _EVENT_KINDS else None
        activity = ParsedActivity(
            kind=own or kind,
            series=series,
            section=placed.section,
            position=len(activities),
            date=found[0].value if found else (month_row[0] if month_row else None),
            end_date=(found[0].end or (found[-1].value if len(found) > 1 else None))
            if found
            else (month_row[1] if month_row else None),
            date_text=date_cell.rstrip(". ") or (row[0].strip() if month_row else None),
            title=title.rstrip(),
            institution=(cells.get(place_column) or None) if place_column is not None else None,
            detail=detail,
            person=(cells.get(person_column) or None) if person_column is not None else None,
            participants=_count_of(row[people]) if people is not None and people < len(row) else None,
        )
        activities.append(activity)
        group.append(activity)


def _total_row(
    reading: Reading,
    row: list[str],
    header: list[str],
    series: str,
    counted: set[int],
    people: int | None,
    group: list[ParsedActivity],
    table_rows: list[ParsedActivity],
) -> None:
    """A Total or Subtotal row states figures: under a column of numbers, that column's sum; elsewhere (its
    own label "Total: 5", "5 pláticas" under a column of names), how many rows it closes. A subtotal closes
    the rows since the last one; a total all of the table's rows."""
    label = next(c for c in row if c.strip())
    subtotal = fold(label).lstrip().startswith("sub")
    rows = group if subtotal else table_rows
    scope = f"{series} ({label.rstrip(':')})" if subtotal else series
    sentence = " ".join(c for c in row if c)
    stated = reading.informe.stated
    counted_rows = False
    for c, text in enumerate(row):
        source = re.sub(r"(?i)^\s*(?:sub)?total(?:es)?\b[\s:.-]*(?:de\s+\w+\s*)?", "", text) if text == label else text
        value = _count_of(source)
        if value is None:
            continue
        if c in counted:
            if c == people:
                read = sum(a.participants or 0 for a in rows)
                stated.append(StatedCount("participantes", value, sentence, scope, read=read))
            else:
                read = sum(_count_of(q.split(": ", 1)[1]) or 0 for a in rows for q in _quantities(a, header[c]))
                stated.append(StatedCount("suma", value, sentence, f"{scope} › {header[c]}", read=read))
        elif not counted_rows:
            counted_rows = True
            stated.append(StatedCount("actividades", value, sentence, scope, read=len(rows) if subtotal else None))


def _quantities(activity: ParsedActivity, name: str) -> list[str]:
    return [q for q in (activity.detail or "").split("; ") if q.startswith(f"{name}: ")]


def participants_in(folded: str) -> int | None:
    """How many people took part, as the prose says it ("participaron 27 personas")."""
    m = re.search(
        r"(?:participaron|asistieron|participacion de|asistencia de|participantes?:?)\s+"
        r"(?:(?:un|una)\s+total\s+de\s+|mas\s+de\s+|alrededor\s+de\s+)?(\w+(?:\s+(?:y\s+)?\w+){0,4}?)\s+"
        r"(personas|asistentes|integrantes|participantes|funcionari|servidor|observador|estudiant|alumn)",
        folded,
    )
    if not m:
        m = re.search(
            r"(?:participaron|asistieron)\s+(?:un total de\s+)?(\w+(?:\s+(?:y\s+)?\w+){0,4}?)\s+(personas)", folded
        )
    return number_in_words(m.group(1)) if m else None


def _event_clause(text: str, start: int) -> str:
    """What follows an event verb, up to its purpose: "la tercera reunión de trabajo, … Red de Observación"."""
    clause = re.split(r"\.\s|\bcon el (?:propósito|objetivo|fin)\b|\bpara\b", text[start:].strip(), maxsplit=1)[0]
    clause = re.sub(r"^(?:el|la|los|las|un|una)\s+", "", clause.strip(" ,.;:"))
    if len(clause) > 140:
        clause = clause[:140].rsplit(" ", 1)[0] + "…"
    return clause[:1].upper() + clause[1:]


def _read_events(reading: Reading) -> None:
    """Dated events told in prose: courses, meetings, presentations, with their participants."""
    last: ParsedActivity | None = None
    for placed in reading.blocks(Part.RESULTS, kinds=(BlockKind.PARAGRAPH, BlockKind.ITEM)):
        text = placed.text
        folded = fold(text)
        participants = participants_in(folded)
        verb = _EVENT_VERB_RE.search(folded)
        dates = [d for d in find_dates(text, default_year=reading.year) if d.value]
        if verb and dates:
            at = verb.start()
            # The event's own date and title are the ones nearest its verb; other dates in the sentence
            # belong to earlier events it refers to.
            index = min(
                range(len(dates)), key=lambda k: min(abs(dates[k].end_index - at), abs(dates[k].start_index - at))
            )
            if index > 0 and _RANGE_RE.fullmatch(folded[dates[index - 1].end_index : dates[index].start_index]):
                index -= 1  # "del 19 de octubre al 22 de noviembre": the range starts earlier
            when = dates[index]
            end = when.end
            if (
                end is None
                and index + 1 < len(dates)
                and _RANGE_RE.fullmatch(folded[when.end_index : dates[index + 1].start_index])
            ):
                end = dates[index + 1].value
            quotes = [(m.start(), m.group(1)) for m in re.finditer(r"[“\"«]([^”\"»]{6,})[”\"»]", text)]
            after = [q for pos, q in quotes if pos > at]
            title = (after or [q for _, q in quotes] or [_event_clause(text, verb.end())])[0].strip()
            last = ParsedActivity(
                kind=kind_named(folded[at:], among=_EVENT_KINDS)
                or kind_named(folded, among=_EVENT_KINDS)
                or ActivityKind.EVENTO,
                series=None,
                section=placed.section,
                position=len(reading.informe.activities),
                date=when.value,
                end_date=end,
                date_text=text[when.start_index : when.end_index],
                title=title,
                detail=text,
                participants=participants,
            )
            reading.informe.activities.append(last)
        elif participants and last and last.participants is None and not dates:
            last.participants = participants
            last.detail = f"{last.detail} {text}"
