"""Parse the text form of an informe trimestral into plain data, without touching the database.

The text is Markdown-like: headings with ``#`` or in bold, tab-separated tables (broken across pages
with repeated headers, or continued without one), ``<b>``/``<sup>`` tags, footnotes and page rules.
The parser relies on structure and vocabulary rather than on positions, so that informes it has
never seen (other quarters, extraordinary or urgent sessions, sloppy acuerdo numbers, other heading
styles) are read too. Whatever it cannot read becomes a warning, never a crash.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from datetime import date

from lang.spanish import (
    ACUERDO_CODE_RE,
    MONTH_ALIASES,
    QUARTER_WORDS,
    SessionRef,
    find_dates,
    find_session_refs,
    first_date,
    fold,
    full_year,
    normalise_acuerdo_code,
    number_from_word,
    ordinal_feminine,
    parse_session_list,
    tokens,
)
from lang.vocabulary import ActivityKind

SessionKey = tuple[int, str, int]  # (year, kind, number)
SESSION_KINDS = ("ordinaria", "extraordinaria", "urgente")


class InformeFormatError(ValueError):
    """The text is not an informe trimestral, or too damaged to be read."""


@dataclass
class ParsedSession:
    year: int
    kind: str
    number: int
    date: dt.date | None = None
    modality: str | None = None

    @property
    def key(self) -> SessionKey:
        return (self.year, self.kind, self.number)

    @property
    def ordinal(self) -> str:
        return ordinal_feminine(self.number)


@dataclass
class ParsedAttendanceRow:
    position: int
    group: str
    role: str | None
    body: str
    person: str | None
    marks: dict[SessionKey, bool]


@dataclass
class ParsedMember:
    role: str
    name: str
    designation: str | None = None
    acuerdos: list[str] = field(default_factory=list)


@dataclass
class ParsedAcuerdo:
    code: str
    code_as_written: str
    prefix: str
    number: int
    year: int
    session: SessionKey | None
    text: str
    observations: str | None
    position: int


@dataclass
class ParsedMention:
    code: str
    code_as_written: str
    context: str
    section: str
    session: SessionKey | None = None
    date: dt.date | None = None


@dataclass
class ParsedConvenio:
    status: str
    position: int
    instrument_type: str
    counterpart: str
    object: str | None
    signed_on: dt.date | None
    sessions_text: str | None
    sessions: list[SessionKey]


@dataclass
class ParsedActivity:
    kind: ActivityKind
    series: str | None
    section: str
    position: int
    date: dt.date | None
    end_date: dt.date | None
    date_text: str | None
    title: str
    institution: str | None = None
    detail: str | None = None
    person: str | None = None
    participants: int | None = None


@dataclass
class ParsedFigure:
    value: int
    noun: str
    sentence: str
    section: str


@dataclass
class ParsedPassage:
    section: str
    position: int
    text: str


@dataclass
class ParsedInforme:
    commission: str
    year: int
    quarter: int
    title: str
    period_start: date
    period_end: date
    approval_acuerdo: str | None = None
    approval_point: int | None = None
    approval_session: SessionKey | None = None
    approval_date: dt.date | None = None
    convenios_since_year: int | None = None
    convenios_total: int | None = None
    convenios_vigentes: int | None = None
    sessions: dict[SessionKey, ParsedSession] = field(default_factory=dict)
    members: list[ParsedMember] = field(default_factory=list)
    attendance: list[ParsedAttendanceRow] = field(default_factory=list)
    acuerdos: list[ParsedAcuerdo] = field(default_factory=list)
    mentions: list[ParsedMention] = field(default_factory=list)
    convenios: list[ParsedConvenio] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    passages: list[ParsedPassage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many records of each kind were read."""
        held = [s for s in self.sessions.values() if s.key != self.approval_session]
        return {
            "sesiones": len(held),
            "acuerdos": len(self.acuerdos),
            "acuerdos mencionados": len(self.mentions),
            "asistentes": len(self.attendance),
            "integrantes": len(self.members),
            "convenios suscritos": sum(c.status == "suscrito" for c in self.convenios),
            "convenios con seguimiento": sum(c.status == "seguimiento" for c in self.convenios),
            "actividades": len(self.activities),
            "cifras": len(self.figures),
            "pasajes": len(self.passages),
        }


# --- blocks ------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # heading | paragraph | item | table | footnote | rule
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    level: int = 0
    bold: bool = False


_TAG_RE = re.compile(r"</?(?:b|strong|i|em|u|span|br)\b[^>]*>", re.I)
_SUP_RE = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.I)
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def clean_inline(text: str) -> str:
    """Strip inline markup (bold, italics, tags, links) and collapse white space."""
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _SUP_RE.sub(lambda m: "º" if m.group(1) in ("o", "°", "º", "a", "ª") else "", text)
    text = _TAG_RE.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:])", r"\1", text)


_ROMAN_RE = re.compile(r"^(?:[IVX]{1,4})\s*[.)-]\s+\S")
_ARABIC_RE = re.compile(r"^\d{1,2}\s*[.)]\s+[A-ZÁÉÍÓÚÑ]")
_LETTER_RE = re.compile(r"^[A-H]\s*\)\s+\S")
_TOP_WORDS = ("introduccion", "indice", "contenido", "presentacion", "conclusion", "anexo")


def _heading_level(text: str) -> int | None:
    """Level of a numbered heading: I. → 1, 1. → 2, A) → 3; None when not numbered."""
    if _ROMAN_RE.match(text):
        return 1
    if _ARABIC_RE.match(text):
        return 2
    if _LETTER_RE.match(text):
        return 3
    return None


