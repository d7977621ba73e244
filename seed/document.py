"""One document model for every form of an informe: headings, paragraphs, list items, tables and notes.

Each reader (PDF, Word, Markdown or plain text, text copied from a PDF) turns its input into a
:class:`Document`; the extractors in ``seed.sections`` read only this model, so an informe imports into the
same records whatever its form. The normalisation every form shares lives here: inline clean-up, merged
header cells, tables continued across pages, paragraphs cut by a page break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from lang.spanish import ACUERDO_CODE_RE, find_dates, fold


class BlockKind(StrEnum):
    """What a block of the document is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    TABLE = "table"
    NOTE = "note"  # a footnote's text


@dataclass
class Block:
    """A heading (with its level), paragraph, list item (with its depth), table or footnote.

    A table keeps its rows of cells; its first ``header_rows`` rows are the header, with merged cells
    already expanded (each column repeats the text of a cell that spans it). ``caption`` is the table's
    own title when the document gives one ("Tabla 3.1 Pláticas en universidades").
    """

    kind: BlockKind
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    caption: str = ""
    bold: bool = False
    page_start: bool = False  # the first text on a page: it may go on with the last paragraph of the page before

    @property
    def header(self) -> list[str]:
        """One label per column: the header rows' texts joined, top to bottom."""
        if not self.rows:
            return []
        width = max(len(r) for r in self.rows)
        labels = []
        for c in range(width):
            parts: list[str] = []
            for row in self.rows[: self.header_rows]:
                cell = row[c] if c < len(row) else ""
                if cell and cell not in parts:
                    parts.append(cell)
            labels.append(" ".join(parts))
        return labels

    @property
    def body(self) -> list[list[str]]:
        """The rows after the header."""
        return self.rows[self.header_rows :]


