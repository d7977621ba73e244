"""Attendance: tables with a row per participant and a column per session, whatever their layout.

Columns are read by what their header means: a session's name or date makes a session column; "Nombre"
(or a column of people's names) holds the person, "Cargo", "Integrante", "Representación" the organ.
Marks: X, ✓, Sí, Asistió count as present; No, —, or an empty cell as absent; N/A or "no aplica" as
neither. A row with no mark at all is a group's label, not a participant; "Total" rows state figures.
Someone standing in for another row ("Encargado del despacho de la Secretaría Ejecutiva", "En
representación de la Unidad…") is no absentee where they stood in for nobody, and the organ they stood in
for is not absent where they came; nor is a person absent from one row at a session they attended in another.
"""

from __future__ import annotations

import re

from lang.names import find_session_refs, organ_key, short_session_ref, stand_in_for
from lang.spanish import fold
from lang.vocabulary import ParticipantGroup
from seed.document import Block, BlockKind, header_key
from seed.informe import ParsedAttendanceRow, SessionKey, StatedCount
from seed.sections.base import Placed, Reading, is_total_row, row_numbers

_PRESENT = {"x", "✓", "✔", "☑", "si", "sí", "asistio", "asistió", "presente", "•", "*", "1"}
_ABSENT = {"no", "-", "—", "–", "✗", "✘", "falto", "faltó", "ausente", "inasistencia", "0", "no asistio", "no asistió"}
_NOT_APPLICABLE_RE = re.compile(r"^(?:n\s*/\s*a|n\.?\s*a\.?|no aplica|no aplicable|sin registro)$")


Legend = dict[str, bool | None]
_LEGEND_MARK_RE = re.compile(
    r"✓|✔|☑|✗|✘|•|\*|\bN\s*/?\s*A\b|(?<![\w/])[A-Z](?![\w/])(?=\s*[:=.]?\s+[A-Za-zÁÉÍÓÚ])|(?<!\w)[—–-](?=\s*[:=])"
)
_ABSENT_MEANING_RE = re.compile(r"^(?:no\s+(?:asisti|acudi|se\s+present|particip|estuv)|inasist|ausen|falt)")
_PRESENT_MEANING_RE = re.compile(r"^(?:asisti|asistencia\b|presen|acudi|particip|si\s+asisti)")
_NEITHER_MEANING_RE = re.compile(
    r"^(?:no\s+(?:aplica|formaba|era|integraba|correspond|le\s+correspond)|sin\s+registro)"
)


def read_legend(text: str) -> Legend:
    """What each mark means, as a table's legend says: "✓ Asistió. X No asistió. N/A No formaba parte…"."""
    found = list(_LEGEND_MARK_RE.finditer(text))
    legend: Legend = {}
    for m, following in zip(found, [*found[1:], None], strict=False):
        meaning = fold(text[m.end() : following.start() if following else len(text)]).strip(" :=.;,-–—()")
        key = fold(re.sub(r"\s+", "", m.group(0)))
        if _ABSENT_MEANING_RE.match(meaning):
            legend[key] = False
        elif _NEITHER_MEANING_RE.match(meaning):
            legend[key] = None
        elif _PRESENT_MEANING_RE.match(meaning):
            legend[key] = True
    return legend


def mark(cell: str, legend: Legend | None = None) -> bool | str | None:
    """True (present), False (absent), None (does not apply), or "" for an empty cell; a legend's meaning of a
    mark comes first."""
    text = fold(cell.strip()).strip(" .")
    if not text:
        return ""
    if legend and re.sub(r"\s+", "", text) in legend:
        return legend[re.sub(r"\s+", "", text)]
    if text in _PRESENT:
        return True
    if text in _ABSENT:
        return False
    if _NOT_APPLICABLE_RE.match(text):
        return None
    return "?"


def _is_mark(cell: str) -> bool:
    return mark(cell) in (True, False, None)


def is_attendance(table: Block) -> bool:
    """Whether a table records attendance: most rows carry marks, and its header names sessions or
    attendance (or nearly every row is marked)."""
    body = [r for r in table.body if any(r)]
    if len(body) < 2:
        return False
    marked = sum(1 for r in body if any(_is_mark(c) for c in r[1:]) and not is_total_row(r))
    header = fold(" ".join(table.header))
    named = "asistencia" in header or "asistio" in header or bool(find_session_refs(header))
    return (named and marked >= 0.5 * len(body)) or marked >= 0.8 * len(body)