def split_blocks(text: str) -> list[Block]:
    """Split the document into headings, paragraphs, list items, tables, footnotes and rules."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    chunks = re.split(r"\n\s*\n", text)
    blocks: list[Block] = []
    for chunk in chunks:
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        tab_lines = [ln for ln in lines if "\t" in ln]
        if len(tab_lines) >= max(1, len(lines) // 2) and not all(_is_index_line(ln) for ln in tab_lines):
            rows = [[clean_inline(c) for c in ln.split("\t")] for ln in lines]
            blocks.append(Block("table", rows=rows))
            continue
        if all(_is_index_line(ln) for ln in lines):
            continue  # table of contents
        if re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", lines[0]) and len(lines) == 1:
            blocks.append(Block("rule"))
            continue
        first = lines[0].strip()
        if first.startswith("#"):
            level = len(first) - len(first.lstrip("#"))
            title = clean_inline(" ".join(ln.strip() for ln in lines).lstrip("#"))
            blocks.append(Block("heading", title, level=level, bold=True))
            continue
        sup = re.match(r"^<sup>\s*(\d+)\s*</sup>\s*(.*)", first, re.S)
        if sup:
            blocks.append(Block("footnote", clean_inline(sup.group(2) + " " + " ".join(lines[1:]))))
            continue
        if re.match(r"^\s*[-*+•]\s+", first) or (re.match(r"^\s*\d+\.\s+\S", first) and len(lines) > 1):
            blocks.extend(_list_items(lines))
            continue
        joined = " ".join(ln.strip() for ln in lines)
        blocks.append(_paragraph_or_heading(joined))
    return _join_broken_paragraphs(blocks)


def _is_index_line(line: str) -> bool:
    return bool(re.search(r"\.{4,}\s*\t?\s*\d+\s*$", line))


def _list_items(lines: list[str]) -> list[Block]:
    items: list[list[str]] = []
    for ln in lines:
        if re.match(r"^\s*[-*+•]\s+|^\s*\d+\.\s+\S", ln) or not items:
            items.append([re.sub(r"^\s*(?:[-*+•]|\d+\.)\s+", "", ln)])
        else:
            items[-1].append(ln.strip())
    blocks = []
    for item in items:
        raw = " ".join(item)
        block = _paragraph_or_heading(raw)
        if block.kind == "paragraph":
            block.kind = "item"
        blocks.append(block)
    return blocks


def _paragraph_or_heading(raw: str) -> Block:
    text = clean_inline(raw)
    stripped = raw.strip()
    bold = stripped.startswith(("**", "<b>", "__")) and (
        stripped.rstrip(" .:").endswith(("**", "</b>", "__")) or stripped.count("**") == 1
    )
    bold = bold or (stripped.endswith("**") and stripped.count("**") == 1)
    if bold and len(text) < 400 and not ACUERDO_CODE_RE.match(text) and not re.match(r"(?i)^tabla\b", text):
        level = _heading_level(text)
        if level is not None or len(text) < 160:
            return Block("heading", text, level=0, bold=True)
    return Block("paragraph", text, bold=bold)


def _join_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that a page break cut in two ("…se realizó la" + "segunda parte…")."""
    out: list[Block] = []
    for block in blocks:
        if (
            block.kind == "paragraph"
            and block.text[:1].islower()
            and out
            and out[-1].kind in ("paragraph", "item")
            and not re.search(r"[.:;!?”\")]\s*$", out[-1].text)
        ):
            out[-1].text = f"{out[-1].text} {block.text}"
            continue
        out.append(block)
    return out


# --- the parser --------------------------------------------------------------------------------


@dataclass
class _Table:
    rows: list[list[str]]
    section: str
    context: str  # the text just before the table (its caption, or the sentence that introduces it)
    position: int
    lead: str = ""  # the text before that one (the paragraph before a caption)


