"""Results and activities: the dated rows of the results' tables (talks, e-mails, notes, reports…) and
the events the prose tells (courses, meetings), each with a general kind (``ActivityKind``) and the
informe's own name for its table or list (its series)."""

from __future__ import annotations

import re

from lang.spanish import find_dates, first_date, fold, number_from_word
from lang.vocabulary import ActivityKind
from seed.document import BlockKind, caption_title
from seed.informe import ParsedActivity, StatedCount
from seed.sections.acuerdos import ACUERDO_CODE_RE
from seed.sections.attendance import is_attendance
from seed.sections.base import Part, Placed, Reading, cell, column, is_total_row, row_numbers
from seed.sections.convenios import is_convenio_table

SERIES_CHARS = 200
_TITLE_CHARS = 80  # a row with no text of its own is titled by its table's caption, when it is short
# A counted noun names what a table lists: "se realizaron 13 reportes", "ocho notas ejecutivas".
_COUNTED_RE = re.compile(r"(?=\b(\d+|[a-z]+)\s+([a-z]+))")
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
    place_column = column(header, "universidad", "instancia", "institucion", "sede", "organismo", "dependencia")
    person_column = column(header, "profesor", "ponente", "imparte", "responsable", "expositor")
    detail_column = column(header, "clase", "observaciones", "objetivo", "materia")
    used = {c for c in (date_column, number_column, place_column, person_column, detail_column) if c is not None}
    fill: dict[int, str] = {}
    activities = reading.informe.activities
    for row in body:
        if not any(row):
            continue
        if is_total_row(row):
            for value in row_numbers(row)[-1:]:
                reading.informe.stated.append(StatedCount("actividades", value, " ".join(row), series))
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
        others = [
            v
            for c, v in cells.items()
            if c not in used and v and v != date_cell and not re.fullmatch(r"\d{1,3}\s*[.)]?", v.strip())
        ]
        title = max(others, key=len, default="") or (
            series if len(series) <= _TITLE_CHARS else kind.label[:1].upper() + kind.label[1:]
        )
        if not title:
            continue
        activities.append(
            ParsedActivity(
                kind=kind,
                series=series,
                section=placed.section,
                position=len(activities),
                date=found[0].value if found else None,
                end_date=(found[0].end or (found[-1].value if len(found) > 1 else None)) if found else None,
                date_text=date_cell.rstrip(". ") or None,
                title=title.rstrip(),
                institution=(cells.get(place_column) or None) if place_column is not None else None,
                detail=(cells.get(detail_column) or None) if detail_column is not None else None,
                person=(cells.get(person_column) or None) if person_column is not None else None,
            )
        )


def participants_in(folded: str) -> int | None:
    """How many people took part, as the prose says it ("participaron 27 personas")."""
    m = re.search(
        r"(?:participaron|asistieron|participacion de|asistencia de|participantes?:?)\s+"
        r"(?:(?:un|una)\s+total\s+de\s+|mas\s+de\s+|alrededor\s+de\s+)?(\w+)(?:\s+y\s+\w+)?\s+"
        r"(personas|asistentes|integrantes|participantes|funcionari|servidor|observador|estudiant|alumn)",
        folded,
    )
    if not m:
        m = re.search(r"(?:participaron|asistieron)\s+(?:un total de\s+)?(\w+)\s+(personas)", folded)
    return number_from_word(m.group(1)) if m else None


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
