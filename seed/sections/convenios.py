"""Convenios: those signed in the quarter and those whose progress was reported, read from their tables by
what each column's header means (Instrumento, Institución, Contraparte, Objeto, Fecha, Sesión)."""

from __future__ import annotations

import re

from lang.names import SessionRef, parse_session_list
from lang.spanish import find_dates, fold
from lang.vocabulary import ConvenioStatus, SessionKind
from seed.document import Block, BlockKind
from seed.informe import ParsedConvenio, StatedCount
from seed.sections.base import Placed, Reading, cell, column, is_total_row, row_numbers


def is_convenio_table(table: Block, section: str) -> bool:
    """A table of convenios: its header names instruments or counterparts."""
    header = fold(" ".join(table.header))
    if re.search(r"\b(?:convenio|instrumento|contraparte)", header):
        return True
    return "objeto" in header and re.search(r"\binstitucion|\borganismo", header) is not None


def split_instrument(text: str) -> tuple[str, str]:
    """ "Convenio de apoyo y colaboración con la Secretaría X." → ("Apoyo y colaboración", "Secretaría X")."""
    text = text.strip().rstrip(".")
    m = re.match(
        r"^(?:convenio\s+)?(?:(?:de|del)\s+)?(.*?)\s+(?:con|entre el iecm y)\s+(?:el|la|los|las)?\s*(.+)$",
        text,
        re.IGNORECASE,
    )
    if not m:
        return "Convenio", text
    kind = m.group(1).strip() or "Convenio"
    return kind[:1].upper() + kind[1:], m.group(2).strip()


def _status(table: Block, section: str) -> ConvenioStatus:
    header = fold(" ".join(table.header))
    if re.search(r"suscri|firma|objeto|celebra", header):
        return ConvenioStatus.SUSCRITO
    if re.search(r"sesion|report|avance|seguimiento", header):
        return ConvenioStatus.SEGUIMIENTO
    folded = fold(section.rsplit("›", 1)[-1])
    return ConvenioStatus.SEGUIMIENTO if re.search(r"seguimiento|avance", folded) else ConvenioStatus.SUSCRITO


def read_convenios(reading: Reading) -> None:
    """Every convenio table of the informe; without a table of those signed, the list that names them."""
    for placed in reading.blocks(kinds=(BlockKind.TABLE,)):
        if is_convenio_table(placed.block, placed.section):
            _read_table(reading, placed)
    if not any(c.status == ConvenioStatus.SUSCRITO for c in reading.informe.convenios):
        _read_list(reading)


# "Convenio Marco de Colaboración con Universidad Iberoamericana, suscrito el 27 de julio de 2022. Objeto: …"
_LISTED_RE = re.compile(
    r"^(?:\d{1,2}\s*[.)]\s*)?(?P<kind>(?:convenio|carta|memor[aá]ndum|contrato|adenda|addendum|protocolo|acuerdo)"
    r"\b[^,]{0,80}?)\s+(?:con|entre el iecm y)\s+(?:el |la |los |las )?(?P<party>[^,]{3,200}?),\s*"
    r"(?:suscrit|firmad|celebrad)[oa]s?\s+el\s+(?P<date>[^.]{6,60}?\d{4})\s*\.?"
    r"(?:\s*objeto\s*:\s*(?P<object>.+))?$",
    re.IGNORECASE | re.DOTALL,
)


def _read_list(reading: Reading) -> None:
    """Convenios signed, one per item of a list or paragraph, each naming its instrument, counterpart and date."""
    convenios = reading.informe.convenios
    for placed in reading.blocks(kinds=(BlockKind.ITEM, BlockKind.PARAGRAPH)):
        m = _LISTED_RE.match(placed.text.strip())
        if m is None:
            continue
        dates = [d.value for d in find_dates(m.group("date"), default_year=reading.year) if d.value]
        if not dates or not reading.informe.contains(dates[0]):
            continue
        kind = m.group("kind").strip()
        convenios.append(
            ParsedConvenio(
                status=ConvenioStatus.SUSCRITO,
                position=len(convenios),
                instrument_type=kind[:1].upper() + kind[1:],
                counterpart=m.group("party").strip().rstrip(". "),
                object=(m.group("object") or "").strip() or None,
                signed_on=dates[0],
                sessions_text=None,
                sessions=[],
                section=placed.section,
            )
        )


def _read_table(reading: Reading, placed: Placed) -> None:
    table = placed.block
    header = table.header
    status = _status(table, placed.section)
    type_column = column(header, "tipo", "instrumento", "convenio", avoid=("sesion", "fecha", "objeto"))
    party_column = column(header, "contraparte", "institucion", "organismo", "entidad", "dependencia", avoid=("fecha",))
    object_column = column(header, "objeto", "objetivo", "finalidad", "materia")
    date_column = column(header, "fecha", "suscripcion", "firma", avoid=("sesion",))
    session_column = column(header, "sesion")
    kind_hint = next((k.value for k in SessionKind if k.value in fold(cell(header, session_column))), None)
    convenios = reading.informe.convenios
    for row in table.body:
        if is_total_row(row):
            for value in row_numbers(row)[-1:]:
                what = "convenios suscritos" if status == ConvenioStatus.SUSCRITO else "convenios con seguimiento"
                reading.informe.stated.append(StatedCount(what, value, " ".join(row), placed.section, core=True))
            continue
        kind_text, party = cell(row, type_column), cell(row, party_column)
        if type_column is not None and type_column == party_column:
            kind_text, party = split_instrument(party)
        elif not party and kind_text:
            kind_text, party = split_instrument(kind_text)
        elif kind_text and fold(kind_text).startswith("convenio") and " con " in fold(kind_text):
            kind_text = split_instrument(kind_text)[0]
        if not party:
            continue
        sessions_text = cell(row, session_column)
        keys = [
            reading.key_for(SessionRef(n, None, None, 0, 0), None, kind_hint) for n in parse_session_list(sessions_text)
        ]
        dates = [d.value for d in find_dates(cell(row, date_column), default_year=reading.year) if d.value]
        convenios.append(
            ParsedConvenio(
                status=status,
                position=len(convenios),
                instrument_type=(kind_text or "Convenio").rstrip(". "),
                counterpart=party.rstrip(". "),
                object=cell(row, object_column) or None,
                signed_on=dates[0] if dates and status == ConvenioStatus.SUSCRITO else None,
                sessions_text=sessions_text or None,
                sessions=keys,
                section=placed.section,
            )
        )
