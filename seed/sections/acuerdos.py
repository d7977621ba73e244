"""Acuerdos: those the informe lists as adopted in its sessions (under each session's heading, or in a
table), and those it only mentions (earlier acuerdos, the Consejo General's)."""

from __future__ import annotations

import re

from lang.names import find_session_refs, short_session_ref
from lang.spanish import ACUERDO_CODE_RE, full_year, normalise_acuerdo_code
from seed.document import BlockKind
from seed.informe import ParsedAcuerdo, ParsedMention, SessionKey
from seed.sections.base import Part, Placed, Reading, acuerdo_code, cell, column, sentences
from seed.sections.sessions import group_session

_LEAD_RE = re.compile(r"^(?:acuerdo|clave)\s*(?:n[uú]m(?:ero)?\.?|no\.)?\s*(?=[A-Z]{3,6}\s*[/-])", re.IGNORECASE)
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_OBSERVATIONS_RE = re.compile(r"\bcon (?:las|la) observaci[oó]n(?:es)? (?:de |del )?(.+?)\.?$", re.IGNORECASE)


def read_acuerdos(reading: Reading) -> None:
    """The acuerdos adopted in the quarter, each with the session that adopted it."""
    part = reading.blocks(Part.ACUERDOS)
    # Without a part of acuerdos, only those listed under a session's name count: a code on its own line
    # elsewhere (a cover, a quotation) is no adopted acuerdo.
    grouped_only = not part
    if grouped_only:
        part = [p for p in reading.blocks() if p.part not in (Part.INTRO, Part.NOTES)]
    current: SessionKey | None = None
    for placed in part:
        if placed.kind == BlockKind.TABLE:
            _acuerdo_table(reading, placed, current)
            continue
        text = _LEAD_RE.sub("", placed.text)  # "Acuerdo CVOE/043/20. …"
        match = ACUERDO_CODE_RE.match(text)
        if match and placed.kind in (BlockKind.ITEM, BlockKind.PARAGRAPH, BlockKind.HEADING):
            if current is not None or not grouped_only:
                add_acuerdo(reading, text, current)
            continue
        key = group_session(reading, placed)
        if key is not None:
            current = key


def _acuerdo_table(reading: Reading, placed: Placed, current: SessionKey | None) -> None:
    """A table of acuerdos: a column of codes, one of texts and perhaps one naming the session (else the
    session named over the table)."""
    table = placed.block
    codes = [
        i for i in range(len(table.header)) if sum(bool(ACUERDO_CODE_RE.match(r[i].strip())) for r in table.body) >= 1
    ]
    if not codes:
        return
    code_column = codes[0]
    session_column = column(table.header, "sesion")
    text_column = column(
        table.header, "descripcion", "asunto", "titulo", "tema", "contenido", "acuerdo", avoid=("no.",)
    )
    if text_column == code_column:
        text_column = None
    for row in table.body:
        joined = " ".join(row)
        refs = find_session_refs(cell(row, session_column) or joined)
        if not refs and session_column is not None:
            # "6ª Ordinaria 14/07/2022": the session's short name, its date beside it
            short = short_session_ref(_NUMERIC_DATE_RE.sub("", cell(row, session_column)))
            refs = [short] if short is not None else []
        if refs and (session_column is not None or not ACUERDO_CODE_RE.search(joined)):
            current = reading.key_for(refs[0], reading.date(joined))
            reading.session(current, reading.date(cell(row, session_column) or joined), held=True)
        code = cell(row, code_column)
        if not ACUERDO_CODE_RE.match(code):
            continue
        text = cell(row, text_column) or max((c for i, c in enumerate(row) if i != code_column), key=len, default="")
        add_acuerdo(reading, f"{code}. {text}", current)


def add_acuerdo(reading: Reading, text: str, session: SessionKey | None) -> None:
    """One acuerdo from its line: "CVOE/043/20. Aprobación del orden del día…"."""
    match = ACUERDO_CODE_RE.match(text)
    if not match:
        return
    code = acuerdo_code(match)
    listed = reading.informe.acuerdos
    if code in reading.acuerdo_codes:
        reading.warn(f"El acuerdo {code} aparece dos veces; conservé la primera.")
        return
    written = match.group(0)
    if written.replace(" ", "") != code:
        reading.warn(f"Código de acuerdo escrito «{written}»; lo normalicé como {code}.")
    body = text[match.end() :].lstrip(" .:-–—").strip()
    observations = _OBSERVATIONS_RE.search(body)
    listed.append(
        ParsedAcuerdo(
            code=code,
            code_as_written=written,
            prefix=match.group("prefix").upper(),
            number=int(match.group("number")),
            year=full_year(int(match.group("year"))),
            session=session,
            text=body,
            observations=observations.group(1) if observations else None,
            position=len(listed),
        )
    )
    reading.acuerdo_codes.add(code)
    if session is None:
        reading.warn(f"No pude asociar el acuerdo {code} a una sesión.")


def read_mentions(reading: Reading) -> None:
    """Acuerdos of the commission or the Consejo General the text mentions without listing them."""
    listed = {a.code for a in reading.informe.acuerdos}
    seen: set[str] = set()
    for placed in reading.blocks():
        if placed.kind == BlockKind.TABLE:
            continue
        for sentence in sentences(placed.text):
            for match in ACUERDO_CODE_RE.finditer(sentence):
                prefix = match.group("prefix").upper()
                if prefix != "CVOE" and not prefix.startswith("IECM"):
                    continue
                code = normalise_acuerdo_code(
                    match.group("prefix"), int(match.group("number")), full_year(int(match.group("year")))
                )
                if code in listed or code in seen or (match.start() == 0 and placed.kind == BlockKind.ITEM):
                    continue
                seen.add(code)
                reading.informe.mentions.append(ParsedMention(code, match.group(0), sentence, placed.section))
