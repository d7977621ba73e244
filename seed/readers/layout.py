"""Text copied out of a PDF with its layout (``pdftotext -layout``): columns aligned with spaces, page
headers, footers and numbers, footnotes at the page foot.

Tables are found from the whitespace: lines with several runs of text, whose gaps line up over consecutive
lines, form a table; the gutters (positions free of text in nearly every line) are the column boundaries,
and blank lines separate its rows.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from seed.document import NOTE_CALL, Block, Document, finish, has_data, is_index_line, join_lines, make_table
from seed.readers.furniture import Line, drop_furniture, lines_to_blocks

_GAP_RE = re.compile(r"\S+(?: \S+)*")
_LABEL_GAP_RE = re.compile(r"^\s*(?:[IVX]{1,4}\.|\d{1,2}\.|[A-Ha-h]\)|[•▪◦●○■➢►·–-])\s{2,}\S")
_BULLET_START_RE = re.compile(r"^\s*[•▪◦●○■➢►·]")
_PAGE_END_RE = re.compile(r"^\s*p[aá]gina\s+\d+(?:\s+de\s+\d+)?\s*$", re.IGNORECASE)
_SUPERSCRIPT_O_RE = re.compile(r"\b(\d{1,2}) o (?=(?!m[aá]s\b|menos\b)[a-záéíóúñ])")


@dataclass
class _Segment:
    start: int
    end: int
    text: str


def _segments(text: str) -> list[_Segment]:
    """Runs of text separated by two or more spaces."""
    return [_Segment(m.start(), m.end(), m.group(0)) for m in _GAP_RE.finditer(text)]


def _pages(text: str) -> list[list[str]]:
    if "\f" in text:
        return [page.split("\n") for page in text.split("\f")]
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        pages[-1].append(line)
        if _PAGE_END_RE.match(line):
            pages.append([])
    return pages


def _is_list_line(text: str, width: int) -> bool:
    """A list item's first line ("•   Texto…", "I.     Texto…" running to the margin), not a table row."""
    if _BULLET_START_RE.match(text):
        return True
    parts = _segments(text)
    return bool(_LABEL_GAP_RE.match(text)) and len(parts) == 2 and parts[1].end >= 0.7 * width


def _tableish(text: str, width: int) -> bool:
    return len(_segments(text)) >= 2 and not is_index_line(text)


def _find_regions(lines: list[str], width: int) -> list[tuple[int, int]]:
    """(first, last) line indexes of runs of lines that read as a table."""
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not _tableish(lines[i], width):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(lines):
            text = lines[j]
            if not text.strip():
                j += 1
                continue
            after_blank = not lines[j - 1].strip()
            if _tableish(text, width) and not (
                after_blank and _is_list_line(text, width) and _all_list(lines, start, j)
            ):
                end = j
                j += 1
                continue
            parts = _segments(text)
            single = len(parts) == 1 and ((parts[0].end - parts[0].start) < 0.6 * width or parts[0].start >= 4)
            if not single or _is_list_line(text, width) or is_index_line(text):
                break
            if after_blank:
                following = next((k for k in range(j + 1, len(lines)) if lines[k].strip()), None)
                if following is None or not _tableish(lines[following], width):
                    break
            end = j
            j += 1
        multi = [k for k in range(start, end + 1) if _tableish(lines[k], width)]
        if len(multi) >= 2 and not _all_list(lines, start, end + 1):
            while start > 0 and _header_above(lines[start - 1], width):
                start -= 1
            regions.append((start, end))
        i = end + 1
    return regions


def _all_list(lines: list[str], start: int, stop: int) -> bool:
    """Whether every line with several runs of text in ``lines[start:stop]`` is a list label and its text."""
    multi = [lines[k] for k in range(start, stop) if len(_segments(lines[k])) >= 2]
    return all(_LABEL_GAP_RE.match(ln) and len(_segments(ln)) == 2 for ln in multi)


