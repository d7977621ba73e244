"""Text copied out of a PDF with its layout (``pdftotext -layout``): columns aligned with spaces, page
headers, footers and numbers, footnotes at the page foot.

Tables are found from the whitespace: lines with several runs of text, whose gaps line up over consecutive
lines, form a table; the gutters (positions free of text in nearly every line) are the column boundaries,
and blank lines separate its rows.
"""

from __future__ import annotations

import itertools
import re

from seed.document import Block, Document, finish, has_data, join_lines, make_table
from seed.readers.centred import WEEKDAY_DAY_RE, anchor_columns, centred, centred_rows, datum, free_gutters, spaced_rows
from seed.readers.footnotes import clean_line, lone_calls, note_openers
from seed.readers.furniture import Line, drop_furniture, lines_to_blocks
from seed.readers.regions import (
    LABEL_GAP_RE,
    Segment,
    find_regions,
    segments,
    squeeze,
)

_PAGE_END_RE = re.compile(r"^\s*p[aá]gina\s+\d+(?:\s+de\s+\d+)?\s*$", re.IGNORECASE)


def _pages(text: str) -> list[list[str]]:
    if "\f" in text:
        return [page.split("\n") for page in text.split("\f")]
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        pages[-1].append(line)
        if _PAGE_END_RE.match(line):
            pages.append([])
    return pages


def _gutters(lines: list[str], body: list[str]) -> list[tuple[int, int]]:
    """Column gutters: spans that lie in a gap of two or more spaces in several lines and are free of text
    in (nearly) all lines of the ``body``; of such a span, the stretch that cuts fewest runs of text."""
    width = max(len(ln) for ln in lines)
    votes = [0] * (width + 1)
    occupied = [0] * (width + 1)
    for line in (ln for ln in lines if ln.strip()):
        parts = segments(line)
        for left_part, right_part in itertools.pairwise(parts):
            for x in range(left_part.end, right_part.start):
                votes[x] += 1
    texts = [ln for ln in body if ln.strip()]
    for line in texts:
        for x, ch in enumerate(line):
            if ch != " ":
                occupied[x] += 1
    tolerance = len(texts) // 8 if len(texts) >= 8 else 0
    runs = [segments(ln) for ln in texts]
    candidate = [
        occupied[x] <= tolerance and (votes[x] >= 2 or (votes[x] == 1 and occupied[x] == 0)) for x in range(width)
    ]
    gutters: list[tuple[int, int]] = []
    x = 0
    while x < width:
        if not candidate[x]:
            x += 1
            continue
        start = x
        while x < width and candidate[x]:
            x += 1
        # Where fewest runs of text are cut (a label spanning columns, a cell one space from the next),
        # and of those the widest stretch, is where the columns part.
        crossing = [sum(1 for parts in runs if any(p.start < k < p.end for p in parts)) for k in range(start, x)]
        least = min(crossing)
        if least > max(tolerance, 2):
            continue  # words of one column parted by a space in many lines ("de 2022" under "Miércoles 20…")
        stretches: list[tuple[int, int]] = []
        for k in range(start, x):
            if crossing[k - start] != least:
                continue
            if stretches and stretches[-1][1] == k - 1:
                stretches[-1] = (stretches[-1][0], k)
            else:
                stretches.append((k, k))
        begin, end = max(stretches, key=lambda s: (s[1] - s[0], s[1]))
        if max(votes[begin : end + 1]) < 2 and (least > 0 or end - begin < 1):
            continue  # one line's gap alone, over the space between two words of another
        both = sum(1 for ln in lines if ln[:begin].strip() and ln[end + 1 :].strip())
        if both >= 2:
            gutters.append((begin, end))
    return _with_columns(gutters, [ln for ln in lines if ln.strip()], need=2 if len(texts) > 3 else 1)


def _with_columns(gutters: list[tuple[int, int]], texts: list[str], need: int = 2) -> list[tuple[int, int]]:
    """Keep the gutters that open a real column: one holding whole runs of text in at least ``need`` lines
    (a gap that only parts the words of one column, as repeated dates do, opens none). Judged from the right,
    so that each column ends where the next real one starts."""
    kept: list[tuple[int, int]] = []
    runs = [segments(ln) for ln in texts]
    for begin, end in reversed(gutters):
        right = kept[0][0] if kept else 10**6
        holding = sum(1 for parts in runs if any(p.start >= end and p.end <= right + 1 for p in parts))
        if holding >= need:
            kept.insert(0, (begin, end))
    return kept