@dataclass
class Document:
    """An informe read into blocks, with the form it came in ("pdf", "docx", "markdown", "layout")."""

    blocks: list[Block]
    form: str
    source_name: str = ""
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Every table is a rectangle: a row a reader found short (a cell lost in a PDF copy, a Markdown row
        # with fewer pipes) gets empty cells, so that extractors can read any column of any row.
        for block in self.blocks:
            if block.kind == BlockKind.TABLE and block.rows:
                width = max(len(row) for row in block.rows)
                block.rows = [row + [""] * (width - len(row)) for row in block.rows]


# --- inline text --------------------------------------------------------------------------------

NOTE_CALL = "⟦{}⟧"
"""How readers mark a footnote call in the text (a superscript number), until the note is placed by it."""
_NOTE_CALL_RE = re.compile(r"⟦(\d+)⟧")

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_CALL_SPACE_RE = re.compile(r"\s+(?=⟦\d+⟧)")
_NEEDS_CLEANING_RE = re.compile(r"[\n\t\r\u00a0\u00ad\u2000-\u200b\u202f\u3000⟦]|  | [ºª°,.;:]")
_ORDINAL_MARK_RE = re.compile(r"(?<=\d) +(?=[ºª°](?:\W|$))")


def clean_text(text: str) -> str:
    """Collapse white space, glue ordinal marks to their number ("10 º" → "10º") and trim."""
    if not text or (text[0] != " " and text[-1] != " " and not _NEEDS_CLEANING_RE.search(text)):
        return text  # nothing to clean: most cells
    text = text.replace("\u00ad", "")  # soft hyphen
    text = _SPACES_RE.sub(" ", text.replace("\n", " ")).strip()
    text = _ORDINAL_MARK_RE.sub("", _CALL_SPACE_RE.sub("", text))
    return re.sub(r" +([,.;:](?:\s|$))", r"\1", text)


def join_lines(lines: list[str]) -> str:
    """Join the lines of a wrapped paragraph or cell: a line ending in a hyphen after a letter runs on into
    a lower-case word, one after a letter or digit into a number ("2020-" + "2021"); a word a narrow column
    broke without a hyphen ("Asistente" + "s") runs on into its last letters."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        hyphenated = (
            out.endswith("-")
            and len(out) > 1
            and (
                (out[-2].isalpha() and line[:1].islower())
                or (out[-2].isalnum() and line[:1].isdigit())
                or (out[-2].isupper() and line[:1].isupper())  # "(IIDH-" + "CAPEL)"
            )
        )
        broken = bool(_WORD_START_RE.search(out) and _WORD_END_RE.fullmatch(line))
        broken = broken and not _SHORT_WORDS_RE.fullmatch(line)
        # "CVOE/" + "034/22": a code broken at its slash
        broken = broken or bool(re.search(r"[A-Z0-9]/$", out) and re.match(r"\d", line))
        # "05/07/202" + "2": a date a narrow column broke inside its year
        broken = broken or bool(re.search(r"\b\d{1,2}/\d{1,2}/\d{1,3}$", out) and re.fullmatch(r"\d{1,3}", line))
        # "MOREN" + "A": a capitalised word a narrow column broke before its last letter
        broken = broken or bool(re.search(r"(?:^|\s)[A-ZÁÉÍÓÚÑ]{3,}$", out) and re.fullmatch(r"[A-ZÁÉÍÓÚÑ]", line))
        if hyphenated or broken:
            out += line
        else:
            out = f"{out} {line}" if out else line
    return clean_text(out)


_WORD_START_RE = re.compile(r"(?:^|\s)[A-ZÁÉÍÓÚÑa-záéíóúñ][a-záéíóúñ]{3,}$")  # a word's first letters: "Asistente"
_WORD_END_RE = re.compile(r"[a-záéíóúñ]{1,3}(?:⟦\d+⟧)?[.:]?")  # "s", "les." (and a note's call) on a line alone
_SHORT_WORDS_RE = re.compile(
    r"(?:a|e|o|u|y|al|de|el|en|la|lo|no|se|si|su|un|ya|las|los|del|que|con|por|sus|una|uno|mas|más|sin|son|fue)[.:]?"
)


# --- what a cell or a line says ----------------------------------------------------------------

_ROW_NUMBER_RE = re.compile(r"^\d{1,3}\s*[.)°º]?$")
_MARK_WORDS = {"x", "✓", "✔", "✗", "si", "no", "n/a", "na", "-", "—", "–", "asistio", "presente", "ausente"}
_NUMBER_LABELS = {"no.", "nº", "n°", "n.º", "num.", "núm.", "núm", "#"}
_INDEX_LINE_RE = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|\t\s*\d+\s*$")


def is_index_line(text: str) -> bool:
    """A line of a table of contents: a title, dot leaders (or a tab) and a page number."""
    return bool(_INDEX_LINE_RE.search(text))


def has_data(cell: str) -> bool:
    """Whether a cell holds data rather than a label: a date, a mark, a row number or an acuerdo code."""
    text = cell.strip()
    if not text or text.lower() in _NUMBER_LABELS:
        return False
    folded = fold(text).strip(" .")
    if folded in _MARK_WORDS or _ROW_NUMBER_RE.match(text):
        return True
    if re.fullmatch(r"\d+(?:[.,]\d+)?", folded):
        return True
    return bool(ACUERDO_CODE_RE.search(text) or any(d.value for d in find_dates(text, default_year=2000)))


# --- tables -------------------------------------------------------------------------------------


def count_header_rows(rows: list[list[str]]) -> int:
    """How many leading rows are header: rows before the first one holding data (at most three)."""
    for i, row in enumerate(rows[:4]):
        if any(has_data(c) for c in row):
            return min(i, 3)
    if len(rows) >= 2 and all(len(c) <= 60 for c in rows[0]):
        return 1
    return 0


def expand_header(rows: list[list[str]], header_rows: int) -> list[list[str]]:
    """Expand merged header cells written once: a group label over several columns is repeated in each
    (empty cells to its right in an upper header row), and a label spanning the header rows down (an empty
    cell under it in a lower row) is repeated below."""
    if header_rows < 2:
        return rows
    width = max(len(r) for r in rows)
    out = [list(r) + [""] * (width - len(r)) for r in rows]
    for r in range(header_rows - 1):
        row = out[r]
        for c in range(1, width):
            if not row[c] and row[c - 1] and out[r + 1][c]:
                row[c] = row[c - 1]
    for r in range(1, header_rows):
        for c in range(width):
            if not out[r][c] and out[r - 1][c]:
                out[r][c] = out[r - 1][c]
    return out


def header_key(row: list[str]) -> str:
    """A row's text folded, for telling a repeated header."""
    return "|".join(fold(c) for c in row if c)


def _row_number(row: list[str]) -> int | None:
    first = next((c for c in row if c.strip()), "")
    m = re.fullmatch(r"(\d{1,3})\s*[.)]?", first.strip())
    return int(m.group(1)) if m else None


def _continues(table: Block, nxt: Block) -> bool:
    """Whether ``nxt`` is the same table continued (after a page break): the same header, or the same
    width and the numbering going on."""
    if not nxt.rows or not table.rows:
        return False
    if table.header_rows and nxt.header_rows and header_key(table.rows[0]) == header_key(nxt.rows[0]):
        return True
    width = max(len(r) for r in table.rows)
    same_width = abs(max(len(r) for r in nxt.rows) - width) <= 1
    if not same_width:
        return False
    last, first = _row_number(table.rows[-1]), _row_number(nxt.body[0] if nxt.body else nxt.rows[0])
    if last is not None and first == last + 1:
        return True
    # A headerless part right after a table of the same width, and no caption of its own.
    return nxt.header_rows == 0 and not nxt.caption and table.header_rows > 0


def join_continued_tables(blocks: list[Block]) -> list[Block]:
    """Join tables that continue across pages, dropping the repeated header; notes in between move after."""
    out: list[Block] = []
    pending_notes: list[Block] = []
    repeated_header = False  # the table's header alone opened this page: what follows may end its last row
    for block in blocks:
        if block.kind == BlockKind.NOTE and out and out[-1].kind == BlockKind.TABLE:
            pending_notes.append(block)
            continue
        if out and out[-1].kind == BlockKind.TABLE and _header_only(out[-1], block):
            repeated_header = True
            continue
        if repeated_header and block.kind == BlockKind.PARAGRAPH and block.text[:1].islower() and out[-1].body:
            # The last row's text, cut by the page break, goes on under the repeated header.
            last = out[-1].rows[-1]
            column = max(c for c, text in enumerate(last) if text) if any(last) else 0
            last[column] = join_lines([last[column], block.text])
            repeated_header = False
            continue
        repeated_header = False
        if block.kind == BlockKind.TABLE and out and out[-1].kind == BlockKind.TABLE and _continues(out[-1], block):
            table = out[-1]
            rows = block.body if _same_header(table, block) else block.rows
            if rows and table.body and _fragment(rows[0], table.rows[-1]):
                # A row the page break cut: its last lines open the next page.
                table.rows[-1] = [join_lines([a, b]) for a, b in zip(table.rows[-1], rows[0], strict=False)]
                rows = rows[1:]
            _merged_across_break(table.body, rows)
            table.rows.extend(rows)
            continue
        if pending_notes:
            out.extend(pending_notes)
            pending_notes = []
        out.append(block)
    out.extend(pending_notes)
    return out


def _merged_across_break(above: list[list[str]], below: list[list[str]]) -> None:
    """A cell merged down the rows on both sides of a page break, its text cut there ("Distribuido entre la
    base de datos de Voto Chilango para" | "informar sobre el ejercicio…"): the whole text to each row."""
    if not above or not below:
        return
    for c in range(min(len(above[-1]), len(below[0]))):
        top, bottom = above[-1][c], below[0][c]
        if not top or not bottom or not bottom[:1].islower() or re.search(r"[.;:!?”\")]$", top):
            continue
        upper, lower = _run(reversed(above), c, top), _run(below, c, bottom)
        if len(upper) + len(lower) < 3:
            continue  # one row's cell, not one merged down several
        whole = join_lines([top, bottom])
        for row in (*upper, *lower):
            row[c] = whole


def _run(rows: Iterable[list[str]], column: int, text: str) -> list[list[str]]:
    """The rows, from the first on, whose cell in ``column`` holds ``text``."""
    run = []
    for row in rows:
        if column >= len(row) or row[column] != text:
            break
        run.append(row)
    return run


def _header_only(table: Block, block: Block) -> bool:
    """A one-row block that is ``table``'s header again (the page went on with nothing else of the table)."""
    if not table.header_rows:
        return False
    heads = {fold(" ".join(c for c in r if c)) for r in table.rows[: table.header_rows]}
    if block.kind == BlockKind.TABLE and len(block.rows) == 1:
        return fold(" ".join(c for c in block.rows[0] if c)) in heads
    return block.kind == BlockKind.PARAGRAPH and fold(block.text) in heads


def _fragment(row: list[str], above: list[str]) -> bool:
    """Whether a table's first row on a page is the end of the row above, cut by the page break: no data,
    text only in few columns, all of which the row above fills."""
    filled = [c for c, text in enumerate(row) if text]
    return (
        bool(filled)
        and len(filled) * 2 <= len(row)
        and not any(has_data(text) and not re.fullmatch(r"(?:19|20)\d\d\W?", text.strip()) for text in row)
        and all(c < len(above) and above[c] for c in filled)
    )


def _same_header(table: Block, nxt: Block) -> bool:
    if not nxt.header_rows:
        return False
    heads = {header_key(r) for r in table.rows[: max(table.header_rows, 1)]}
    return header_key(nxt.rows[0]) in heads


def make_table(rows: list[list[str]], *, header_rows: int | None = None, caption: str = "") -> Block:
    """A table block from raw rows: cells cleaned, empty rows dropped, header counted and expanded."""
    cleaned = [[clean_text(c or "") for c in row] for row in rows]
    cleaned = [r for r in cleaned if any(r)]
    width = max((len(r) for r in cleaned), default=0)
    cleaned = [r + [""] * (width - len(r)) for r in cleaned]
    count = count_header_rows(cleaned) if header_rows is None else header_rows
    return Block(BlockKind.TABLE, rows=expand_header(cleaned, count), header_rows=count, caption=caption)


# --- paragraphs ---------------------------------------------------------------------------------

_ENDS_SENTENCE_RE = re.compile(r"[.:;!?”\")]\s*$")


def join_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join a paragraph or item that a page break cut in two ("…se realizó la" + "segunda parte…"): the
    second part starts in lower case, or at the top of a page after a part that ends mid-sentence. Notes
    in between do not part them."""
    out: list[Block] = []
    for block in blocks:
        previous = next((b for b in reversed(out) if b.kind != BlockKind.NOTE), None)
        if (
            block.kind == BlockKind.PARAGRAPH
            and previous is not None
            and previous.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)
            and (block.text[:1].islower() or block.page_start)
            and not _ENDS_SENTENCE_RE.search(previous.text)
        ):
            previous.text = join_lines([previous.text, block.text])
            continue
        out.append(block)
    return out


def place_notes(blocks: list[Block]) -> list[Block]:
    """Put each numbered note right after the block that calls it, wherever the form kept it (the page's
    foot, a "Notas" part at the end), and take the calls out of the text."""
    notes = [b for b in blocks if b.kind == BlockKind.NOTE and b.level]
    placed: dict[int, list[Block]] = {}
    rest: list[Block] = []
    for block in blocks:
        if block.kind == BlockKind.NOTE and block.level:
            continue
        rest.append(block)
    for note in notes:
        # not a table of contents, whose page number after a title only looks like a call ("Presentación 3")
        calling = [
            i for i, b in enumerate(rest) if NOTE_CALL.format(note.level) in _block_text(b) and not _contents(rest, i)
        ]
        caller = calling[0] if calling else None
        placed.setdefault(caller if caller is not None else len(rest) - 1, []).append(note)
    out: list[Block] = []
    for index, block in enumerate(rest):
        out.append(block)
        out.extend(placed.get(index, []))
    for block in out:
        if "⟦" in block.text:
            block.text = clean_text(_NOTE_CALL_RE.sub("", block.text))
        if any("⟦" in c for r in block.rows for c in r):
            block.rows = [[clean_text(_NOTE_CALL_RE.sub("", c)) for c in r] for r in block.rows]
    return out


def _contents(blocks: list[Block], index: int) -> bool:
    """Whether the table at ``index`` is a table of contents: under an "Índice" or "Contenido" heading, before
    any other heading."""
    if blocks[index].kind != BlockKind.TABLE:
        return False
    above = next((b for b in reversed(blocks[:index]) if b.kind == BlockKind.HEADING), None)
    return above is not None and fold(above.text).strip(" .:").startswith(("indice", "contenido"))


def _block_text(block: Block) -> str:
    return block.text if block.kind != BlockKind.TABLE else " ".join(c for r in block.rows for c in r)


_CAPTION_RE = re.compile(r"^(?:tabla|cuadro)\s+\d+(?:\.\d+)*\.?\s*", re.I)


def attach_captions(blocks: list[Block]) -> list[Block]:
    """A short "Tabla 3.1 …" line right before a table becomes that table's caption."""
    out: list[Block] = []
    for block in blocks:
        if (
            block.kind == BlockKind.TABLE
            and not block.caption
            and out
            and out[-1].kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)
            and _CAPTION_RE.match(out[-1].text)
            and len(out[-1].text) < 200
        ):
            block.caption = out.pop().text
        out.append(block)
    return out


def caption_title(caption: str) -> str:
    """The caption without its number: "Tabla 3.1 Pláticas en universidades" → "Pláticas en universidades"."""
    return _CAPTION_RE.sub("", caption).strip(" .:")


def finish(blocks: list[Block], form: str, source_name: str, warnings: list[str] | None = None) -> Document:
    """The shared last steps of every reader: captions, continued tables, paragraphs cut by a page."""
    blocks = [b for b in blocks if b.kind == BlockKind.TABLE or b.text]
    blocks = place_notes(blocks)
    blocks = attach_captions(blocks)
    blocks = join_continued_tables(blocks)
    blocks = join_broken_paragraphs(blocks)
    return Document(blocks, form, source_name, warnings or [])
