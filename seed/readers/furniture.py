"""Laid-out lines (of a PDF page, or of text copied from one) into blocks: running headers, footers and page
numbers removed, footnotes set apart, lines grouped into headings, paragraphs and list items."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from lang.spanish import ACUERDO_CODE_RE, fold
from seed.document import Block, BlockKind, join_lines

_PAGE_NUMBER_RE = re.compile(
    r"^(?:p[aá]g(?:ina|\.)?\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:de|/)\s*\d{1,3})?$", re.IGNORECASE
)
_BULLET_RE = re.compile(r"^(?:[•▪◦●○■□➢►✓·\ue000-\uf8ff]|[-–—](?=\s))\s*")  # private-use: Symbol-font bullets
_LABEL_RE = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}\.|[A-Ha-h]\))(?=\s)")
_LEADERS_RE = re.compile(r"(?:\.\s?){4,}\s*\d+|(?:\s\.){3,}\s*\d+\s*$")
_SENTENCE_OPENER_RE = re.compile(
    r"^(?:El|La|Los|Las|Un|Una|En|Con|Por|Para|Se|Durante|Asimismo|Además|Al|Del|De|Respecto|Como|Este|Esta|"
    r"No|Mediante|Sin|Derivado|Cabe|Finalmente|Adicionalmente)\s"
)
_CAPTION_RE = re.compile(r"(?:tabla|cuadro|gr[aá]fica)\s+\d+(?:\.\d+)*\b", re.IGNORECASE)
_ENDS_SENTENCE_RE = re.compile(r"[.:;!?][”\")]?\s*$")
_TOP_WORDS = ("introduccion", "indice", "contenido", "presentacion", "conclusion", "anexo", "notas", "glosario")


@dataclass
class Line:
    """One visual line: its text, horizontal extent, vertical position (points, or the line number for
    text) and, when known, font size and boldness."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    size: float = 0.0
    bold: bool = False
    opens_note: bool = False
    note: int = 0  # the number of the note this line opens
    gap_after_label: bool = False  # "I.     Sesiones…": a list label set apart by a wide gap


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", fold(text))).strip()


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove running headers and footers (the same line at the top or bottom of many pages, numbers aside)
    and page numbers."""
    edges: list[list[Line]] = []
    for lines in pages:
        ordered = sorted(lines, key=lambda ln: ln.top)
        edges.append(ordered[:3] + ordered[-3:])
    counts = Counter(key for edge in edges for key in {_furniture_key(ln.text) for ln in edge})
    # A running header or footer stands on most pages; a table row that happens to open one page and close
    # another does not.
    threshold = max(3, (len(pages) + 1) // 2)
    repeated = {key for key, n in counts.items() if n >= threshold} if len(pages) >= 3 else set()
    out: list[list[Line]] = []
    for lines, edge in zip(pages, edges, strict=True):
        ordered = sorted(lines, key=lambda ln: ln.top)
        bottom = ordered[-2:]
        drop = {
            id(ln)
            for ln in edge
            if _furniture_key(ln.text) in repeated or (ln in bottom and _PAGE_NUMBER_RE.match(ln.text.strip()))
        }
        out.append([ln for ln in ordered if id(ln) not in drop])
    return out


def _pitch(lines: list[Line]) -> float:
    """The usual distance between two lines of a paragraph."""
    steps = Counter(round(b.top - a.top, 0) for a, b in itertools.pairwise(lines) if 0 < b.top - a.top < 40)
    return steps.most_common(1)[0][0] if steps else 1.0


def _split_notes(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Footnotes sit at the page foot: from the first line that opens a note (a small or lone number) on."""
    for index, line in enumerate(lines):
        if not line.opens_note:
            continue
        rest = lines[index:]
        if body_size and any(ln.size >= body_size * 0.95 for ln in rest):
            continue
        return lines[:index], rest
    return lines, []


def _notes(lines: list[Line]) -> list[Block]:
    notes: list[tuple[int, list[str]]] = []
    for line in lines:
        if line.opens_note or not notes:
            notes.append((line.note, [line.text]))
        else:
            notes[-1][1].append(line.text)
    return [Block(BlockKind.NOTE, join_lines(n), level=number) for number, n in notes if join_lines(n)]


def is_heading_text(text: str) -> bool:
    """Whether a block of plain text reads as a heading: a numbered title (I., 1., A)) or a top word."""
    if ACUERDO_CODE_RE.match(text) or len(text) > 400:
        return False
    if _LABEL_RE.match(text):
        return True
    folded = fold(text).strip(" .:")
    return len(text) < 60 and folded.startswith(_TOP_WORDS)