def _cells(line: str, gutters: list[tuple[int, int]]) -> list[str]:
    """Cut a line at the gutters; text crossing a gutter is cut at its space there, unless it is one label
    spanning columns (a group heading such as "Asistencia a las sesiones"), which fills each of them."""
    cuts = [0]
    spanning: list[int] = []
    for a, b in gutters:
        window = line[a : b + 1]
        if not window.strip():
            cuts.append(b + 1)
            continue
        spaces = [a + k for k, ch in enumerate(window) if ch == " "]
        after = line[spaces[-1] + 1 :].lstrip() if spaces else ""
        # A cell that starts a little left of its column, after a wide gap: it starts there, whatever its case.
        opened = re.search(r"\S", line[a:]) if line[max(0, a - 2) : a + 1].strip() == "" else None
        # A cell pushed left over the gutter by a long neighbour, one space after it ("…Originarios y Décima
        # primera"): it starts at the capital right before the gutter.
        shifted = re.search(r" (?=[A-ZÁÉÍÓÚÑ\d])\S*$", line[max(cuts[-1], a - 10) : a]) if not spaces else None
        if opened and a + opened.start() <= b:
            cuts.append(a + opened.start())
        elif (spaces and after[:1].isupper()) or (spaces and after[:1].isdigit()):
            cuts.append(spaces[-1] + 1)
        elif shifted and re.match(r"\S*(?=\s|$)", line[a:]):
            cuts.append(max(cuts[-1], a - 10) + shifted.start() + 1)
        else:
            spanning.append(len(cuts))
            cuts.append(b + 1)
    cuts.append(max(len(line), cuts[-1]))
    pieces = [line[a:b].strip() for a, b in itertools.pairwise(cuts)]
    for index in reversed(spanning):
        # A label over several columns: the text split by the cut belongs to both.
        joined = f"{pieces[index - 1]} {pieces[index]}".strip()
        pieces[index - 1] = pieces[index] = joined
    return pieces


def _line_has_data(line: str) -> bool:
    """A line of a table's body: a cell with a date (or a weekday and a day), a mark, a number or a code."""
    return bool(WEEKDAY_DAY_RE.search(line)) or any(has_data(p.text) for p in segments(line))


def _first_body_line(lines: list[str]) -> int:
    """The index of the first line of the table's body: the header is what comes before any data."""
    for index, line in enumerate(lines):
        if line.strip() and _line_has_data(line):
            return index if any(ln.strip() for ln in lines[:index]) else 0
    return 0


_CONNECTOR_RE = re.compile(r"(?:,|\b(?:de|del|la|las|el|los|y|e|o|u|en|con|para|por|a|al|que|su|sus))$", re.I)
_COMPLETE_RE = re.compile(r"[.;!?)”\"]$")


_YEAR_END_RE = re.compile(r"\b(?:19|20)\d\d\W*$")


def _goes_on(before: str, text: str) -> bool:
    """Whether ``text`` on the next line continues a cell that held ``before`` (cells are top-aligned: a
    cell's text wraps line after line)."""
    if _CONNECTOR_RE.search(before):
        return True
    if WEEKDAY_DAY_RE.match(text) or re.fullmatch(r"\d{1,3}\s*[.)]?", text):
        return False  # a new date, a new row number
    if text[:1].islower() or text[:1] in ",;)":
        return True
    if len(before) <= 12 and has_data(before):
        return False  # a mark or a number stands alone in its cell
    if _COMPLETE_RE.search(before) or _YEAR_END_RE.search(before):
        return text[:1].isdigit()
    return True


def _body_rows(lines: list[str], gutters: list[tuple[int, int]], spaced: bool = False) -> tuple[list[list[str]], bool]:
    """The body's rows. Cells centred in their rows (as a word processor prints them) are read around each
    row's line of data; otherwise blank lines part rows, and within a block of lines a line starts a new row
    when it has text in a column the line above left empty, or its cells do not read as going on from it."""
    grid = [_cells(line, gutters) if line.strip() else None for line in lines]
    blocks = spaced_rows(grid, spaced)
    if blocks is not None:
        return blocks, True
    anchors = anchor_columns(grid)
    if anchors and centred(grid, anchors):
        return centred_rows(grid, anchors), False
    rows: list[list[list[str]]] = []
    previous: list[str] | None = None
    for line in lines:
        if not line.strip():
            previous = None
            continue
        cells = _cells(line, gutters)
        new = previous is None or not rows
        if not new:
            assert previous is not None
            filled = [c for c, text in enumerate(cells) if text]
            new = any(not previous[c] for c in filled) or not all(_goes_on(previous[c], cells[c]) for c in filled)
        if new:
            rows.append([[] for _ in cells])
        for c, text in enumerate(cells):
            if text:
                rows[-1][c].append(text)
        previous = cells
    return [[join_lines(parts) for parts in row] for row in rows], False


