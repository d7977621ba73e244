"""Word (.docx) with python-docx: heading styles, list paragraphs, real tables with merged cells, footnotes."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from seed.document import NOTE_CALL, Block, BlockKind, Document, clean_text, finish, is_index_line, make_table

_SUPERSCRIPT_MARKS = {"o": "º", "°": "º", "º": "º", "a": "ª", "ª": "ª"}
_HEADING_STYLE_RE = re.compile(r"^(?:heading|t[ií]tulo|encabezado)\s*(\d)$", re.I)


log = logging.getLogger(__name__)


class WordError(ValueError):
    """The file is not a Word document python-docx can open."""


def _run_text(run: Any) -> str:
    text = run.text
    if run.font.superscript and text.strip():
        stripped = text.strip()
        if stripped in _SUPERSCRIPT_MARKS:
            return _SUPERSCRIPT_MARKS[stripped]
        if stripped.isdigit():
            return NOTE_CALL.format(int(stripped))
    return text


def _paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text, hyperlinks included, superscripts resolved."""
    parts = []
    for item in paragraph.iter_inner_content():
        parts.append(_run_text(item) if isinstance(item, Run) else item.text)
    return "".join(parts)


def _all_bold(paragraph: Paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def _list_depth(paragraph: Paragraph) -> int:
    """0 when not a list item; else its depth (1 for a top-level item)."""
    props = paragraph._p.pPr
    numbering = props.find(qn("w:numPr")) if props is not None else None
    if numbering is not None:
        level = numbering.find(qn("w:ilvl"))
        return 1 + (int(level.get(qn("w:val"))) if level is not None else 0)
    name = paragraph.style.name if paragraph.style is not None else ""
    if "list" in name.lower() or "lista" in name.lower():
        depth = re.search(r"(\d)\s*$", name)
        return int(depth.group(1)) if depth else 1
    return 0


def _heading_level(paragraph: Paragraph) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    match = _HEADING_STYLE_RE.match(name.strip())
    if match:
        return int(match.group(1))
    if name.lower() in ("title", "título"):
        return 0
    props = paragraph._p.pPr
    outline = props.find(qn("w:outlineLvl")) if props is not None else None
    if outline is not None:
        return int(outline.get(qn("w:val"))) + 1
    return None


def _paragraph_block(paragraph: Paragraph) -> Block | None:
    raw = _paragraph_text(paragraph)
    if is_index_line(raw):
        return None  # a line of the table of contents
    text = clean_text(raw)
    if not text:
        return None
    first = next((r for r in paragraph.runs if r.text.strip()), None)
    if first is not None and first.font.superscript and first.text.strip().isdigit():
        number = int(first.text.strip())
        body = clean_text(text.replace(NOTE_CALL.format(number), "", 1))
        return Block(BlockKind.NOTE, body, level=number)  # "¹ Los informes…" under the notes
    level = _heading_level(paragraph)
    if level is not None:
        return Block(BlockKind.HEADING, text, level=level, bold=True)
    depth = _list_depth(paragraph)
    if depth:
        return Block(BlockKind.ITEM, text, level=depth)
    bold = _all_bold(paragraph)
    if bold and len(text) < 200 and not re.match(r"(?i)^(?:tabla|cuadro)\b", text):
        return Block(BlockKind.HEADING, text, level=0, bold=True)
    return Block(BlockKind.PARAGRAPH, text, bold=bold)


def _cell_text(cell: Any) -> str:
    return " ".join(_paragraph_text(p) for p in cell.paragraphs)


def _table_block(table: Table) -> Block:
    rows: list[list[str]] = []
    header_rows = 0
    for index, row in enumerate(table.rows):
        rows.append([_cell_text(c) for c in row.cells])
        props = row._tr.trPr
        if props is not None and props.find(qn("w:tblHeader")) is not None and index == header_rows:
            header_rows += 1
    return make_table(rows, header_rows=header_rows or None)


def _footnotes(document: Any) -> list[Block]:
    """Real Word footnotes (footnotes.xml), as notes after the body."""
    notes: list[Block] = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(qn("w:footnote")):
                if int(note.get(qn("w:id"), "0")) <= 0:
                    continue  # separators
                text = clean_text("".join(t.text or "" for t in note.iter(qn("w:t"))))
                if text:
                    notes.append(Block(BlockKind.NOTE, text))
    return notes


def read_word(data: bytes, source_name: str = "") -> Document:
    """Read a .docx file into blocks."""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                block = _paragraph_block(item)
                if block is not None:
                    blocks.append(block)
            elif isinstance(item, Table):
                blocks.append(_table_block(item))
        blocks.extend(_footnotes(document))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise WordError(str(error)) from error
    except Exception as error:  # a damaged file must get a clear answer, never a traceback
        log.warning("Word ilegible: %r", error)
        raise WordError(str(error)) from error
    return finish(blocks, "docx", source_name)
