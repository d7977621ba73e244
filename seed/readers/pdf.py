"""PDF with pdfplumber: text lines with their font, ruled tables with merged cells, page furniture removed."""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from seed.document import NOTE_CALL, Block, Document, finish, join_lines, make_table
from seed.readers.furniture import Line, drop_furniture, lines_to_blocks

_LABEL_RE = re.compile(r"(?:[IVX]{1,4}\.|\d{1,2}\.|[A-Ha-h]\))")
_SUPERSCRIPT_MARKS = {"o": "º", "°": "º", "a": "ª"}
_GLYPH_FIXES = {"(cid:127)": "•", "(cid:129)": "•", "\uf0b7": "•", "\uf0a7": "▪", "\u2022": "•"}


log = logging.getLogger(__name__)


class PdfError(ValueError):
    """The PDF cannot be read, or holds no text."""


@dataclass
class _Table:
    top: float
    block: Block


@dataclass
class _Page:
    lines: list[Line] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words into visual lines: a word joins a line when most of its height overlaps the line's."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = max(word["bottom"] - word["top"], 0.1)
        for line in reversed(lines[-3:]):
            top = min(w["top"] for w in line)
            bottom = max(w["bottom"] for w in line)
            overlap = min(bottom, word["bottom"]) - max(top, word["top"])
            if overlap >= 0.4 * height:
                line.append(word)
                break
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _line_text(words: list[dict[str, Any]]) -> tuple[str, int]:
    """The line's text, with superscripts resolved: ordinal marks kept as º/ª, footnote calls marked.
    Also the number of the note the line opens, when it starts with a superscript number (0 otherwise)."""
    first, rest = words[0], words[1:]
    if first["text"].isdigit() and len(first["text"]) <= 2 and rest:
        # A note's number set in the body's size before the note's smaller text, and raised above it (as
        # LibreOffice prints footnotes): it opens the note.
        small = max(w["size"] for w in rest)
        if small < 0.85 * first["size"] and first["top"] < min(w["top"] for w in rest) - 0.5:
            text, _ = _line_text(rest)
            return text, int(first["text"])
    biggest = max(w["size"] for w in words)
    bottom = max(w["bottom"] for w in words if w["size"] >= 0.9 * biggest)
    parts: list[str] = []
    note = 0
    for index, word in enumerate(words):
        text = _GLYPH_FIXES.get(word["text"], word["text"])
        raised = word["size"] < 0.9 * biggest and word["bottom"] < bottom - 0.15 * biggest
        if raised and text.isdigit() and len(text) <= 2:
            if index == 0:
                note = int(text)
            elif parts:
                parts[-1] += NOTE_CALL.format(int(text))
            continue
        if raised and text in _SUPERSCRIPT_MARKS and parts:
            parts[-1] += _SUPERSCRIPT_MARKS[text]
            continue
        gap = word["x0"] - words[index - 1]["x1"] if index else 0
        if parts and gap < 0.15 * word["size"] and not raised:
            parts[-1] += text
        else:
            parts.append(text)
    return " ".join(parts), note


def _make_line(words: list[dict[str, Any]], page: int) -> Line:
    text, note = _line_text(words)
    gaps = sorted(b["x0"] - a["x1"] for a, b in itertools.pairwise(words))
    usual = gaps[len(gaps) // 2] if gaps else 0.3 * words[0]["size"]
    labelled = bool(
        len(words) > 1
        and _LABEL_RE.fullmatch(words[0]["text"])
        and words[1]["x0"] - words[0]["x1"] > max(0.8 * words[0]["size"], 2.5 * usual)
    )
    main = [w for w in words if w["size"] >= 0.8 * max(x["size"] for x in words)] or words
    sizes = Counter(round(w["size"], 1) for w in main)
    return Line(
        text=text,
        x0=min(w["x0"] for w in words),
        x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in main),
        bottom=max(w["bottom"] for w in main),
        size=sizes.most_common(1)[0][0],
        bold=all("bold" in w["fontname"].lower() or "black" in w["fontname"].lower() for w in main),
        page=page,
        opens_note=note > 0,
        note=note,
        gap_after_label=labelled,
    )