def _header_only_columns(gutters: list[tuple[int, int]], header: list[str], body: list[str]) -> list[tuple[int, int]]:
    """A column empty on this page (its merged cell stood on the page before) still has its header label:
    a label right of all the body's text opens one more column."""
    if not header or not body:
        return gutters
    reach = max(len(ln.rstrip()) for ln in body)
    last = gutters[-1][1] if gutters else -1
    for line in header:
        parts = segments(line)
        if len(parts) <= len(gutters) + 1:
            continue
        for part in parts:
            if part.start > max(reach, last) + 1:
                return [*gutters, (max(reach, last + 1), part.start - 1)]
    return gutters


def _lone_column(gutters: list[tuple[int, int]], texts: list[str]) -> list[tuple[int, int]]:
    """A column whose text never shares a line with the others' (a cell merged down several rows, centred in
    them): lines holding only text far to the right, left of which every line leaves a gap, open it."""
    width = max((len(ln) for ln in texts), default=0)
    alone = [parts[0].start for ln in texts if len(parts := segments(ln)) == 1 and parts[0].start > 0.4 * width]
    if len(alone) < 2:
        return gutters
    start = min(alone)
    if any(a <= start - 1 <= b + 1 for a, b in gutters):
        return gutters
    crossing = any(p.start < start - 1 and p.end > start - 2 for ln in texts for p in segments(ln))
    left = sum(1 for ln in texts if any(p.end < start - 1 for p in segments(ln)))
    if crossing or left < 2:
        return gutters
    return sorted([*gutters, (start - 2, start - 1)])


def _table(
    lines: list[str], repeated: list[str], before: list[tuple[int, int]], spaced_before: bool = False
) -> tuple[Block, list[str], list[tuple[int, int]], bool]:
    """The table in ``lines``, and its header lines. ``repeated`` is the header of the table before: when
    these lines start with it, the table goes on from the page before and the header is exactly that.

    Gutters come from the body's lines when there are enough of them: a header's centred labels would blur
    them. Header labels then go to the column under their middle."""
    first = _first_body_line(lines)
    texts_only = [(k, ln) for k, ln in enumerate(lines) if ln.strip()]
    goes_on = bool(repeated) and len(texts_only) > len(repeated)
    goes_on = goes_on and [squeeze(ln) for _, ln in texts_only[: len(repeated)]] == [squeeze(ln) for ln in repeated]
    if goes_on:
        first = texts_only[len(repeated) - 1][0] + 1
    else:
        # A header parted from the body by a blank line: text right above the first data is the first row's
        # (a cell centred in its row starts above the row's data).
        blanks = [k for k in range(first) if not lines[k].strip() and any(ln.strip() for ln in lines[:k])]
        data = [p for p in segments(lines[first]) if datum(p.text)] if first < len(lines) else []
        above = [p for ln in lines[blanks[-1] + 1 : first] for p in segments(ln)] if blanks else []
        if above and not any(p.start < d.end and d.start < p.end for p in above for d in data):
            first = blanks[-1] + 1  # nothing over the first row's data: no header labels
        first = _first_row_under_labels(lines, first)
    header, body = [ln for ln in lines[:first] if ln.strip()], lines[first:]
    texts = [ln for ln in body if ln.strip()]
    gutters = _gutters(lines, body if len(texts) >= 6 or goes_on else lines)
    gutters = _header_only_columns(gutters, header, texts)
    gutters = _lone_column(gutters, texts)
    if goes_on and before and (len(gutters) < len(before) or len(texts) <= 3):
        # The table goes on from the page before with as many columns: where its body leaves a gap free
        # of text in every line (cells centred in their rows rarely share a line), else the page before's
        # columns moved as far as its header moved.
        free = free_gutters(texts)
        if len(free) == len(before) and len(texts) >= 2:
            gutters = free
        else:
            shift = _indent(texts_only[0][1]) - _indent(repeated[0])
            gutters = [(a + shift, b + shift) for a, b in before]
    rows = []
    if header:
        spans = _column_spans(texts, gutters)
        columns: list[list[str]] = [[] for _ in range(len(gutters) + 1)]
        for line in header:
            for part in segments(line):
                columns[_column_of(part, spans, gutters)].append(part.text)
        rows.append([join_lines(parts) for parts in columns])
    # A table going on from the page before, whose rows were parted by blank lines there, is read so here too
    # (however few rows this page holds).
    body_rows, spaced = _body_rows(body, gutters, spaced=goes_on and spaced_before)
    rows += body_rows
    return make_table(rows, header_rows=1 if header else None), header, gutters, spaced