def lines_to_blocks(
    lines: list[Line], body_size: float = 0.0, size_levels: dict[float, int] | None = None
) -> tuple[list[tuple[float, Block]], list[Block]]:
    """Group a page's lines into blocks (with their top, to place tables among them) and its footnotes.

    ``body_size`` is the font size of the body text (0 when unknown, as in text); ``size_levels`` gives the
    heading level of each size of bold text."""
    lines = sorted(lines, key=lambda ln: ln.top)
    lines, note_lines = _split_notes(lines, body_size)
    if not lines:
        return [], _notes(note_lines)
    pitch = _pitch(lines)
    right = max(ln.x1 for ln in lines)
    left = min(ln.x0 for ln in lines)
    width = max(right - left, 1.0)
    groups: list[tuple[str, list[Line]]] = []  # (kind, lines): kind is "item" or "text"
    for _index, line in enumerate(lines):
        bullet = _BULLET_RE.match(line.text) is not None
        labelled = line.gap_after_label and _LABEL_RE.match(line.text) is not None
        if line.opens_note:  # a note in body type ("Notas" at the end): a block of its own
            groups.append(("note", [line]))
            continue
        if groups and not bullet and not labelled:
            kind, current = groups[-1]
            previous = current[-1]
            close = line.top - previous.top <= 1.35 * pitch
            same_style = previous.bold == line.bold and abs(previous.size - line.size) < 0.6
            used = (previous.x1 - left) / width
            short_before = used < 0.5 or (used < 0.75 and _ENDS_SENTENCE_RE.search(previous.text) is not None)
            # A numbered heading run straight into its first paragraph: "…colaboración" / "El presente…".
            after_heading = (
                len(current) <= 3
                and _LABEL_RE.match(current[0].text) is not None
                and not re.search(r"[,;]\s*$|\b(?:y|o|e|de|del|la|el|los|las|en|con|para|por)\s*$", previous.text)
                and _SENTENCE_OPENER_RE.match(line.text) is not None
            )
            labelled_start = (_LABEL_RE.match(line.text) is not None and line.x0 <= left + 2) or bool(
                _CAPTION_RE.match(line.text)
            )
            aligned = kind != "item" or line.x0 >= current[0].x0 + 2 or line.x0 > left + 2
            if close and same_style and not short_before and aligned and not labelled_start and not after_heading:
                current.append(line)
                continue
        groups.append(("item" if bullet or labelled else "text", [line]))
    blocks: list[tuple[float, Block]] = []
    bullet_lefts = sorted({round(g[1][0].x0) for g in groups if g[0] == "item"})
    for kind, group in groups:
        raw = [ln.text for ln in group]
        if kind == "item":
            raw[0] = _BULLET_RE.sub("", raw[0], count=1)
        text = join_lines(raw)
        if not text or _LEADERS_RE.search(" ".join(raw)):
            continue  # an entry of the table of contents
        top = group[0].top
        if kind == "note":
            blocks.append((top, Block(BlockKind.NOTE, text, level=group[0].note)))
        elif kind == "item":
            depth = 1 + _rank(bullet_lefts, round(group[0].x0))
            blocks.append((top, Block(BlockKind.ITEM, text, level=min(depth, 3))))
        elif all(ln.bold for ln in group) and body_size and not re.match(r"(?i)^(?:tabla|cuadro)\b", text):
            level = (size_levels or {}).get(group[0].size, 0)
            blocks.append((top, Block(BlockKind.HEADING, text, level=level, bold=True)))
        elif (
            not body_size
            and is_heading_text(text)
            and len(group) <= 4
            and (group[0].x0 <= left + 2 or not _LABEL_RE.match(text))
        ):
            blocks.append((top, Block(BlockKind.HEADING, text, level=0)))
        else:
            blocks.append((top, Block(BlockKind.PARAGRAPH, text, bold=all(ln.bold for ln in group))))
    if blocks:
        blocks[0][1].page_start = True
    return blocks, _notes(note_lines)


def _rank(values: list[int], value: int, tolerance: int = 4) -> int:
    rank = 0
    previous: int | None = None
    for v in values:
        if previous is not None and v - previous > tolerance:
            rank += 1
        if abs(v - value) <= tolerance:
            return rank
        previous = v
    return rank