# Parties by their acronyms, folded ("PAN", "PVEM", "MC"), as a table's column or a representative's title names them
_PARTY_ACRONYMS = "pan|pri|prd|pt|pvem|mc|pes|pelg|elige|panal|na|psd|fxm|rsp|ph|mas"
_GROUP_RULES: tuple[tuple[str, ParticipantGroup], ...] = (
    (r"secretari[ao] tecnic", ParticipantGroup.SECRETARIA_TECNICA),
    (r"presiden|integrante|consejer", ParticipantGroup.CONSEJERIA),
    # "Representante del PAN", "Representación de MORENA": a party, whoever sits for it
    (
        r"representa\w*\s+(?:del|de la|de)\s+"
        rf"(?:partido|morena|movimiento ciudadano|{_PARTY_ACRONYMS})\b",
        ParticipantGroup.PARTIDO,
    ),
    (r"^en representacion|representante", ParticipantGroup.REPRESENTACION),
    (r"partido|morena|movimiento ciudadano|representacion de", ParticipantGroup.PARTIDO),
    # A party by its acronym alone, as a table's column of each party names it ("PAN", "PVEM", "MC")
    (rf"^(?:{_PARTY_ACRONYMS})\W*$", ParticipantGroup.PARTIDO),
    (r"direccion", ParticipantGroup.DIRECCION),
    (r"unidad", ParticipantGroup.UNIDAD),
    (r"secretari|encargad", ParticipantGroup.SECRETARIA),
    (r"contralor", ParticipantGroup.REPRESENTACION),
)
_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü.]+"
PERSON_RE = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:de|del|la|las|los|y)\s+)*{_NAME_WORD}){{1,5}}")
_TITLE_RE = re.compile(r"^(?:encargad[oa]|titular|lic\.|licda?\.|mtr[oa]\.|dr[a]?\.|c\.|ing\.)\s+", re.IGNORECASE)


def group_of(text: str) -> ParticipantGroup:
    """The participant group an organ's name belongs to."""
    folded = fold(text)
    for pattern, group in _GROUP_RULES:
        if re.search(pattern, folded):
            return group
    return ParticipantGroup.OTRO


def parse_participant(label: str) -> tuple[ParticipantGroup, str | None, str, str | None]:
    """Split an attendance label into (group, role, body, person).

    "Presidencia: Erika Estrada Ruíz" → consejería, "Presidencia", "Presidencia", "Erika Estrada Ruíz";
    "Unidad Técnica de Asuntos Jurídicos, María Guadalupe Zavala Pérez" → unidad, None, "Unidad…", "María…";
    "Partido MORENA" → partido, None, "Partido MORENA", None.
    """
    text = label.strip(" ,")
    body, person = text, None
    # The person is what follows the last separator, when it reads as a name ("…, Ulises Irvin Blanco").
    for sep in reversed([m.start() for m in re.finditer(r"[:,]", text)]):
        candidate = _TITLE_RE.sub("", text[sep + 1 :].strip())
        if PERSON_RE.fullmatch(candidate):
            body, person = text[:sep].strip(" ,"), candidate
            break
    return _with_group(body, person)


def _with_group(body: str, person: str | None) -> tuple[ParticipantGroup, str | None, str, str | None]:
    group = group_of(body)
    role = body if group in (ParticipantGroup.CONSEJERIA, ParticipantGroup.SECRETARIA_TECNICA) else None
    return group, role, body, person


def _session_columns(reading: Reading, table: Block) -> dict[int, SessionKey]:
    columns: dict[int, SessionKey] = {}
    for c, label in enumerate(table.header):
        refs = find_session_refs(label)
        short = short_session_ref(label)
        if short and (not refs or refs[-1].kind is None):
            refs = [short]  # "Asistencia a las sesiones 1ª ext.": the short name tells the kind
        when = reading.date(label)
        if refs:
            columns[c] = reading.key_for(refs[-1], when)
        elif when:
            key = reading.sessions_by_date.get(when)
            if key is None:
                reading.warn(f"La columna de asistencia del {when:%d/%m/%Y} no corresponde a ninguna sesión leída.")
                continue
            columns[c] = key
    return columns


def _label_columns(table: Block, sessions: dict[int, SessionKey]) -> tuple[int | None, int | None]:
    """(organ column, person column): by header words, else by what the cells hold."""
    width = len(table.header)
    free = [c for c in range(width) if c not in sessions and not _numbering(table, c)]
    headers = {c: fold(table.header[c]) for c in free}
    person = next((c for c in free if re.search(r"\b(?:nombre|persona|servidor|asistente)", headers[c])), None)
    if person is None and len(free) >= 2:
        names = {c: sum(bool(PERSON_RE.fullmatch(_TITLE_RE.sub("", r[c].strip()))) for r in table.body) for c in free}
        best = max(free, key=lambda c: names[c])
        if names[best] >= 0.6 * len(table.body):
            person = best
    others = [c for c in free if c != person]
    organ_words = r"\b(?:cargo|integrante|representa|area|organo|partido|puesto|institucion|invitad)"
    organ = next((c for c in others if re.search(organ_words, headers[c])), others[0] if others else None)
    return organ, person