def _first_row_under_labels(lines: list[str], first: int) -> int:
    """A row without data read as the header's last line ("Partido Acción Nacional (PAN) | Andrés Sánchez
    Miranda | Todo el trimestre" under "Partido político | Representación | Periodo"): the labels are centred
    over their columns, and this line starts a cell where each of the body's columns starts, one cell per
    column. Header lines aligned as the body is are left as they are."""
    above = [k for k in range(first) if lines[k].strip()]
    body = [segments(ln) for ln in lines[first:] if ln.strip()]
    if len(above) < 2 or len(body) < 2:
        return first
    columns = max(len(parts) for parts in body)
    starts = {p.start for parts in body for p in parts}
    on_columns = lambda k: all(any(abs(p.start - s) <= 1 for s in starts) for p in segments(lines[k]))  # noqa: E731
    last = above[-1]
    if columns < 2 or len(segments(lines[last])) != columns or not on_columns(last):
        return first
    if all(on_columns(k) for k in above[:-1]):
        return first
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _column_spans(body: list[str], gutters: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where each column's body text lies (first and last position holding text)."""
    edges = [0, *(b + 1 for _, b in gutters), 10**6]
    spans = []
    for c in range(len(gutters) + 1):
        low, high = edges[c], edges[c + 1]
        starts, ends = [], []
        for line in body:
            piece = line[low:high]
            if piece.strip():
                starts.append(low + len(piece) - len(piece.lstrip()))
                ends.append(low + len(piece.rstrip()))
        spans.append((min(starts), max(ends)) if starts else (low, low))
    return spans


def _column_of(part: Segment, spans: list[tuple[int, int]], gutters: list[tuple[int, int]] | None = None) -> int:
    """The column a header label belongs to: the one whose body text it alone overlaps; a label over two
    columns' text (a centred label over narrow marks) goes where its middle falls between the gutters'
    middles; one over none, to the nearest column."""
    overlaps = [min(part.end, b) - max(part.start, a) for a, b in spans]
    middle = (part.start + part.end) / 2
    touched = [c for c in range(len(spans)) if overlaps[c] > 0]
    if len(touched) == 1:
        return touched[0]
    if touched and gutters and len(gutters) + 1 == len(spans):
        return sum(1 for a, b in gutters if (a + b) / 2 < middle)
    return min(range(len(spans)), key=lambda c: abs((spans[c][0] + spans[c][1]) / 2 - middle))


def read_layout(text: str, source_name: str = "") -> Document:
    """Read text copied from a PDF with its layout into blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    raw_pages = _pages(text)
    width = max((len(ln.rstrip()) for page in raw_pages for ln in page), default=80)
    openers = [note_openers(page) for page in raw_pages]
    # the notes' numbers (a note's number may open a line of its text: "4 Las pláticas…")
    notes = {page[k].split()[0] for page, found in zip(raw_pages, openers, strict=True) for k in found}
    raw_pages = [lone_calls(page, found, notes) for page, found in zip(raw_pages, openers, strict=True)]
    page_lines: list[list[Line]] = []
    for number, page in enumerate(raw_pages, 1):
        lines = []
        for index, raw in enumerate(page):
            line = raw.rstrip() if index in openers[number - 1] else clean_line(raw.rstrip(), notes)
            if line.strip():
                indent = len(line) - len(line.lstrip())
                lines.append(Line(line, indent, len(line), index, index + 1, number))
        page_lines.append(lines)
    kept = drop_furniture(page_lines)
    blocks: list[Block] = []
    repeated: list[str] = []
    columns: list[tuple[int, int]] = []
    spaced = False  # whether the last table's rows were parted by blank lines
    for number, lines in enumerate(kept, 1):
        if not lines:
            continue
        # Rebuild the page's text with furniture gone, keeping blank lines where they were.
        by_index = {int(ln.top): ln.text for ln in lines}
        last = max(by_index)
        page_text = [by_index.get(k, "") for k in range(last + 1)]
        placed: list[tuple[float, Block]] = []
        taken: set[int] = set()
        # A footnote at the page's foot is no row of the table above it
        foot = min((k for k in openers[number - 1] if k <= last), default=last + 1)
        page_text = [t if k < foot else "" for k, t in enumerate(page_text)] + [
            "" for _ in range(max(0, last + 1 - len(page_text)))
        ]
        for start, end in find_regions(page_text, width, repeated):
            table, repeated, columns, spaced = _table(page_text[start : end + 1], repeated, columns, spaced)
            placed.append((start, table))
            taken.update(range(start, end + 1))
        rest = []
        for ln in lines:
            if int(ln.top) in taken:
                continue
            ln.text = ln.text.strip()
            ln.gap_after_label = bool(LABEL_GAP_RE.match(page_text[int(ln.top)]))
            ln.opens_note = int(ln.top) in openers[number - 1]
            if ln.opens_note:
                opened = re.match(r"(\d{1,2})\s*(.*)", ln.text)
                ln.note, ln.text = (int(opened.group(1)), opened.group(2)) if opened else (0, ln.text)
            rest.append(ln)
        text_blocks, notes_blocks = lines_to_blocks(rest)
        placed.extend(text_blocks)
        placed.sort(key=lambda item: item[0])
        blocks.extend(b for _, b in placed)
        blocks.extend(notes_blocks)
    return finish(blocks, "layout", source_name)