class InformeParser:
    """Reads one informe. Use :func:`parse_informe`."""

    def __init__(self, text: str, source_name: str = "") -> None:
        self.text = text
        self.source_name = source_name
        self.blocks = split_blocks(text)
        self.warnings: list[str] = []
        self.year: int = 0
        self.section_titles: list[str] = ["", "", "", ""]
        self.sessions: dict[SessionKey, ParsedSession] = {}

    # -- entry point
    def parse(self) -> ParsedInforme:
        cover, body = self._split_cover()
        meta = self._read_cover(cover, body)
        informe = meta
        self.year = informe.year
        tables, paragraphs = self._walk(body, informe)
        self._read_session_tables(tables, informe)
        self._read_session_prose(paragraphs)
        for table in tables:
            self._read_table(table, informe)
        self._read_acuerdos(body, informe)
        self._read_members(paragraphs, informe)
        self._read_totals(paragraphs, informe)
        self._read_events(paragraphs, informe)
        self._read_figures(paragraphs, informe)
        self._read_mentions(paragraphs, informe)
        self._check_sessions(informe)
        informe.sessions = self.sessions
        informe.warnings = self.warnings
        self._check_totals(paragraphs, informe)
        if not informe.acuerdos and not informe.attendance and len(self.sessions) <= 1:
            raise InformeFormatError(
                "El archivo no contiene sesiones, asistencia ni acuerdos legibles: no parece un informe "
                "trimestral de la Comisión o está dañado."
            )
        return informe

    # -- cover and metadata
    def _split_cover(self) -> tuple[list[Block], list[Block]]:
        for i, block in enumerate(self.blocks):
            folded = fold(block.text)
            if block.kind == "heading" and (folded.startswith(_TOP_WORDS) or _heading_level(block.text) == 1):
                return self.blocks[:i], self.blocks[i:]
        # No recognisable first section: the cover is whatever precedes the first paragraph.
        for i, block in enumerate(self.blocks):
            if block.kind != "heading":
                return self.blocks[:i], self.blocks[i:]
        return self.blocks, []

    def _read_cover(self, cover: list[Block], body: list[Block]) -> ParsedInforme:
        cover_text = " ".join(b.text for b in cover)
        folded_cover = fold(cover_text)
        title = ""
        for block in cover:
            if "informe" in fold(block.text):
                title = block.text
                break
        if not title:
            for block in self.blocks[:40]:
                if re.search(r"informe\s+trimestral", fold(block.text)):
                    title = block.text
                    break
        folded_title = fold(title)
        if "informe" not in folded_title:
            raise InformeFormatError(
                "No encontré el título del informe trimestral: el archivo no parece un informe de la Comisión."
            )
        quarter = None
        m = re.search(r"\b(primer|primero|segundo|tercer|tercero|cuarto)\s+informe", folded_title)
        if m:
            quarter = QUARTER_WORDS[m.group(1)]
        m_file = re.search(r"(20\d\d)[_-]?t([1-4])", fold(self.source_name))
        year_match = re.findall(r"\b(20\d\d)\b", folded_title)
        year = int(year_match[-1]) if year_match else None
        body_text = fold(" ".join(b.text for b in body[:40]))
        period = re.search(
            r"(enero|abril|julio|octubre)\s*(?:a|y|al|-|–)\s*(marzo|junio|septiembre|diciembre)\s+(?:de\s+|del\s+)?(20\d\d)",
            body_text,
        )
        if period:
            year = year or int(period.group(3))
            quarter = quarter or (MONTH_ALIASES[period.group(1)] - 1) // 3 + 1
        if m_file:
            year = year or int(m_file.group(1))
            quarter = quarter or int(m_file.group(2))
        if year is None or quarter is None:
            raise InformeFormatError(
                "No pude determinar el trimestre y el año del informe (título, periodo o nombre del archivo)."
            )
        start = date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = date(year + (end_month // 12), end_month % 12 + 1, 1)
        period_end = date.fromordinal(end.toordinal() - 1)
        informe = ParsedInforme(
            commission="CVOE",
            year=year,
            quarter=quarter,
            title=title,
            period_start=start,
            period_end=period_end,
        )
        if "aprobado" in folded_cover:
            code = ACUERDO_CODE_RE.search(cover_text)
            if code:
                informe.approval_acuerdo = normalise_acuerdo_code(
                    code.group("prefix"), int(code.group("number")), full_year(int(code.group("year")))
                )
            point = re.search(r"\bpunto\s+(\d+)", folded_cover)
            informe.approval_point = int(point.group(1)) if point else None
            refs = find_session_refs(cover_text)
            when = first_date(cover_text)
            if refs:
                ref = refs[-1]
                sess_year = when.year if when else year + (1 if quarter == 4 else 0)
                key = (sess_year, ref.kind or "ordinaria", ref.number)
                self._session(key, when)
                informe.approval_session = key
                informe.approval_date = when
        return informe

    # -- sections
    def _section(self) -> str:
        return " › ".join(t for t in self.section_titles[:3] if t)

    def _enter_heading(self, block: Block) -> None:
        level = _heading_level(block.text)
        if level is None:
            folded = fold(block.text)
            level = 1 if folded.startswith(_TOP_WORDS) else 4
        self.section_titles[level - 1] = block.text.rstrip(":")
        for k in range(level, 4):
            self.section_titles[k] = ""

    def _walk(self, body: list[Block], informe: ParsedInforme) -> tuple[list[_Table], list[tuple[str, Block]]]:
        """Track sections, merge broken tables, store passages; return tables and text blocks."""
        tables: list[_Table] = []
        paragraphs: list[tuple[str, Block]] = []
        last_text = prior_text = ""
        previous_was_table = False
        position = 0
        for block in body:
            if block.kind == "heading":
                self._enter_heading(block)
                if not fold(block.text).startswith(("indice", "contenido")):
                    paragraphs.append((self._section(), block))
                previous_was_table = False
                last_text, prior_text = block.text, last_text
                continue
            if fold(self.section_titles[0]).startswith(("indice", "contenido")):
                continue
            if block.kind == "rule":
                continue
            if block.kind == "table":
                if previous_was_table and tables and self._continues(tables[-1], block.rows):
                    self._merge(tables[-1], block.rows)
                else:
                    tables.append(_Table(block.rows, self._section(), last_text, position, prior_text))
                    position += 1
                previous_was_table = True
                continue
            if block.kind == "footnote":
                # A footnote between two parts of a table does not end the table.
                informe.passages.append(ParsedPassage(self._section(), len(informe.passages), block.text))
                paragraphs.append((self._section(), block))
                continue
            previous_was_table = False
            last_text, prior_text = block.text, last_text
            informe.passages.append(ParsedPassage(self._section(), len(informe.passages), block.text))
            paragraphs.append((self._section(), block))
        return tables, paragraphs

    @staticmethod
    def _header_key(row: list[str]) -> str:
        return "|".join(fold(c) for c in row if c)

    def _continues(self, table: _Table, rows: list[list[str]]) -> bool:
        if not rows:
            return False
        head = self._header_key(table.rows[0])
        if self._header_key(rows[0]) == head:
            return True
        width = max(len(r) for r in table.rows)
        last_no = _row_number(table.rows[-1])
        first_no = _row_number(rows[0])
        same_width = abs(max(len(r) for r in rows) - width) <= 1
        return same_width and last_no is not None and first_no == last_no + 1

    def _merge(self, table: _Table, rows: list[list[str]]) -> None:
        head = [self._header_key(r) for r in table.rows[:2]]
        skip = 0
        while skip < len(rows) and skip < 2 and self._header_key(rows[skip]) in head:
            skip += 1
        table.rows.extend(rows[skip:])

    # -- sessions
    def _session(self, key: SessionKey, when: date | None = None, modality: str | None = None) -> ParsedSession:
        session = self.sessions.get(key)
        if session is None:
            session = ParsedSession(*key)
            self.sessions[key] = session
        if when and not session.date:
            session.date = when
        if modality and not session.modality:
            session.modality = modality
        return session

    def _key_for(self, ref: SessionRef, when: date | None = None, default_kind: str = "ordinaria") -> SessionKey:
        kind = ref.kind or default_kind
        year = ref.year or (when.year if when else self.year)
        if ref.kind is None:
            # "Décima" alone means the known session with that number, whatever its kind.
            known = [k for k in self.sessions if k[2] == ref.number and k[0] == year]
            if len(known) == 1:
                return known[0]
        return (year, kind, ref.number)

    def _read_session_tables(self, tables: list[_Table], informe: ParsedInforme) -> None:
        """The sessions held: a table whose header names sessions over a row of dates, or (in the sessions
        section) one row per session with its date."""
        for table in tables:
            if _is_attendance(table.rows):
                continue
            if "sesion" in fold(table.section) and "acuerdo" not in fold(table.section):
                for row in table.rows:
                    joined = " ".join(row)
                    found = find_session_refs(joined)
                    when = first_date(joined, default_year=self.year)
                    if len({(ref.number, ref.kind) for ref in found}) == 1 and when:
                        self._session(self._key_for(found[0], when), when)
            for r, row in enumerate(table.rows[:2]):
                per_cell = [find_session_refs(c) for c in row]
                filled = [c for c in row if c]
                if not filled or sum(bool(x) for x in per_cell) * 2 < len(filled) or r + 1 >= len(table.rows):
                    continue
                dates_row = table.rows[r + 1]
                if not any(first_date(c) for c in dates_row):
                    continue
                for c, cell_refs in enumerate(per_cell):
                    if cell_refs and c < len(dates_row):
                        when = first_date(dates_row[c], default_year=self.year)
                        self._session(self._key_for(cell_refs[0], when), when)
                break

    def _read_session_prose(self, paragraphs: list[tuple[str, Block]]) -> None:
        """Session headings and sentences that name one session and one date ("Décima sesión, 26 de octubre")."""
        for section, block in paragraphs:
            folded_section = fold(section)
            in_sessions = "sesion" in folded_section or "acuerdo" in folded_section
            if not in_sessions and block.kind != "heading":
                continue
            for sentence in _sentences(block.text):
                refs = find_session_refs(sentence)
                dates = [d for d in find_dates(sentence, default_year=self.year) if d.value]
                distinct = {(r.number, r.kind) for r in refs}
                if len(distinct) == 1 and len(dates) >= 1 and refs[0].year in (None, dates[0].year):
                    # "celebrada el 26 de octubre": the session's own date comes after its name.
                    when = dates[0].value
                    if when and informe_period_contains(self.year, when):
                        self._session(self._key_for(refs[0], when), when)
                folded = fold(sentence)
                if "virtual" in folded and "sesiones" in folded and "celebr" in folded:
                    self._default_modality = "virtual"
                elif "presencial" in folded and "sesiones" in folded and "celebr" in folded:
                    self._default_modality = "presencial"

    _default_modality: str | None = None

    def _check_sessions(self, informe: ParsedInforme) -> None:
        for key, session in sorted(self.sessions.items()):
            if key != informe.approval_session and self._default_modality and not session.modality:
                session.modality = self._default_modality
            if session.date is None:
                self.warnings.append(f"No encontré la fecha de la {session.ordinal} sesión {session.kind}.")

    # -- tables
    def _read_table(self, table: _Table, informe: ParsedInforme) -> None:
        rows = [r for r in table.rows if any(c for c in r)]
        if not rows:
            return
        header = " | ".join(fold(c) for c in rows[0])
        if _is_attendance(rows):
            self._read_attendance(rows, informe)
        elif "objeto" in header and ("suscripci" in header or "instrumento" in header or "convenio" in header):
            self._read_signed_convenios(rows, informe)
        elif "contraparte" in header or ("convenio" in header and "sesion" in header):
            self._read_followed_convenios(rows, informe)
        elif any(find_session_refs(c) for c in rows[0]) and len(rows) <= 3:
            return  # the sessions table, read already
        elif ACUERDO_CODE_RE.search(" ".join(c for r in rows[1:] for c in r)) and "acuerdo" in header:
            self._read_acuerdo_table(rows, informe)
        else:
            self._read_activity_table(table, rows, informe)

    def _read_attendance(self, rows: list[list[str]], informe: ParsedInforme) -> None:
        # Columns → sessions, from the header rows (the rows before the first mark).
        first_body = next((i for i, r in enumerate(rows) if _marks_in(r) > 0), len(rows))
        header_rows = rows[:first_body]
        width = max(len(r) for r in rows)
        columns: dict[int, SessionKey] = {}
        for c in range(1, width):
            label = " ".join(r[c] for r in header_rows if c < len(r) and r[c])
            refs = find_session_refs(label)
            if refs:
                columns[c] = self._key_for(refs[0], first_date(label, default_year=self.year))
            elif first_date(label, default_year=self.year):
                when = first_date(label, default_year=self.year)
                match = [k for k, s in self.sessions.items() if s.date == when]
                if match:
                    columns[c] = match[0]
        if not columns:
            self.warnings.append("La tabla de asistencia no indica a qué sesiones corresponde; la omití.")
            return
        for key in columns.values():
            self._session(key)
        seen_header = {InformeParser._header_key(r) for r in header_rows}
        for row in rows[first_body:]:
            if InformeParser._header_key(row) in seen_header or not row or not row[0]:
                continue
            group, role, body, person = parse_participant(row[0])
            marks = {key: _is_mark(row[c]) if c < len(row) else False for c, key in columns.items()}
            informe.attendance.append(ParsedAttendanceRow(len(informe.attendance), group, role, body, person, marks))

    def _read_signed_convenios(self, rows: list[list[str]], informe: ParsedInforme) -> None:
        header = [fold(c) for c in rows[0]]
        col_inst = _col(header, ("instrumento", "institucion", "convenio"), default=1)
        col_obj = _col(header, ("objeto",), default=2)
        col_date = _col(header, ("fecha", "suscripcion"), default=3)
        for row in rows[1:]:
            instrument = _cell(row, col_inst)
            if not instrument:
                continue
            kind, counterpart = split_instrument(instrument)
            informe.convenios.append(
                ParsedConvenio(
                    status="suscrito",
                    position=len(informe.convenios),
                    instrument_type=kind,
                    counterpart=counterpart,
                    object=_cell(row, col_obj) or None,
                    signed_on=first_date(_cell(row, col_date), default_year=self.year),
                    sessions_text=None,
                    sessions=[],
                )
            )

    def _read_followed_convenios(self, rows: list[list[str]], informe: ParsedInforme) -> None:
        header = [fold(c) for c in rows[0]]
        col_type = _col(header, ("tipo",), default=1)
        col_cp = _col(header, ("contraparte", "institucion"), default=2)
        col_ses = _col(header, ("sesion",), default=3)
        kind_hint = next((k for k in SESSION_KINDS if k in " ".join(header)), "ordinaria")
        for row in rows[1:]:
            counterpart = _cell(row, col_cp)
            if not counterpart:
                continue
            sessions_text = _cell(row, col_ses)
            keys = []
            for number in parse_session_list(sessions_text):
                keys.append(self._key_for(SessionRef(number, None, None, 0, 0), None, kind_hint))
            informe.convenios.append(
                ParsedConvenio(
                    status="seguimiento",
                    position=len(informe.convenios),
                    instrument_type=_cell(row, col_type) or "Convenio",
                    counterpart=counterpart.rstrip(". "),
                    object=None,
                    signed_on=None,
                    sessions_text=sessions_text or None,
                    sessions=keys,
                )
            )

    def _read_acuerdo_table(self, rows: list[list[str]], informe: ParsedInforme) -> None:
        current: SessionKey | None = None
        for row in rows[1:]:
            joined = " ".join(row)
            refs = find_session_refs(joined)
            if refs:
                current = self._key_for(refs[0], first_date(joined, default_year=self.year))
                self._session(current, first_date(joined, default_year=self.year))
            code_cell = next((c for c in row if ACUERDO_CODE_RE.match(c.strip())), None)
            if code_cell is None:
                continue
            text = max((c for c in row if c != code_cell), key=len, default="")
            self._add_acuerdo(informe, code_cell + ". " + text, current)

    def _read_activity_table(self, table: _Table, rows: list[list[str]], informe: ParsedInforme) -> None:
        header = [fold(c) for c in rows[0]]
        has_header = any(h in " ".join(header) for h in ("fecha", "universidad", "informacion", "reunion"))
        body = rows[1:] if has_header else rows
        if not has_header:
            header = []
        kind, series = classify_table(
            header,
            table.context,
            table.section,
            table.lead,
            [" ".join(c for c in r if not first_date(c, default_year=self.year)) for r in body if any(r)],
        )
        col_date = _col(header, ("fecha",), default=None)
        col_no = _col(header, ("no", "num", "#"), default=None, exact=True)
        col_inst = _col(header, ("universidad", "instancia", "institucion", "sede"), default=None)
        col_person = _col(header, ("profesor", "ponente", "imparte", "responsable"), default=None)
        col_detail = _col(header, ("clase", "observaciones", "objetivo", "materia"), default=None)
        used = {c for c in (col_date, col_no, col_inst, col_person, col_detail) if c is not None}
        fill: dict[int, str] = {}
        for row in body:
            if not any(row):
                continue
            cells = {c: v for c, v in enumerate(row)}
            # Grouping columns (Instancia, Observaciones) are written once per group: fill them down.
            for c in (col_inst, col_detail):
                if c is not None:
                    if cells.get(c):
                        fill[c] = cells[c]
                    else:
                        cells[c] = fill.get(c, "")
            date_cell = cells.get(col_date, "") if col_date is not None else ""
            if col_date is None:
                date_cell = next((v for v in row if first_date(v, default_year=self.year)), "")
            found = [d for d in find_dates(date_cell, default_year=self.year) if d.value]
            others = [v for c, v in cells.items() if c not in used and v and v != date_cell and not _row_number([v])]
            title = max(others, key=len, default="") or (
                series if len(series) <= _TITLE_CHARS else kind.label[:1].upper() + kind.label[1:]
            )
            if not title:
                continue
            informe.activities.append(
                ParsedActivity(
                    kind=kind,
                    series=series,
                    section=table.section,
                    position=len(informe.activities),
                    date=found[0].value if found else None,
                    end_date=(found[0].end or (found[-1].value if len(found) > 1 else None)) if found else None,
                    date_text=date_cell.rstrip(". ") or None,
                    title=title.rstrip(),
                    institution=(cells.get(col_inst) or None) if col_inst is not None else None,
                    detail=(cells.get(col_detail) or None) if col_detail is not None else None,
                    person=(cells.get(col_person) or None) if col_person is not None else None,
                )
            )

    # -- acuerdos
    def _read_acuerdos(self, body: list[Block], informe: ParsedInforme) -> None:
        current: SessionKey | None = None
        self.section_titles = ["", "", "", ""]
        for block in body:
            if block.kind == "heading":
                self._enter_heading(block)
            if block.kind == "table":
                continue
            text = block.text
            match = ACUERDO_CODE_RE.match(text)
            if match and block.kind in ("item", "paragraph", "heading") and match.start() == 0:
                self._add_acuerdo(informe, text, current)
                continue
            refs = find_session_refs(text)
            distinct = {(r.number, r.kind, r.year) for r in refs}
            short = block.kind == "heading" or len(text) < 300
            if len(distinct) == 1 and short and "acuerdo" in fold(self._section() + " " + text):
                when = first_date(text, default_year=self.year)
                key = self._key_for(refs[0], when)
                if key in self.sessions or when:
                    current = key
                    self._session(key, when)

    def _add_acuerdo(self, informe: ParsedInforme, text: str, session: SessionKey | None) -> None:
        match = ACUERDO_CODE_RE.match(text)
        if not match:
            return
        prefix = match.group("prefix").upper()
        number = int(match.group("number"))
        year = full_year(int(match.group("year")))
        code = normalise_acuerdo_code(prefix, number, year)
        body = text[match.end() :].lstrip(" .:-–—").strip()
        if any(a.code == code for a in informe.acuerdos):
            self.warnings.append(f"El acuerdo {code} aparece dos veces; conservé la primera.")
            return
        written = match.group(0)
        if written.replace(" ", "") != code:
            self.warnings.append(f"Código de acuerdo escrito «{written}»; lo normalicé como {code}.")
        obs = re.search(r"\bcon (?:las|la) observaci[oó]n(?:es)? (?:de |del )?(.+?)\.?$", body, re.I)
        informe.acuerdos.append(
            ParsedAcuerdo(
                code=code,
                code_as_written=written,
                prefix=prefix,
                number=number,
                year=year,
                session=session,
                text=body,
                observations=obs.group(1) if obs else None,
                position=len(informe.acuerdos),
            )
        )
        if session is None:
            self.warnings.append(f"No pude asociar el acuerdo {code} a una sesión.")

    def _read_mentions(self, paragraphs: list[tuple[str, Block]], informe: ParsedInforme) -> None:
        listed = {a.code for a in informe.acuerdos}
        seen: set[str] = set()
        for section, block in paragraphs:
            for sentence in _sentences(block.text):
                for match in ACUERDO_CODE_RE.finditer(sentence):
                    if match.group("prefix").upper() not in ("CVOE",) and not match.group("prefix").upper().startswith(
                        "IECM"
                    ):
                        continue
                    code = normalise_acuerdo_code(
                        match.group("prefix"), int(match.group("number")), full_year(int(match.group("year")))
                    )
                    if code in listed or code in seen or (match.start() == 0 and block.kind == "item"):
                        continue
                    seen.add(code)
                    informe.mentions.append(ParsedMention(code, match.group(0), sentence, section))
        if informe.approval_acuerdo and informe.approval_acuerdo not in listed | seen:
            informe.mentions.append(
                ParsedMention(
                    informe.approval_acuerdo,
                    informe.approval_acuerdo,
                    f"Acuerdo por el que se aprobó el {informe.title.lower()}"
                    + (f", punto {informe.approval_point} del orden del día" if informe.approval_point else "")
                    + ".",
                    "Portada",
                    informe.approval_session,
                    informe.approval_date,
                )
            )

    # -- members, totals, events, figures
    def _read_members(self, paragraphs: list[tuple[str, Block]], informe: ParsedInforme) -> None:
        for row in informe.attendance:
            if row.group not in ("consejeria", "secretaria_tecnica") or not row.person:
                continue
            folded = fold((row.role or "") + " " + row.body)
            role = (
                "presidencia"
                if "presiden" in folded
                else ("secretaria_tecnica" if row.group == "secretaria_tecnica" else "consejeria")
            )
            informe.members.append(ParsedMember(role, row.person))
        intro = [b.text for s, b in paragraphs if fold(s).startswith("introduccion")] or [
            b.text for _, b in paragraphs[:12]
        ]
        for member in informe.members:
            surname = [t for t in tokens(member.name) if len(t) > 3][-2:]
            for text in intro:
                for sentence in _sentences(text):
                    folded = fold(sentence)
                    if surname and all(t in folded for t in surname):
                        codes = [
                            normalise_acuerdo_code(
                                m.group("prefix"), int(m.group("number")), full_year(int(m.group("year")))
                            )
                            for m in ACUERDO_CODE_RE.finditer(sentence)
                        ]
                        member.acuerdos.extend(c for c in codes if c not in member.acuerdos)
                        member.designation = f"{member.designation} {sentence}" if member.designation else sentence
            if not member.acuerdos:
                # Consejeros are named together in one sentence, often by their full name only.
                for text in intro:
                    for sentence in _sentences(text):
                        if (
                            "integracion" in fold(sentence)
                            and ACUERDO_CODE_RE.search(sentence)
                            and any(t in fold(sentence) for t in surname[-1:])
                        ):
                            member.designation = sentence
                            member.acuerdos = [
                                normalise_acuerdo_code(
                                    m.group("prefix"), int(m.group("number")), full_year(int(m.group("year")))
                                )
                                for m in ACUERDO_CODE_RE.finditer(sentence)
                            ]
        if not informe.members:
            self.warnings.append("No encontré la integración de la Comisión en la tabla de asistencia.")

    def _read_totals(self, paragraphs: list[tuple[str, Block]], informe: ParsedInforme) -> None:
        for _, block in paragraphs:
            folded = fold(block.text)
            m = re.search(
                r"de (20\d\d) a la fecha.{0,80}?total de (\w+) instrumentos.{0,80}?(\w+) se encuentran vigentes",
                folded,
            )
            if m:
                informe.convenios_since_year = int(m.group(1))
                informe.convenios_total = number_from_word(m.group(2))
                informe.convenios_vigentes = number_from_word(m.group(3))
                return
            m = re.search(r"(\w+) (?:instrumentos|convenios)[^.]{0,60}?vigentes", folded)
            if m and number_from_word(m.group(1)) and informe.convenios_vigentes is None:
                informe.convenios_vigentes = number_from_word(m.group(1))

    def _read_events(self, paragraphs: list[tuple[str, Block]], informe: ParsedInforme) -> None:
        """Dated events told in prose: courses, meetings, presentations, with their participants."""
        last_event: ParsedActivity | None = None
        for section, block in paragraphs:
            folded_section = fold(section)
            if block.kind == "heading" or ("resultado" not in folded_section and "actividad" not in folded_section):
                continue
            text = block.text
            folded = fold(text)
            participants = _participants(folded)
            has_event = re.search(
                r"\b(se realizo|se realizaron|se llevo a cabo|tuvo lugar|se celebro|se impartio|se efectuo)\b",
                folded,
            )
            dates = [d for d in find_dates(text, default_year=self.year) if d.value]
            if has_event and dates:
                verb = has_event.start()
                # The event's own date and title are the ones nearest its verb; other dates in the
                # sentence belong to earlier events it refers to.
                index = min(
                    range(len(dates)),
                    key=lambda k: min(abs(dates[k].end_index - verb), abs(dates[k].start_index - verb)),
                )
                if index > 0 and re.fullmatch(
                    r"\s*(?:al|hasta el|a)\s+(?:\w+\s+)?",
                    folded[dates[index - 1].end_index : dates[index].start_index],
                ):
                    index -= 1  # "del 19 de octubre al 22 de noviembre": the range starts earlier
                when = dates[index]
                end = when.end
                if end is None and index + 1 < len(dates):
                    between = folded[when.end_index : dates[index + 1].start_index]
                    if re.fullmatch(r"\s*(?:al|hasta el|a)\s+(?:\w+\s+)?", between):
                        end = dates[index + 1].value
                quotes = [(m.start(), m.group(1)) for m in re.finditer(r"[“\"«]([^”\"»]{6,})[”\"»]", text)]
                after = [q for pos, q in quotes if pos > verb]
                title = (after or [q for _, q in quotes] or [_event_clause(text, has_event.end())])[0].strip()
                last_event = ParsedActivity(
                    kind=_event_kind(folded[verb:]) or _event_kind(folded) or ActivityKind.EVENTO,
                    series=None,
                    section=section,
                    position=len(informe.activities),
                    date=when.value,
                    end_date=end,
                    date_text=text[when.start_index : when.end_index],
                    title=title,
                    detail=text,
                    participants=participants,
                )
                informe.activities.append(last_event)
            elif participants and last_event and last_event.participants is None and not dates:
                last_event.participants = participants
                last_event.detail = f"{last_event.detail} {text}"

    def _read_figures(self, paragraphs: list[tuple[str, Block]], informe: ParsedInforme) -> None:
        for section, block in paragraphs:
            if block.kind == "heading":
                continue
            for sentence in _sentences(block.text):
                words = tokens(sentence)
                for i, word in enumerate(words[:-1]):
                    value = number_from_word(word)
                    if value is None or word in ("un", "una", "uno") or (word.isdigit() and len(word) == 4):
                        continue
                    prev = words[i - 1] if i else ""
                    noun = words[i + 1]
                    # A figure counts things: a plural noun after it, not an article, a date or a table number.
                    if prev in (
                        "articulo",
                        "articulos",
                        "fraccion",
                        "circulares",
                        "punto",
                        "el",
                        "del",
                        "tabla",
                    ) or (
                        prev.isdigit()
                        or noun in MONTH_ALIASES
                        or not noun.endswith("s")
                        or len(noun) < 4
                        or noun in ("ellos", "ellas", "cuales", "mas", "veces")
                    ):
                        continue
                    if i + 2 < len(words) and words[i + 1] == "de" and words[i + 2] in MONTH_ALIASES:
                        continue
                    informe.figures.append(ParsedFigure(value, noun, sentence, section))

    def _check_totals(self, paragraphs: list[tuple[str, Block]], informe: ParsedInforme) -> None:
        """Compare the totals the prose states with what the tables held."""
        for _, block in paragraphs:
            m = re.search(r"total de (\w+) acuerdos", fold(block.text))
            if m:
                stated = number_from_word(m.group(1))
                if stated is not None and stated != len(informe.acuerdos):
                    self.warnings.append(f"El texto dice {stated} acuerdos y se leyeron {len(informe.acuerdos)}.")
                break


def informe_period_contains(year: int, when: date) -> bool:
    """Whether ``when`` is plausibly a date of a session reported in an informe of ``year``."""
    return year - 1 <= when.year <= year + 1


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.;])\s+(?=[A-ZÁÉÍÓÚÑ“\"(])", text)
    return [p.strip() for p in parts if p.strip()]


def _event_clause(text: str, start: int) -> str:
    """What follows an event verb, up to its purpose: "la tercera reunión de trabajo, … Red de Observación"."""
    clause = re.split(r"\.\s|\bcon el (?:propósito|objetivo|fin)\b|\bpara\b", text[start:].strip(), maxsplit=1)[0]
    clause = re.sub(r"^(?:el|la|los|las|un|una)\s+", "", clause.strip(" ,.;:"))
    if len(clause) > 140:
        clause = clause[:140].rsplit(" ", 1)[0] + "…"
    return clause[:1].upper() + clause[1:]


def _row_number(row: list[str]) -> int | None:
    if not row:
        return None
    m = re.fullmatch(r"(\d{1,3})\s*[.)]?", row[0].strip())
    return int(m.group(1)) if m else None


def _col(header: list[str], words: tuple[str, ...], default: int | None, exact: bool = False) -> int | None:
    for i, cell in enumerate(header):
        for w in words:
            if (cell.strip(" .") == w) if exact else (w in cell):
                return i
    return default


def _cell(row: list[str], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return row[col].strip()


_MARK_RE = re.compile(r"^(?:x|✓|✔|si|sí|asistio|asistió|presente|1|•|\*)$", re.I)


def _is_mark(cell: str) -> bool:
    return bool(_MARK_RE.match(cell.strip()))


def _marks_in(row: list[str]) -> int:
    return sum(_is_mark(c) for c in row[1:])


def _is_attendance(rows: list[list[str]]) -> bool:
    body = rows[1:]
    if len(body) < 3:
        return False
    marked = sum(1 for r in body if _marks_in(r) > 0)
    return (marked >= len(body) * 0.6 and "asistencia" in fold(" ".join(" ".join(r) for r in rows[:2]))) or (
        marked >= len(body) * 0.8
    )


_GROUP_RULES: tuple[tuple[str, str], ...] = (
    (r"secretari[ao] tecnic", "secretaria_tecnica"),
    (r"presiden|integrante|consejer", "consejeria"),
    (r"^en representacion|representante", "representacion"),
    (r"partido|morena|movimiento ciudadano|representacion de", "partido"),
    (r"direccion", "direccion"),
    (r"unidad", "unidad"),
    (r"secretari|encargad", "secretaria"),
    (r"contralor", "representacion"),
)


def parse_participant(label: str) -> tuple[str, str | None, str, str | None]:
    """Split an attendance label into (group, role, body, person).

    "Presidencia: Erika Estrada Ruíz" → consejeria, "Presidencia", "Presidencia", "Erika Estrada Ruíz";
    "Unidad Técnica de Asuntos Jurídicos, María Guadalupe Zavala Pérez" → unidad, …;
    "Partido MORENA" → partido, None, "Partido MORENA", None.
    """
    text = clean_inline(label).strip(" ,")
    body, person = text, None
    # The person is what follows the last separator, when it reads as a name ("…, Ulises Irvin Blanco").
    for sep in reversed([m.start() for m in re.finditer(r"[:,]", text)]):
        candidate = re.sub(
            r"^(?:encargad[oa]|titular|lic\.|mtr[oa]\.|dr[a]?\.|c\.)\s+",
            "",
            text[sep + 1 :].strip(),
            flags=re.I,
        )
        if _PERSON_RE.fullmatch(candidate):
            body, person = text[:sep].strip(), candidate
            break
    folded = fold(body)
    group = "otro"
    for pattern, name in _GROUP_RULES:
        if re.search(pattern, folded):
            group = name
            break
    role = body if group in ("consejeria", "secretaria_tecnica") else None
    return group, role, body, person


_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü.]+"
_PERSON_RE = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:de|del|la|las|los|y)\s+)*{_NAME_WORD}){{1,5}}")