def _header_above(text: str, width: int) -> bool:
    """A header line over a table's first row ("Fecha de" over "suscripción"): short, set in from the margin."""
    parts = _segments(text)
    return (
        bool(parts)
        and not re.match(r"\s*(?:tabla|cuadro)\b", text, re.IGNORECASE)
        and (len(parts) >= 2 or (parts[0].start >= 4 and parts[0].end - parts[0].start < 0.5 * width))
    )


def _gutters(lines: list[str], body: list[str]) -> list[tuple[int, int]]:
    """Column gutters: spans that lie in a gap of two or more spaces in several lines and are free of text
    in (nearly) all lines of the ``body``; of such a span, the stretch that cuts fewest runs of text."""
    width = max(len(ln) for ln in lines)
    votes = [0] * (width + 1)
    occupied = [0] * (width + 1)
    for line in (ln for ln in lines if ln.strip()):
        parts = _segments(line)
        for left_part, right_part in itertools.pairwise(parts):
            for x in range(left_part.end, right_part.start):
                votes[x] += 1
    texts = [ln for ln in body if ln.strip()]
    for line in texts:
        for x, ch in enumerate(line):
            if ch != " ":
                occupied[x] += 1
    tolerance = max(1, len(texts) // 8)
    segments = [_segments(ln) for ln in texts]
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
        crossing = [sum(1 for parts in segments if any(p.start < k < p.end for p in parts)) for k in range(start, x)]
        least = min(crossing)
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
    return _with_columns(gutters, texts)


def _with_columns(gutters: list[tuple[int, int]], texts: list[str]) -> list[tuple[int, int]]:
    """Keep the gutters that open a real column: one holding whole runs of text in at least two lines
    (a gap that only parts the words of one column, as repeated dates do, opens none)."""
    kept: list[tuple[int, int]] = []
    segments = [_segments(ln) for ln in texts]
    for index, (begin, end) in enumerate(gutters):
        right = gutters[index + 1][0] if index + 1 < len(gutters) else 10**6
        holding = sum(1 for parts in segments if any(p.start >= end and p.end <= right + 1 for p in parts))
        if holding >= 2:
            kept.append((begin, end))
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
        if (spaces and after[:1].isupper()) or (spaces and after[:1].isdigit()):
            cuts.append(spaces[-1] + 1)
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


def _row_groups(lines: list[str]) -> list[list[str]]:
    """Lines into rows: blank lines part rows when the table has them; otherwise each line opening with text
    at the left edge starts a row."""
    groups: list[list[str]] = [[]]
    blank_rows = any(not ln.strip() for ln in lines)
    left = min(len(ln) - len(ln.lstrip()) for ln in lines if ln.strip())
    for line in lines:
        if not line.strip():
            if groups[-1]:
                groups.append([])
            continue
        if not blank_rows and groups[-1] and line[: left + 2].strip():
            groups.append([])
        groups[-1].append(line)
    return [g for g in groups if g]


def _stacked_cells(group: list[str]) -> list[str]:
    """A row's cells before the columns are known: runs of text starting at the same place, joined down
    ("Viernes 23 de" over "octubre de 2020.")."""
    stacks: list[tuple[int, list[str]]] = []
    for line in group:
        for part in _segments(line):
            stack = next((s for s in stacks if abs(s[0] - part.start) <= 2), None)
            if stack is None:
                stacks.append((part.start, [part.text]))
            else:
                stack[1].append(part.text)
    return [" ".join(texts) for _, texts in stacks]


def _header_groups(groups: list[list[str]]) -> int:
    """How many leading rows are header: those holding no data (no date, mark, number or code)."""
    count = 0
    for group in groups[:3]:
        if any(has_data(cell) for cell in _stacked_cells(group)):
            break
        count += 1
    return count if count < len(groups) else 0


def _header_only_columns(gutters: list[tuple[int, int]], header: list[str], body: list[str]) -> list[tuple[int, int]]:
    """A column empty on this page (its merged cell stood on the page before) still has its header label:
    a label right of all the body's text opens one more column."""
    if not header or not body:
        return gutters
    reach = max(len(ln.rstrip()) for ln in body)
    last = gutters[-1][1] if gutters else -1
    for line in header:
        parts = _segments(line)
        if len(parts) <= len(gutters) + 1:
            continue
        for part in parts:
            if part.start > max(reach, last) + 1:
                return [*gutters, (max(reach, last + 1), part.start - 1)]
    return gutters


def _table(lines: list[str]) -> Block:
    """The table in ``lines``.

    Gutters come from the body's lines when there are enough of them: a header's centred labels would blur
    them. Header labels then go to the column under their middle."""
    groups = _row_groups(lines)
    heads = _header_groups(groups)
    body = [ln for g in groups[heads:] for ln in g]
    gutters = _gutters(lines, body if len(body) >= 3 else lines)
    gutters = _header_only_columns(gutters, [ln for g in groups[:heads] for ln in g], body)
    rows = []
    for index, group in enumerate(groups):
        columns: list[list[str]] = [[] for _ in range(len(gutters) + 1)]
        for line in group:
            if index < heads:
                for part in _segments(line):
                    middle = (part.start + part.end) / 2
                    columns[sum(1 for a, _ in gutters if middle > a)].append(part.text)
                continue
            for c, piece in enumerate(_cells(line, gutters)):
                if piece and (not columns[c] or columns[c][-1] != piece or c == 0):
                    columns[c].append(piece)
        rows.append([join_lines(parts) for parts in columns])
    return make_table(rows, header_rows=heads if heads else None)


def _notes_numbers(lines: list[str]) -> set[str]:
    numbers = set()
    for index, line in enumerate(lines):
        if re.fullmatch(r"\s*\d{1,2}\s*", line) and index + 1 < len(lines) and lines[index + 1].strip():
            numbers.add(line.strip())
    return numbers


def _clean_line(line: str, notes: set[str]) -> str:
    line = _SUPERSCRIPT_O_RE.sub(r"\1º ", line)
    if notes:
        numbers = "|".join(sorted(notes, key=len, reverse=True))
        line = re.sub(rf"(?<=[.,;:”\")])({numbers})(?=\s|$)", lambda m: NOTE_CALL.format(int(m.group(1))), line)
    return line


def read_layout(text: str, source_name: str = "") -> Document:
    """Read text copied from a PDF with its layout into blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    raw_pages = _pages(text)
    width = max((len(ln.rstrip()) for page in raw_pages for ln in page), default=80)
    page_lines: list[list[Line]] = []
    for number, page in enumerate(raw_pages, 1):
        notes = _notes_numbers(page[len(page) // 2 :])
        lines = []
        for index, raw in enumerate(page):
            line = _clean_line(raw.rstrip(), notes)
            if line.strip():
                indent = len(line) - len(line.lstrip())
                lines.append(Line(line, indent, len(line), index, index + 1, number))
        page_lines.append(lines)
    kept = drop_furniture(page_lines)
    blocks: list[Block] = []
    for number, lines in enumerate(kept, 1):
        if not lines:
            continue
        # Rebuild the page's text with furniture gone, keeping blank lines where they were.
        by_index = {int(ln.top): ln.text for ln in lines}
        last = max(by_index)
        page_text = [by_index.get(k, "") for k in range(last + 1)]
        placed: list[tuple[float, Block]] = []
        taken: set[int] = set()
        for start, end in _find_regions(page_text, width):
            placed.append((start, _table(page_text[start : end + 1])))
            taken.update(range(start, end + 1))
        rest = []
        for ln in lines:
            if int(ln.top) in taken:
                continue
            ln.text = ln.text.strip()
            ln.gap_after_label = bool(_LABEL_GAP_RE.match(page_text[int(ln.top)]))
            ln.opens_note = bool(re.fullmatch(r"\d{1,2}", ln.text)) and int(ln.top) > last // 2
            if ln.opens_note:
                ln.note, ln.text = int(ln.text), ""
            rest.append(ln)
        text_blocks, notes_blocks = lines_to_blocks(rest)
        placed.extend(text_blocks)
        placed.sort(key=lambda item: item[0])
        blocks.extend(b for _, b in placed)
        blocks.extend(notes_blocks)
        _ = number
    return finish(blocks, "layout", source_name)
