"""Where the tables are in text copied from a PDF with its layout: runs of text parted by two or more
spaces (segments), and the runs of lines that read as a table's (regions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from seed.document import is_index_line

GAP_RE = re.compile(r"\S+(?: \S+)*")
LABEL_GAP_RE = re.compile(r"^\s*(?:[IVX]{1,4}\.|\d{1,2}\.|[A-Ha-h]\)|[•▪◦●○■➢►·–\ue000-\uf8ff-])\s{2,}\S")
# A legend under a table, across its columns: "N/A: no ocupaba el cargo…", "Nota: …", "Fuente: …", "* …"
TABLE_NOTE_RE = re.compile(r"\s*(?:\*+|(?:n/a|na|nota|notas|fuente|fuentes|simbolog[ií]a|abreviaturas)\s*[:.])", re.I)
BULLET_START_RE = re.compile(r"^\s*[•▪◦●○■➢►·\ue000-\uf8ff]")  # private-use: Symbol-font bullets


@dataclass
class Segment:
    start: int
    end: int
    text: str


def segments(text: str) -> list[Segment]:
    """Runs of text separated by two or more spaces."""
    return [Segment(m.start(), m.end(), m.group(0)) for m in GAP_RE.finditer(text)]


def is_list_line(text: str, width: int) -> bool:
    """A list item's first line ("•   Texto…", "I.     Texto…" running to the margin), not a table row."""
    if BULLET_START_RE.match(text):
        return True
    parts = segments(text)
    return bool(LABEL_GAP_RE.match(text)) and len(parts) == 2 and parts[1].end >= 0.7 * width


def tableish(text: str, width: int) -> bool:
    """A line with several runs of text: a table's, unless it is a bulleted item or an index entry."""
    return len(segments(text)) >= 2 and not is_index_line(text) and not BULLET_START_RE.match(text)


def find_regions(lines: list[str], width: int, repeated: list[str] | None = None) -> list[tuple[int, int]]:
    """(first, last) line indexes of runs of lines that read as a table. A table's header repeated at the
    top of a page (``repeated``) opens a table even when a single cut row follows it."""
    headers = {squeeze(r) for r in repeated or []}
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not tableish(lines[i], width):
            i += 1
            continue
        start = end = i
        second = second_column(lines[i])
        starts = {p.start for p in segments(lines[i])}
        j = i + 1
        while j < len(lines):
            text = lines[j]
            if not text.strip():
                j += 1
                continue
            after_blank = not lines[j - 1].strip()
            if tableish(text, width) and not (after_blank and is_list_line(text, width) and all_list(lines, start, j)):
                end = j
                second = min(second, second_column(text))
                starts |= {p.start for p in segments(text)}
                j += 1
                continue
            parts = segments(text)
            single = len(parts) == 1 and ((parts[0].end - parts[0].start) < 0.6 * width or parts[0].start >= 4)
            # A line from the left edge running over the second column, before the same header again, is
            # the heading of the next table ("Tercera sesión…" over its own "Clave | Descripción").
            crossing = single and parts[0].start < second - 2 and parts[0].end > second + 1
            following = next((k for k in range(j + 1, len(lines)) if lines[k].strip()), None)
            anew = following is not None and squeeze(lines[following]) == squeeze(lines[start])
            if crossing and (anew or text.rstrip().endswith(":")):
                break
            if single and TABLE_NOTE_RE.match(text) and parts[0].start <= min(starts) + 1:
                break
            if not single or is_list_line(text, width) or is_index_line(text):
                break
            if after_blank and not (rows_follow(lines, j, width) or aligned_row(lines, j, starts)):
                break
            end = j
            j += 1
        multi = [k for k in range(start, end + 1) if tableish(lines[k], width)]
        goes_on = len(multi) == 1 and squeeze(lines[multi[0]]) in headers
        if (len(multi) >= 2 or goes_on) and not all_list(lines, start, end + 1):
            while start > 0 and header_above(lines[start - 1], width):
                start -= 1
            regions.append((start, end))
        i = end + 1
    return regions


def rows_follow(lines: list[str], j: int, width: int) -> bool:
    """Whether a table's rows go on right after the single line ``j`` that follows a blank: one of the next
    lines has several runs of text (a cell centred in its row opens with lines of its own)."""
    ahead = [ln for ln in lines[j + 1 : j + 8] if ln.strip()][:4]
    for text in ahead:
        if tableish(text, width):
            return True
        parts = segments(text)
        if len(parts) != 1 or is_list_line(text, width) or (parts[0].end - parts[0].start) >= 0.6 * width:
            return False
    return False


def aligned_row(lines: list[str], j: int, starts: set[int]) -> bool:
    """Whether the lines from ``j`` to the next blank are one row whose cells, centred in it, share few lines:
    each run of text starts where one of the table's columns does, and they start in two columns or more."""
    block = []
    for text in lines[j:]:
        if not text.strip():
            break
        block.append(text)
    if len(block) < 2:
        return False
    found = {part.start for text in block for part in segments(text)}
    return len(found) >= 2 and all(any(abs(s - t) <= 1 for t in starts) for s in found)


def second_column(line: str) -> int:
    """Where a table line's second run of text starts."""
    parts = segments(line)
    return parts[1].start if len(parts) > 1 else 10**6


def all_list(lines: list[str], start: int, stop: int) -> bool:
    """Whether every line with several runs of text in ``lines[start:stop]`` is a list label and its text."""
    multi = [lines[k] for k in range(start, stop) if len(segments(lines[k])) >= 2]
    return all(LABEL_GAP_RE.match(ln) and len(segments(ln)) == 2 for ln in multi)


def header_above(text: str, width: int) -> bool:
    """A header line over a table's first row ("Fecha de" over "suscripción"): short, set in from the margin."""
    parts = segments(text)
    return (
        bool(parts)
        and not BULLET_START_RE.match(text)
        and not is_list_line(text, width)
        and not re.match(r"\s*(?:tabla|cuadro)\b", text, re.IGNORECASE)
        and (len(parts) >= 2 or (parts[0].start >= 4 and parts[0].end - parts[0].start < 0.5 * width))
    )


def squeeze(line: str) -> str:
    return re.sub(r"\s+", "", line)