def split_instrument(text: str) -> tuple[str, str]:
    """ "Convenio de apoyo y colaboración con la Secretaría X." → ("Apoyo y colaboración", "Secretaría X")."""
    text = text.strip().rstrip(".")
    m = re.match(
        r"^(?:convenio\s+)?(?:(?:de|del)\s+)?(.*?)\s+(?:con|entre el iecm y)\s+(?:el|la|los|las)?\s*(.+)$",
        text,
        re.I,
    )
    if not m:
        return "Convenio", text
    kind = m.group(1).strip() or "Convenio"
    return kind[:1].upper() + kind[1:], m.group(2).strip()


_CAPTION_RE = re.compile(r"^(?:tabla|cuadro|gr[aá]fica)\s*[\d.]*\s*[.:-]?\s*", re.I)
_SERIES_CHARS = 200
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


def _kind_named(
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
    header: list[str],
    context: str,
    section: str,
    lead: str = "",
    rows: list[str] = (),  # type: ignore[assignment]
) -> tuple[ActivityKind, str]:
    """The kind of activity a dated table lists, and the informe's own name for the table (its series).

    The kind is the noun the informe counts ("se enviaron 49 correos"), or else the kind most rows start
    with ("Nota ejecutiva sobre…"), or else the first kind word of the caption, the header, the
    introducing sentence or the section. The series is the caption without its number ("Tabla 3.1 Pláticas
    en universidades" → "Pláticas en universidades"), or else the sentence that introduces the table.
    """
    caption = _CAPTION_RE.sub("", context) if _CAPTION_RE.match(context) else ""
    # The paragraph before a caption tells what the table lists; before a sentence, it is another subject.
    texts = [fold(t) for t in (caption, " ".join(header), context, lead if caption else "", section) if t]
    kind = next((k for t in texts if (k := _kind_named(t, counted=True))), None)
    if kind is None and rows:
        firsts = [_kind_named(" ".join(fold(r).split()[:2])) for r in rows]
        common = max(set(firsts), key=firsts.count)
        kind = common if common is not None and firsts.count(common) * 2 >= len(firsts) else None
    kind = kind or next((k for t in texts if (k := _kind_named(t))), None) or ActivityKind.ACTIVIDAD
    series = (caption or context or section).strip().rstrip(":")
    if len(series) > _SERIES_CHARS:
        series = series[:_SERIES_CHARS].rsplit(" ", 1)[0] + "…"
    return kind, series


