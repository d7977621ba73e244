"""What every extractor shares: the document's outline (which part and section each block sits in), the
sessions read so far, and helpers to read a table's columns by what their header means."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from lang.names import SessionRef, find_session_refs
from lang.spanish import ACUERDO_CODE_RE, first_date, fold, full_year, normalise_acuerdo_code
from lang.vocabulary import SessionKind
from seed.document import Block, BlockKind, Document, is_index_line
from seed.informe import ParsedInforme, ParsedSession, SessionKey


class Part(StrEnum):
    """The parts of an informe, told by what their headings say."""

    COVER = "portada"
    INDEX = "indice"
    INTRO = "introduccion"
    SESSIONS = "sesiones"
    ACUERDOS = "acuerdos"
    RESULTS = "resultados"
    NOTES = "notas"
    OTHER = "otro"


_ROMAN_RE = re.compile(r"^[IVX]{1,4}\s*[.)-]\s+\S")
_ARABIC_RE = re.compile(r"^\d{1,2}\s*[.)]\s+\S")
_LETTER_RE = re.compile(r"^[A-Ha-h]\s*\)\s+\S")
_TOP_WORDS = ("introduccion", "indice", "contenido", "presentacion", "conclusion", "anexo", "notas", "glosario")
_PART_WORDS = ("sesion", "acuerdo", "resultado", "convenio", "actividad", "asistencia", "integracion")


_SUBNUMBER_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+\S")
_NUMBERING_RE = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})?)\s*[.)-]?\s+")


def outline_level(block: Block, roman: bool = True) -> int:
    """A heading's level in the informe's outline: I. → 1, 1. → 2, A) → 3 (in an informe whose parts are not
    numbered in Roman, 1. → 1, 1.1 → 2, A) → 3); unnumbered headings are top level when they name a part
    ("Introducción", "Acuerdos aprobados") and level 4 otherwise (a session's name over its acuerdos)."""
    text = block.text.strip()
    if _ROMAN_RE.match(text):
        return 1
    if _SUBNUMBER_RE.match(text):
        return 2 if not roman else 3
    if _ARABIC_RE.match(text):
        return 2 if roman else 1
    if _LETTER_RE.match(text):
        return 3
    folded = fold(text)
    if folded.startswith(_TOP_WORDS):
        return 1
    if find_session_refs(text) or ACUERDO_CODE_RE.search(text):
        return 4
    if any(word in folded for word in _PART_WORDS) and len(text) < 120:
        return 1
    return 4


def part_of(title: str) -> Part:
    """Which part a top-level heading opens."""
    folded = fold(_NUMBERING_RE.sub("", title.strip()))
    if folded.startswith(("indice", "contenido")):
        return Part.INDEX
    if folded.startswith(("introduccion", "presentacion")):
        return Part.INTRO
    if folded.startswith("notas"):
        return Part.NOTES
    if "acuerdo" in folded:
        return Part.ACUERDOS
    if "resultado" in folded or "actividad" in folded or "convenio" in folded:
        return Part.RESULTS
    if "sesion" in folded or "asistencia" in folded:
        return Part.SESSIONS
    if folded.startswith("integracion"):
        return Part.INTRO  # who sits on the commission, told where the introduction tells it otherwise
    return Part.OTHER


@dataclass
class Placed:
    """A block with where it stands: its part, its section (the titles of levels 1 to 3) and the nearest
    heading above it."""

    block: Block
    part: Part
    section: str
    heading: str
    index: int

    @property
    def text(self) -> str:
        return self.block.text

    @property
    def kind(self) -> BlockKind:
        return self.block.kind


def _is_body_start(block: Block) -> bool:
    if block.kind != BlockKind.HEADING and not (block.kind == BlockKind.PARAGRAPH and len(block.text) < 120):
        return False
    folded = fold(_NUMBERING_RE.sub("", block.text.strip()))
    return folded.startswith(_TOP_WORDS) or (
        block.kind == BlockKind.HEADING and _ROMAN_RE.match(block.text) is not None
    )


def place_blocks(document: Document) -> list[Placed]:
    """Every block of the document with its part and section; the cover is what precedes the body."""
    blocks = document.blocks
    start = next((i for i, b in enumerate(blocks) if _is_body_start(b)), None)
    if start is None:
        start = next((i for i, b in enumerate(blocks) if b.kind not in (BlockKind.HEADING,)), len(blocks))
    placed = [Placed(b, Part.COVER, "Portada", "", i) for i, b in enumerate(blocks[:start])]
    titles = ["", "", "", ""]
    part = Part.OTHER
    # Parts numbered in Roman ("II. Acuerdos…") or, in an informe without them, in Arabic ("5. Acuerdos…")
    roman = any(
        _ROMAN_RE.match(b.text.strip()) for b in blocks[start:] if b.kind == BlockKind.HEADING or len(b.text) < 160
    )
    for i, block in enumerate(blocks[start:], start):
        is_heading = block.kind == BlockKind.HEADING or (
            block.kind == BlockKind.PARAGRAPH and _reads_as_heading(block.text)
        )
        if is_heading:
            level = outline_level(block, roman)
            titles[level - 1] = block.text.rstrip(":").strip()
            for k in range(level, 4):
                titles[k] = ""
            if level == 1:
                part = part_of(block.text)
        elif part == Part.INDEX and _prose(block):
            # Prose after the index, its heading lost in the same line ("ÍNDICE Introducción"): the introduction.
            part, titles = Part.INTRO, ["Introducción", "", "", ""]
        section = " › ".join(t for t in titles[:3] if t)
        heading = next((t for t in reversed(titles) if t), "")
        placed.append(Placed(block, part, section, heading, i))
    return placed


def _prose(block: Block) -> bool:
    """A paragraph of running text (sentences), which no index holds."""
    text = block.text
    sentence = ". " in text or text.rstrip().endswith(".")
    return block.kind == BlockKind.PARAGRAPH and len(text) >= 150 and sentence and not is_index_line(text)


def _reads_as_heading(text: str) -> bool:
    """A plain line that is a numbered title ("A) Supervisar los trabajos…", one short sentence) or a top
    word ("Introducción"): unstyled text marks its headings no other way."""
    if ACUERDO_CODE_RE.match(text):
        return False
    folded = fold(text).strip(" .:")
    numbered = bool(_ROMAN_RE.match(text) or _LETTER_RE.match(text) or _ARABIC_RE.match(text))
    one_sentence = ". " not in text.rstrip(". ")[4:]
    return (numbered and len(text) < 160 and one_sentence) or (len(text) < 40 and folded.startswith(_TOP_WORDS))


# --- the reading ---------------------------------------------------------------------------------


@dataclass
class Reading:
    """An informe being read: its placed blocks, the informe filled so far, the sessions it names."""

    placed: list[Placed]
    informe: ParsedInforme
    source_name: str = ""
    default_modality: str | None = None
    sessions_by_date: dict[dt.date, SessionKey] = field(default_factory=dict)
    acuerdo_codes: set[str] = field(default_factory=set)
    urgent: set[SessionKey] = field(default_factory=set)  # extraordinarias some name calls urgent

    @property
    def year(self) -> int:
        return self.informe.year

    def warn(self, message: str) -> None:
        if message not in self.informe.warnings:
            self.informe.warnings.append(message)

    def blocks(self, *parts: Part, kinds: tuple[BlockKind, ...] = ()) -> list[Placed]:
        """The placed blocks in ``parts`` (all but cover and index when none given) of ``kinds``."""
        wanted = set(parts) or {p for p in Part if p not in (Part.COVER, Part.INDEX)}
        return [p for p in self.placed if p.part in wanted and (not kinds or p.kind in kinds)]

    def session(
        self,
        key: SessionKey,
        when: dt.date | None = None,
        *,
        held: bool = False,
        modality: str | None = None,
        at: dt.time | None = None,
    ) -> ParsedSession:
        """The session ``key``, recorded on first sight; a date, time, modality or being held add to it."""
        found = self.informe.sessions.get(key)
        if found is None:
            kind = SessionKind.parse(key[1])
            found = ParsedSession(key[0], kind if isinstance(kind, SessionKind) else SessionKind.ORDINARIA, key[2])
            found.urgent = key in self.urgent
            self.informe.sessions[key] = found
        if when and not found.date:
            found.date = when
            self.sessions_by_date.setdefault(when, key)
        found.held = found.held or held
        if modality and not found.modality:
            found.modality = modality
        if at and not found.time and (when is None or when == found.date):
            found.time = at
        return found

    def key_for(self, ref: SessionRef, when: dt.date | None = None, default_kind: str | None = None) -> SessionKey:
        """The key of the session ``ref`` names: its year from the text, the date or the informe; a number
        alone ("la décima") means the known session with that number."""
        year = ref.year or (when.year if when else self.year)
        if ref.kind is None:
            known = [k for k in self.informe.sessions if k[2] == ref.number and (ref.year is None or k[0] == year)]
            if len(known) == 1:
                return known[0]
        key = (year, ref.kind or default_kind or SessionKind.ORDINARIA.value, ref.number)
        if ref.urgent:
            self.urgent.add(key)
            if key in self.informe.sessions:
                self.informe.sessions[key].urgent = True
        return key

    def date(self, text: str) -> dt.date | None:
        """The first full date in ``text``, a missing year taken from the informe's quarter."""
        return first_date(text, default_year=self.year)


_TIME_RE = re.compile(
    r"\b(?:a\s+las\s+)?([01]?\d|2[0-3])(?::|\.|\s?h\s?)([0-5]\d)\s*(?:(a\.?\s?m\.?|p\.?\s?m\.?)|h(?:oras|rs?)?\.?\b)?"
    r"|\ba\s+las\s+([01]?\d|2[0-3])\s*(?:(a\.?\s?m\.?|p\.?\s?m\.?)|horas\b)",
    re.IGNORECASE,
)


def time_in(text: str) -> dt.time | None:
    """The first time of day a text states: "17:00 horas", "a las 11:30", "5:30 p.m.", "a las 10 horas"."""
    for m in _TIME_RE.finditer(text):
        hour_text, minute_text, meridian = m.group(1), m.group(2), m.group(3)
        if hour_text is None:
            hour_text, minute_text, meridian = m.group(4), "0", m.group(5)
        elif not meridian and not re.search(r"h|:", text[m.start(1) : m.end()], re.IGNORECASE):
            continue  # "13.5": a number, not a time
        hour, minute = int(hour_text), int(minute_text)
        if meridian and meridian.lower().startswith("p") and hour < 12:
            hour += 12
        elif meridian and meridian.lower().startswith("a") and hour == 12:
            hour = 0
        return dt.time(hour, minute)
    return None


def acuerdo_code(match: re.Match[str]) -> str:
    """The normalised code of an acuerdo code match."""
    return normalise_acuerdo_code(
        match.group("prefix"), int(match.group("number")), full_year(int(match.group("year")))
    )


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph."""
    parts = re.split(r"(?<=[.;])\s+(?=[A-ZÁÉÍÓÚÑ“\"(¿¡])", text)
    return [p.strip() for p in parts if p.strip()]


# --- table columns by meaning ----------------------------------------------------------------------


def column(header: list[str], *words: str, avoid: tuple[str, ...] = ()) -> int | None:
    """The first column whose header (folded) contains one of ``words`` and none of ``avoid``; words are
    tried in order, so the first word wins over later ones."""
    folded = [fold(h) for h in header]
    for word in words:
        for i, cell in enumerate(folded):
            if re.search(rf"\b{re.escape(word)}", cell) and not any(a in cell for a in avoid):
                return i
    return None


def cell(row: list[str], index: int | None) -> str:
    """The text of a row's cell, empty when the column is missing."""
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


_TOTAL_RE = re.compile(r"^\s*(?:sub)?total(?:es)?\b", re.IGNORECASE)


def is_total_row(row: list[str]) -> bool:
    """A "Total" or "Subtotal" row: a figure the informe states, not an item."""
    first = next((c for c in row if c.strip()), "")
    return bool(_TOTAL_RE.match(first))


def row_numbers(row: list[str]) -> list[int]:
    """The whole numbers in a total row's cells, left to right."""
    numbers = []
    for value in row:
        m = re.fullmatch(r"\s*(\d{1,4})\s*", value)
        if m:
            numbers.append(int(m.group(1)))
    return numbers