def _legend_near(reading: Reading, placed: Placed) -> Legend:
    """The legend printed under (or over) an attendance table, or in a note beside it."""
    legend: Legend = {}
    near = [p for p in reading.placed if abs(p.index - placed.index) <= 3 and p.kind != BlockKind.TABLE]
    notes = [p for p in reading.placed if p.kind == BlockKind.NOTE]
    for other in near + notes:
        folded = fold(other.text)
        if len(other.text) < 400 and re.search(r"asisti|inasist|ausen|falt", folded):
            legend = {**read_legend(other.text), **legend}
    return legend


def _numbering(table: Block, column: int) -> bool:
    cells = [r[column] for r in table.body if r[column].strip()]
    return bool(cells) and all(re.fullmatch(r"\d{1,3}\s*[.)]?", c.strip()) for c in cells)


def read_attendance(reading: Reading) -> None:
    """Every attendance table of the informe."""
    for placed in reading.blocks(kinds=(BlockKind.TABLE,)):
        if is_attendance(placed.block):
            _read_table(reading, placed)
    settle_stand_ins(reading.informe.attendance)


def settle_stand_ins(rows: list[ParsedAttendanceRow]) -> None:
    """Blank cells that are no absence: a stand-in's where they stood in for nobody, the organ's where its
    stand-in came, and a person's at a session they attended in another row."""
    by_organ = {organ_key(r.body): r for r in rows}
    for row in rows:
        of = stand_in_for(row.body)
        principal = by_organ.get(of) if of else None
        if principal is None or principal is row:
            continue
        for key, present in list(row.marks.items()):
            if not present:
                del row.marks[key]
            elif principal.marks.get(key) is False:
                del principal.marks[key]
    attended: set[tuple[str, SessionKey]] = {
        (fold(r.person), key) for r in rows if r.person for key, present in r.marks.items() if present
    }
    for row in rows:
        if row.person:
            for key in [k for k, present in row.marks.items() if not present and (fold(row.person), k) in attended]:
                del row.marks[key]


def _transposed(reading: Reading, table: Block) -> Block | None:
    """A table with a row per session and a column per participant ("Tercera sesión ordinaria (28 de abril) |
    Asistió | No asistió…" under "Sesión | PAN | PRI…"), turned to a row per participant."""
    body = [r for r in table.body if any(r)]
    named = [r for r in body if r and (find_session_refs(r[0]) or short_session_ref(r[0]) or reading.date(r[0]))]
    if not body or len(named) < 0.5 * len(body) or len(table.header) < 2:
        return None
    width = len(table.header)
    rows = [[table.header[0], *(r[0] for r in named)]]
    rows += [[table.header[c], *(r[c] if c < len(r) else "" for r in named)] for c in range(1, width)]
    return Block(BlockKind.TABLE, rows=rows, header_rows=1, caption=table.caption)


def _read_table(reading: Reading, placed: Placed) -> None:
    table = placed.block
    columns = _session_columns(reading, table)
    if not columns and (turned := _transposed(reading, table)) is not None:
        table = turned
        columns = _session_columns(reading, table)
    if not columns:
        reading.warn("Una tabla de asistencia no indica a qué sesiones corresponde; la omití.")
        return
    for key in columns.values():
        reading.session(key, held=True)
    organ, person_column = _label_columns(table, columns)
    heads = {header_key(r) for r in table.rows[: table.header_rows]}
    rows = reading.informe.attendance
    legend = _legend_near(reading, placed)
    for row in table.body:
        if header_key(row) in heads:
            continue  # a header repeated where the table went on to another page
        cells = {c: mark(row[c], legend) if c < len(row) else "" for c in columns}
        if is_total_row(row):
            numbers = {c: n for c in columns if (n := row_numbers([row[c]]))}
            for c, values in numbers.items():
                name = reading.session(columns[c]).name
                reading.informe.stated.append(StatedCount("asistentes", values[0], " ".join(row), name, core=True))
            continue
        if all(v == "" for v in cells.values()):
            continue  # a group's label ("Representaciones de los partidos políticos"), no participant
        label = row[organ].strip() if organ is not None and organ < len(row) else ""
        named = _TITLE_RE.sub("", row[person_column].strip()) if person_column is not None else ""
        if not label and not named:
            continue
        if person_column is not None:
            group, role, body, person = _with_group(label or named, named or None)
        else:
            group, role, body, person = parse_participant(label)
        marks = {key: value is True for c, key in columns.items() if (value := cells[c]) is not None}
        rows.append(ParsedAttendanceRow(len(rows), group, role, body, person, marks))