def _cell_text(words: list[dict[str, Any]], box: tuple[float, float, float, float]) -> tuple[str, bool]:
    """The text of the words whose middle lies in the cell, and whether it is all bold."""
    inside = [w for w in words if _inside(w, box)]
    if not inside:
        return "", False
    lines = [_line_text(line)[0] for line in _group_lines(inside)]
    bold = all("bold" in w["fontname"].lower() for w in inside)
    return join_lines(lines), bold


def _table(words: list[dict[str, Any]], found: Any) -> Block:
    """A ruled table's rows; a cell merged over several grid positions fills each of them."""
    xs = sorted({round(c[0], 1) for c in found.cells} | {round(c[2], 1) for c in found.cells})
    ys = sorted({round(c[1], 1) for c in found.cells} | {round(c[3], 1) for c in found.cells})
    columns = _merge_close(xs)
    rows_y = _merge_close(ys)
    texts: dict[tuple[float, float, float, float], tuple[str, bool]] = {}
    rows: list[list[str]] = []
    bold_rows: list[bool] = []
    for top, bottom in itertools.pairwise(rows_y):
        row: list[str] = []
        bold_cells: list[bool] = []
        for left, right in itertools.pairwise(columns):
            cx, cy = (left + right) / 2, (top + bottom) / 2
            cell = next((c for c in found.cells if c[0] - 1 <= cx <= c[2] + 1 and c[1] - 1 <= cy <= c[3] + 1), None)
            if cell is None:
                row.append("")
                continue
            if cell not in texts:
                texts[cell] = _cell_text(words, cell)
            text, bold = texts[cell]
            row.append(text)
            if text:
                bold_cells.append(bold)
        rows.append(row)
        bold_rows.append(bool(bold_cells) and all(bold_cells))
    header_rows = 0
    while header_rows < min(3, len(rows) - 1) and bold_rows[header_rows]:
        header_rows += 1
    return make_table(rows, header_rows=header_rows or None)


def _merge_close(values: list[float], tolerance: float = 2.0) -> list[float]:
    merged: list[float] = []
    for value in values:
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def _read_page(page: Any, number: int) -> _Page:
    result = _Page()
    boxes = []
    every = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    for found in page.find_tables():
        if len(found.rows) < 1 or len(found.cells) < 2:
            continue
        boxes.append(found.bbox)
        inside = [w for w in every if _inside(w, found.bbox)]
        result.tables.append(_Table(found.bbox[1], _table(inside, found)))
    words = [w for w in every if not any(_inside(w, box) for box in boxes)]
    result.lines = [_make_line(line, number) for line in _group_lines(words)]
    return result


def read_pdf(data: bytes, source_name: str = "") -> Document:
    """Read a PDF into blocks; refuse one without text (a scan) with a message that says so."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_read_page(page, number) for number, page in enumerate(pdf.pages, 1)]
    except (PDFSyntaxError, PSException) as error:
        raise PdfError(f"el PDF está dañado o cifrado ({type(error).__name__})") from error
    except Exception as error:  # a damaged file must get a clear answer, never a traceback
        log.warning("PDF ilegible: %r", error)
        raise PdfError("el PDF está dañado o no se puede leer") from error
    text_chars = sum(len(line.text) for p in pages for line in p.lines) + sum(
        len(c) for p in pages for t in p.tables for r in t.block.rows for c in r
    )
    if text_chars < 200:
        raise PdfError("el PDF no contiene texto (¿es un escaneo?); envía el PDF original o el Word")
    line_pages = drop_furniture([p.lines for p in pages])
    weights: Counter[float] = Counter()
    for lines in line_pages:
        for line in lines:
            weights[line.size] += len(line.text)
    body_size = weights.most_common(1)[0][0] if weights else 0.0
    bold_sizes = sorted({ln.size for lines in line_pages for ln in lines if ln.bold and ln.size >= body_size})
    size_levels = {size: rank for rank, size in enumerate(reversed(bold_sizes), 1)}
    blocks: list[Block] = []
    for page, lines in zip(pages, line_pages, strict=True):
        page_blocks, page_notes = lines_to_blocks(lines, body_size, size_levels)
        # Tables go where they stand on the page, among the text blocks.
        placed = sorted(
            [(b_top, 0, b) for b_top, b in page_blocks] + [(t.top, 1, t.block) for t in page.tables],
            key=lambda item: (item[0], item[1]),
        )
        blocks.extend(b for _, _, b in placed)
        blocks.extend(page_notes)
    return finish(blocks, "pdf", source_name)