def _participants(folded: str) -> int | None:
    m = re.search(
        r"(?:participaron|asistieron|participacion de|asistencia de|participantes?:?)\s+"
        r"(?:(?:un|una)\s+total\s+de\s+|mas\s+de\s+|alrededor\s+de\s+)?(\w+)(?:\s+y\s+\w+)?\s+"
        r"(personas|asistentes|integrantes|participantes|funcionari|servidor|observador|estudiant|alumn)",
        folded,
    )
    if not m:
        m = re.search(r"(?:participaron|asistieron)\s+(?:un total de\s+)?(\w+)\s+(personas)", folded)
    if not m:
        return None
    return number_from_word(m.group(1))


def _event_kind(folded: str) -> ActivityKind | None:
    """The kind of an event told in prose: the first kind word after its verb ("se llevó a cabo el Curso…")."""
    return _kind_named(folded, among=_EVENT_KINDS)


def parse_informe(text: str, source_name: str = "") -> ParsedInforme:
    """Parse an informe's text; raise :class:`InformeFormatError` when it is not one."""
    if "\x00" in text:
        raise InformeFormatError("El archivo contiene datos binarios: no es un informe en texto.")
    if len(text.strip()) < 200:
        raise InformeFormatError("El archivo está vacío o es demasiado corto para ser un informe.")
    return InformeParser(text, source_name).parse()
